"""The English URLs of before: bookmarked pages answer with a permanent redirect, forms posted to them are refused."""

import re

import pytest
from sqlalchemy import func, select

from kompeten.old_urls import OLD_URLS
from lms.people.models import Employee
from lms.redirects import ENDPOINT_PREFIX
from tests.helpers import PASSWORD, page_text

PATH_VARIABLE = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def _old_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith(ENDPOINT_PREFIX)]


def test_every_old_url_is_registered_for_get_only(app):
    rules = {rule.rule: rule for rule in _old_rules(app)}
    assert sorted(rules) == sorted(OLD_URLS)
    assert {method for rule in rules.values() for method in rule.methods} == {"GET", "HEAD", "OPTIONS"}


def test_every_old_url_moves_permanently_to_its_page_under_the_new_url(app, client):
    adapter = app.url_map.bind("localhost")
    for rule in _old_rules(app):
        values = {name: 7 if converter == "int" else options.split(",")[-1].strip()
                  for converter, options, name in PATH_VARIABLE.findall(rule.rule)}
        old_url = adapter.build(rule.endpoint, values)
        new_url = adapter.build(OLD_URLS[rule.rule], values)
        response = client.get(old_url)
        assert (response.status_code, response.headers["Location"]) == (301, new_url), old_url
        assert adapter.match(new_url)[0] == OLD_URLS[rule.rule], new_url


@pytest.mark.parametrize(("old", "new"), [
    ("/employees", "/pegawai"),
    ("/team", "/tim-saya"),
    ("/admin/users/new", "/admin/pengguna/baru"),
    ("/positions/12/requirements", "/jabatan/12/standar-kompetensi"),
    ("/competencies/3", "/kompetensi/3"),
    ("/frameworks/5?q=arsip", "/kamus-kompetensi/5?q=arsip"),
    ("/employees?q=sembiring&type=pns&page=2", "/pegawai?q=sembiring&type=pns&page=2"),
    ("/requirements/export.xlsx?unit=4&kind=jpt", "/standar-kompetensi/ekspor.xlsx?unit=4&kind=jpt"),
    ("/roster/template.csv", "/impor-pegawai/templat.csv"),
    ("/frameworks/import-moodle", "/kamus-kompetensi/impor-moodle"),
    ("/login?next=%2Femployees%3Fq%3Dnasution", "/masuk?next=%2Femployees%3Fq%3Dnasution"),
])
def test_a_bookmark_lands_on_the_new_url_with_its_id_and_query(client, old, new):
    response = client.get(old)
    assert (response.status_code, response.headers["Location"]) == (301, new)
    assert client.head(old).status_code == 301


def test_a_bookmarked_page_opens_after_the_redirect(client, make_user, login):
    hr = make_user("employee", "hr")
    login(hr)
    response = client.get(f"/employees/{hr.employee_id}", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == f"/pegawai/{hr.employee_id}"
    assert hr.employee.name in page_text(response)


def test_an_anonymous_bookmark_goes_through_the_login_page_and_back(client, make_user):
    user = make_user("employee", "hr")
    moved = client.get("/employees?q=budi")
    assert moved.headers["Location"] == "/pegawai?q=budi"
    to_login = client.get(moved.headers["Location"])
    assert to_login.status_code == 302 and to_login.headers["Location"].startswith("/masuk?next=")
    login_page = client.get(to_login.headers["Location"])
    assert login_page.status_code == 200
    signed_in = client.post(to_login.headers["Location"], data={"identifier": user.login_name, "password": PASSWORD})
    assert signed_in.headers["Location"] == "/pegawai?q=budi"
    assert client.get(signed_in.headers["Location"]).status_code == 200


def test_a_login_bookmark_with_its_next_page_still_signs_in_and_returns(client, make_user):
    user = make_user()
    login_page = client.get("/login?next=/team", follow_redirects=True)
    assert login_page.status_code == 200 and login_page.request.path == "/masuk"
    response = client.post("/masuk?next=/team", data={"identifier": user.login_name, "password": PASSWORD})
    assert response.headers["Location"] == "/team"
    assert client.get("/team").headers["Location"] == "/tim-saya"


def test_a_form_posted_to_an_old_url_is_refused_and_changes_nothing(client, db, make_user, make_position, login):
    user = make_user("employee", "hr")
    refused = client.post("/login", data={"identifier": user.login_name, "password": PASSWORD})
    assert refused.status_code == 405
    assert client.get("/").headers["Location"].startswith("/masuk")  # not signed in
    login(user)
    before = db.session.scalar(select(func.count(Employee.id)))
    position = make_position()
    assert client.post("/employees/new", data={"name": "Siti Aminah", "position": position.id}).status_code == 405
    assert client.post(f"/positions/{position.id}/requirements", data={}).status_code == 405
    assert client.post(f"/employees/{user.employee_id}/delete").status_code == 404  # an action: not kept
    assert client.post("/logout").status_code == 404
    assert db.session.scalar(select(func.count(Employee.id))) == before
    assert client.get("/").status_code == 200  # still signed in
