"""Academic titles belong in their own fields: typed into the name they are pointed out (roster preview, employee
form), and a name whose last title ends with a full stop closes a sentence with one full stop, not "S.E..". """

from datetime import date

import pytest
from sqlalchemy import select

from lms.people.models import Employee
from lms.people.names import ending_sentence, titles_in_name
from tests.helpers import PASSWORD, make_nip, page_text
from tests.roster_helpers import org, preview, row  # noqa: F401 (org is a fixture)


@pytest.mark.parametrize(("name", "titles"), [
    ("Dr. Budi Santoso, S.E., M.Si.", ["Dr.", "S.E.", "M.Si."]), ("Hj. Siti Aminah", ["Hj."]),
    ("Ir. H. Ahmad Lubis", ["Ir.", "H."]), ("Prof.Dr. Ani, Ph.D.", ["Prof.", "Dr.", "Ph.D."]),
    ("Budi Santoso, SE", ["SE"]), ("Rina S.Pd.I", ["S.Pd.I"]),
    ("Budi Santoso", []), ("M. Yusuf Harahap", []), ("Budi S. Santoso", []), ("Muhammad Al-Fatih", []),
])
def test_titles_typed_into_a_name_are_found(name, titles):
    assert titles_in_name(name) == titles


def test_a_name_ending_a_sentence_keeps_one_full_stop():
    assert f"Selamat datang, {ending_sentence('Budi Santoso, S.E.')}." == "Selamat datang, Budi Santoso, S.E."
    assert ending_sentence("Budi Santoso") == "Budi Santoso"


def test_the_welcome_after_log_in_has_no_double_full_stop(client, make_user, make_employee):
    user = make_user("employee", employee=make_employee("Budi Santoso", back_title="S.E., M.Si."))
    response = client.post("/masuk", data={"identifier": user.employee.nip, "password": PASSWORD},
                           follow_redirects=True)
    text = page_text(response)
    assert "Selamat datang, Budi Santoso, S.E., M.Si." in text and "M.Si.." not in text


def test_the_roster_preview_warns_of_titles_in_the_name_without_refusing_the_row(db, org):  # noqa: F811
    result = preview([row(name="Dr. Budi Santoso, S.E., M.Si.", back_title="")])
    first = result.rows[0]
    assert first.outcome == "new" and not first.reasons
    assert first.warnings == ["Nama memuat gelar (Dr., S.E., M.Si.): isi gelar di kolom Gelar Depan dan Gelar "
                              "Belakang."]
    assert first.detail == first.warnings[0]  # in the report and on the command line too


def test_the_employee_form_saves_a_titled_name_and_warns(client, login, db, make_user, make_position):
    login(make_user("employee", "hr"))
    position = make_position()
    response = client.post("/pegawai/baru", follow_redirects=True, data={
        "employment_type": "pns", "nip": make_nip(date(1991, 2, 3), (2016, 4), 2, 7), "front_title": "",
        "name": "Dr. Rina Siregar, S.Kom.", "back_title": "", "rank_code": "III/a", "unit_id": position.unit_id,
        "position_id": position.id, "supervisor_nip": "", "email": "", "is_active": "y"})
    assert "Nama memuat gelar (Dr., S.Kom.): pindahkan ke Gelar depan dan Gelar belakang" in page_text(response)
    assert db.session.scalar(select(Employee.name).where(Employee.position_id == position.id)) == \
        "Dr. Rina Siregar, S.Kom."
