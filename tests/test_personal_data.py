"""Personal data stays out of log records and out of the addresses the product makes.

The main flows (a failed log-in and its throttling, a roster import, enrolment and nomination, closing a class,
an objection and its decision) run with every logger recording at INFO, the database engine's statement log
included, and no record may carry an employee's NIP or birth date: services log ids. Then every page of the
access matrix's world is opened by each role, and no link, form action, script address or redirect it makes may
carry a NIP, a birth date or an e-mail address.
"""

import logging
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from competencies.appraisals.models import Objection
from courses.models import Attendance, Enrolment
from lms.people.models import Employee
from tests import appraisal_hr_helpers, roster_helpers
from tests import test_access_matrix as access_matrix
from tests.appraisal_steps import appraisal_of
from tests.roster_helpers import a_team, csv_bytes, row
from tests.test_appraisal_objection_views import finalised
from tests.test_roster_web import _confirm, _fingerprint, _upload

org = roster_helpers.org  # the fixtures, found by pytest in this module
appraisal_world = appraisal_hr_helpers.world
world = access_matrix.world

UNKNOWN_NIP = "199001012015031009"  # typed at the log-in, nobody's


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO)  # every logger
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # and the statements, were anyone to log them
    return caplog


def _personal_data(db, *extra_nips: str) -> set[str]:
    """Every employee's NIP and ``extra_nips``, and the birth dates they begin with (as ISO dates and as written
    in Indonesia)."""
    nips = set(db.session.scalars(select(Employee.nip))) | set(extra_nips)
    births = set()
    for nip in nips:
        try:
            births.add(date(int(nip[:4]), int(nip[4:6]), int(nip[6:8])))
        except ValueError:
            continue  # a refused NIP with an impossible date
    return nips | {f"{born:{layout}}" for born in births for layout in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")}


def _leaks(records, secrets: set[str]) -> list[str]:
    assert len(secrets) > 2  # the check has something to look for
    leaks = []
    for record in records:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        leaks += [f"{record.name}: {record.getMessage()[:200]}" for secret in secrets if secret in text]
    return leaks


def test_failed_log_ins_and_their_throttling_log_ids_and_addresses(app, db, client, logs, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_SLOWDOWN_AFTER", 2)
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_SLOWDOWN_AFTER", 4)
    user = make_user("employee")
    for identifier in [user.employee.nip] * 3 + [UNKNOWN_NIP] * 3:
        assert client.post("/masuk", data={"identifier": identifier, "password": "bukan-sandinya"}).status_code < 500
    messages = [record.getMessage() for record in logs.records]
    assert any(f"user {user.id}" in message and "slowed down" in message for message in messages), messages
    assert any("(any account) slowed down" in message for message in messages)
    assert _leaks(logs.records, _personal_data(db, UNKNOWN_NIP)) == []


def test_a_roster_import_logs_no_nip(db, org, client, login, make_user, logs):
    login(make_user("hr", with_employee=False, email="sdm@medan.go.id"))
    rows = [*a_team(), row(nip="199013452015031001", name="Tanggal Salah")]  # a row refused for its NIP
    token = _upload(client, csv_bytes(rows)).headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/impor/pegawai/{token}")
    job = _confirm(db, client, token, fingerprint=_fingerprint(page), valid_only="y")
    assert job.status == "done", job.error
    assert len(db.session.scalars(select(Employee)).all()) == 3
    assert any(record.getMessage().startswith("roster pegawai.csv imported by user") for record in logs.records)
    assert _leaks(logs.records, _personal_data(db, "199013452015031001")) == []


def test_enrolment_nomination_and_closing_log_no_nip(db, client, login, logs, make_user, make_employee,
                                                     make_course, make_workshop):
    trainer = make_user("trainer", with_employee=False, email="widyaiswara@medan.go.id")
    participant = make_user("employee")
    nominee = make_employee("Calon Peserta")
    workshop = make_workshop(make_course(title="Pelayanan Prima"), trainers=[trainer], status="open",
                             first_day=date.today() + timedelta(days=3), enrol_opens_on=date.today(),
                             enrol_closes_on=date.today() + timedelta(days=2))
    login(participant)
    assert client.post(f"/katalog/kelas/{workshop.id}/daftar").status_code == 302
    client.post("/keluar")
    login(make_user("hr", with_employee=False, email="sdm@medan.go.id"))
    response = client.post(f"/diklat/kelas/{workshop.id}/usulkan-peserta", data={"nips": nominee.nip})
    assert "1 dari 1 pegawai diusulkan" in response.get_data(as_text=True)

    first_day = date.today() - timedelta(days=1)
    workshop.status, workshop.starts_on, workshop.ends_on = "running", first_day, first_day
    workshop.sessions[0].session_date = first_day
    for enrolment in db.session.scalars(select(Enrolment)):
        db.session.add(Attendance(session_id=workshop.sessions[0].id, enrolment_id=enrolment.id, status="present"))
    db.session.commit()
    client.post("/keluar")
    login(trainer)
    response = client.post(f"/pengajar/kelas/{workshop.id}/penutupan", follow_redirects=True)
    assert "Kelas ditutup: 2 dari 2 peserta lulus" in response.get_data(as_text=True)
    messages = " | ".join(record.getMessage() for record in logs.records)
    assert "enrolment" in messages and "closed: 2 of 2 completed" in messages
    assert _leaks(logs.records, _personal_data(db)) == []


def test_an_objection_and_its_decision_log_no_nip(db, client, login, logs, appraisal_world, open_cycle, make_user):
    cycle = finalised(db, appraisal_world, open_cycle)
    employee = appraisal_world.staff[0]
    login(make_user("employee", employee=employee))
    appraisal = appraisal_of(db, cycle, employee)
    response = client.post(f"/penilaian/hasil/{appraisal.id}/keberatan",
                           data={"reason": "Capaian triwulan IV tidak dihitung."})
    assert response.status_code == 302
    client.post("/keluar")
    login(make_user("hr", with_employee=False, email="sdm@medan.go.id"))
    objection_page = f"/penilaian/keberatan/{db.session.scalars(select(Objection.id)).one()}"
    response = client.post(objection_page, data={"decision": "rejected", "resolution": "Tidak ada bukti baru."})
    assert response.status_code == 302
    assert any(record.getMessage().startswith("objection") for record in logs.records)
    assert _leaks(logs.records, _personal_data(db)) == []


# --- addresses -------------------------------------------------------------------------------------------------

ADDRESS = re.compile(r"""(?:href|src|action|data-[a-z-]+)\s*=\s*["']([^"']*)["']""")


def test_no_route_takes_personal_data_in_its_address(app):
    named = sorted(f"{rule.endpoint}: {name}" for rule in app.url_map.iter_rules() for name in rule.arguments
                   if re.fullmatch(r"(\w+_)?(nip|birth\w*|lahir|e?mail|name|nama)", name))
    assert named == []


@pytest.mark.parametrize("role", [role for role in access_matrix.ROLES if role != "anonymous"])
def test_no_address_the_product_makes_carries_personal_data(app, db, client, login, world, role):
    emails = {email for (email,) in db.session.execute(select(Employee.email).where(Employee.email.is_not(None)))}
    secrets = _personal_data(db) | emails | {world.users["admin"].email}
    login(world.users[role])
    addresses = {}
    for route in access_matrix._routes(app):
        if route.method != "GET":
            continue
        url = access_matrix._url(app, route, world)
        response = client.get(url)
        found = ADDRESS.findall(response.get_data(as_text=True)) if response.mimetype == "text/html" else []
        found += [response.headers["Location"]] if "Location" in response.headers else []
        addresses.update({address: url for address in found if not address.startswith("mailto:")})
    assert len(addresses) > 30
    assert sorted(f"{page} -> {address}" for address, page in addresses.items()
                  if any(secret in address for secret in secrets)) == []
