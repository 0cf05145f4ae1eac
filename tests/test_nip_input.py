"""A NIP typed as printed on ID cards and decrees ("19850317 201001 1 002", or with dots or dashes) is the same
NIP everywhere one is typed: log-in, search boxes, the employee and account forms, nominations."""

from datetime import date

import pytest
from sqlalchemy import select

from lms.auth import services as auth_services
from lms.people.models import Employee
from lms.people.nip import compact_nip
from tests.helpers import PASSWORD, make_nip, page_text


def printed(nip: str, separator: str = " ") -> str:
    """The NIP as an ID card prints it: birth date, TMT, gender, sequence."""
    return separator.join((nip[:8], nip[8:14], nip[14], nip[15:]))


@pytest.mark.parametrize(("typed", "expected"), [
    ("19850317 201001 1 002", "198503172010011002"), (" 19850317.201001.1.002 ", "198503172010011002"),
    ("19850317-201001-1-002", "198503172010011002"), ("1985 0317", "19850317"),
    ("budi@medan.go.id ", "budi@medan.go.id"), ("Budi - Santoso", "Budi - Santoso"), ("", ""),
    ("١٩٨٥", "١٩٨٥"),  # Arabic-Indic digits are not a NIP
])
def test_compact_nip(typed, expected):
    assert compact_nip(typed) == expected


@pytest.mark.parametrize("separator", [" ", ".", "-", "  "])
def test_login_accepts_a_nip_typed_as_printed(client, make_user, separator):
    user = make_user("employee")
    response = client.post("/masuk", data={"identifier": printed(user.employee.nip, separator), "password": PASSWORD})
    assert response.status_code == 302
    assert "Selamat datang" in page_text(client.get("/", follow_redirects=True))


def test_an_unknown_printed_nip_gets_the_same_answer_as_any_unknown_login(client, make_user):
    user = make_user("employee")
    unknown = printed(make_nip(date(1970, 1, 1), (1995, 1), 1, 999))
    answers = [client.post("/masuk", data={"identifier": identifier, "password": "salah-sekali-1"})
               for identifier in (unknown, "nobody@medan.go.id", printed(user.employee.nip))]
    assert {response.status_code for response in answers} == {401}
    assert all(page_text(response).count("NIP/e-mail atau kata sandi salah") == 1 for response in answers)
    # the failures of one unknown NIP count together however it is typed
    assert auth_services._account_part(None, unknown, "k") == auth_services._account_part(
        None, unknown.replace(" ", ""), "k")


def test_search_boxes_find_an_employee_by_a_printed_nip(client, login, make_user, make_employee):
    login(make_user("hr", "admin"))
    wanted, other = make_employee(name="Rina Siregar"), make_employee(name="Joko Tingkir")
    wanted_user = make_user("employee", employee=wanted)
    for url in ("/pegawai?q=", "/admin/pengguna?q="):
        text = page_text(client.get(url + printed(wanted.nip, ".")))
        assert "Rina Siregar" in text and "Joko Tingkir" not in text, url
    assert wanted_user.employee_id == wanted.id and other.id != wanted.id


def test_the_employee_form_stores_a_printed_nip_as_its_digits(client, login, db, make_user, make_position):
    login(make_user("employee", "hr"))
    nip = make_nip(date(1991, 2, 3), (2016, 4), 2, 7)
    position = make_position()
    response = client.post("/pegawai/baru", data={
        "employment_type": "pns", "nip": printed(nip), "front_title": "", "name": "Rina Siregar", "back_title": "",
        "rank_code": "III/a", "unit_id": position.unit_id, "position_id": position.id, "supervisor_nip": "",
        "email": "", "is_active": "y"})
    assert response.status_code == 302, page_text(response)
    assert db.session.scalar(select(Employee.nip).where(Employee.name == "Rina Siregar")) == nip


def test_hr_nominates_printed_nips_one_per_line(client, login, make_user, make_workshop, make_employee):
    login(make_user("hr"))
    workshop = make_workshop(capacity=5)
    first, second, third = (make_employee(name=name) for name in ("Ani", "Budi", "Cici"))
    text = page_text(client.post(f"/diklat/kelas/{workshop.id}/usulkan-peserta", data={
        "nips": f"{printed(first.nip)}\n{printed(second.nip, '.')}, {third.nip} {first.nip}"}))
    assert "3 dari 3 pegawai diusulkan." in text
