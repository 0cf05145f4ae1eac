"""The request's transaction boundary (lms.transaction): a view's writes are kept only when it succeeds."""

import pytest
from flask import redirect
from sqlalchemy import func, select

from kompeten.app import create_app
from lms.domain import DomainError
from lms.extensions import db
from lms.people import services as people
from lms.people.models import OrgUnit
from lms.transaction import transactional
from tests.helpers import page_text


def _write_then(outcome: str):
    """A view that creates a unit (through the service, as every view writes), then ends as ``outcome`` says."""
    people.create_unit(None, code="UJI-1", name="Unit uji", kind="opd", parent=None)
    if outcome == "refused":
        raise DomainError("Ditolak oleh aturan.")
    if outcome == "crash":
        raise RuntimeError("a bug")
    if outcome == "conflict":  # a second unit with the same code, only sent to the database at commit
        db.session.add(OrgUnit(code="UJI-1", name="Unit kembar", kind="opd", path=""))
    if outcome == "invalid":
        return "formulir dengan kesalahan", 422
    return redirect("/")


@pytest.fixture
def client_with_view(_test_config):
    app = create_app(_test_config)
    app.add_url_rule("/uji/<outcome>", "uji", transactional(_write_then), methods=["POST"])
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


def _units() -> int:
    db.session.rollback()  # see what other sessions committed
    return db.session.scalar(select(func.count()).select_from(OrgUnit))


def test_a_successful_view_is_committed(client_with_view):
    assert client_with_view.post("/uji/ok").status_code == 302
    assert _units() == 1


def test_a_form_shown_again_with_errors_keeps_nothing(client_with_view):
    assert client_with_view.post("/uji/invalid").status_code == 422
    assert _units() == 0


def test_a_refusal_keeps_nothing_and_says_why(client_with_view):
    response = client_with_view.post("/uji/refused", headers={"Referer": "http://localhost/katalog"})
    assert (response.status_code, response.location) == (302, "/katalog")
    assert _units() == 0
    assert "Ditolak oleh aturan." in page_text(client_with_view.get("/masuk"))


def test_a_crash_keeps_nothing(client_with_view):
    with pytest.raises(RuntimeError):  # the test app propagates it; a server answers 500
        client_with_view.post("/uji/crash")
    assert _units() == 0


def test_a_write_that_collides_at_commit_keeps_nothing_and_asks_to_look_again(client_with_view):
    response = client_with_view.post("/uji/conflict", headers={"Referer": "http://localhost/unit?q=a"})
    assert (response.status_code, response.location) == (302, "/unit?q=a")
    assert _units() == 0
    assert "diubah orang lain pada saat yang sama" in page_text(client_with_view.get("/masuk"))


def test_after_a_collision_the_page_goes_back_only_within_the_site(client_with_view):
    response = client_with_view.post("/uji/conflict", headers={"Referer": "http://evil.example/unit"})
    assert (response.status_code, response.location) == (302, "/")


def test_every_view_of_the_app_runs_inside_the_boundary(app):
    unwrapped = [endpoint for endpoint, view in app.view_functions.items()
                 if endpoint != "static" and not getattr(view, "in_transaction", False)]
    assert unwrapped == []
