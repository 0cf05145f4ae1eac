"""The public verification pages limit how often one client address may ask (LMS_VERIFY_RATE_*), so that nobody
can run through verification codes; everyone else is unaffected."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from courses.certificates.services import issue_certificates
from kompeten.app import create_app
from lms.auth.models import LoginThrottle
from tests.helpers import page_text


@pytest.fixture
def code(db, make_user, make_employee, make_workshop, make_enrolment):
    enrolment = make_enrolment(make_workshop(status="completed"), make_employee("Rina Lubis"), status="completed")
    issued = issue_certificates(make_user("trainer"), [enrolment], date.today() - timedelta(days=1))[0]
    db.session.commit()
    return issued.verification_code


@pytest.fixture
def limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_RATE_REQUESTS", 5)
    monkeypatch.setitem(app.config, "VERIFY_RATE_WINDOW_SECONDS", 60)
    return 5


def _get(client, url, address="10.20.30.40", **kwargs):
    return client.get(url, environ_base={"REMOTE_ADDR": address}, **kwargs)


def _time_passes(db, seconds: int) -> None:
    """As if the counted requests (and any wait) were that many seconds earlier."""
    for row in db.session.scalars(select(LoginThrottle)):
        row.first_failure_at -= timedelta(seconds=seconds)
        row.last_failure_at -= timedelta(seconds=seconds)
        if row.locked_until is not None:
            row.locked_until -= timedelta(seconds=seconds)
    db.session.commit()


def test_past_the_limit_an_address_gets_429_in_indonesian_with_when_to_retry(client, code, limit):
    for _ in range(limit):
        assert _get(client, f"/verifikasi/{code}").status_code == 200
    refused = _get(client, f"/verifikasi/{code}")
    assert refused.status_code == 429
    seconds = int(refused.headers["Retry-After"])
    assert 1 <= seconds <= 60
    text = page_text(refused)
    assert "Terlalu banyak pemeriksaan sertifikat dari alamat Anda" in text
    assert f"Coba lagi dalam {seconds} detik" in text or f"Coba lagi dalam {seconds - 1} detik" in text
    assert "Rina Lubis" not in text  # the refusal shows nothing of the certificate
    assert refused.headers["Cache-Control"] == "no-store"


def test_wrong_codes_count_like_right_ones_and_the_form_shares_the_limit(client, code, limit):
    """Guessing answers 404; those requests count, or the limit would not stop anyone guessing."""
    for attempt in range(limit - 1):
        assert _get(client, f"/verifikasi/ZZZZZZZZZZ{attempt:02d}").status_code == 404
    assert _get(client, "/verifikasi", query_string={"kode": code}).status_code == 302
    assert _get(client, "/verifikasi").status_code == 429
    assert _get(client, f"/verifikasi/{code}").status_code == 429


def test_other_addresses_are_not_affected(client, code, limit):
    for _ in range(limit + 1):
        _get(client, f"/verifikasi/{code}")
    assert _get(client, f"/verifikasi/{code}").status_code == 429
    assert _get(client, f"/verifikasi/{code}", address="10.20.30.41").status_code == 200


def test_the_address_may_ask_again_once_its_window_has_ended(db, client, code, limit):
    for _ in range(limit):
        _get(client, f"/verifikasi/{code}")
    assert _get(client, f"/verifikasi/{code}").status_code == 429
    _time_passes(db, 61)
    for _ in range(limit):
        assert _get(client, f"/verifikasi/{code}").status_code == 200
    assert _get(client, f"/verifikasi/{code}").status_code == 429


def test_a_steady_rate_under_the_limit_is_never_refused(db, client, code, limit):
    """The window starts with its first request, not the last: an address asking steadily, a little less often
    than the limit allows, is never refused, however long it goes on."""
    for _window in range(3):
        for _ in range(limit):
            assert _get(client, f"/verifikasi/{code}").status_code == 200
            _time_passes(db, 13)  # one every 13 seconds: fewer than 5 a minute


def test_old_windows_of_other_addresses_are_cleared_and_no_code_is_stored(db, client, code, limit):
    _get(client, f"/verifikasi/{code}", address="10.0.0.1")
    _time_passes(db, 300)
    _get(client, f"/verifikasi/{code}", address="10.0.0.2")
    keys = db.session.scalars(select(LoginThrottle.key)).all()
    assert keys == ["verify:10.0.0.2"]


def test_behind_a_proxy_the_limit_is_per_client_address(app, db, code, limit):
    proxied = create_app({**{key: app.config[key] for key in ("TESTING", "SECRET_KEY", "WTF_CSRF_ENABLED")},
                          "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "PROXY_COUNT": 1,
                          "VERIFY_RATE_REQUESTS": 2})
    try:
        through_proxy = proxied.test_client()
        for _ in range(2):
            assert through_proxy.get(f"/verifikasi/{code}", headers={"X-Forwarded-For": "10.9.9.9"}).status_code == 200
        assert through_proxy.get(f"/verifikasi/{code}", headers={"X-Forwarded-For": "10.9.9.9"}).status_code == 429
        # Another client behind the same proxy (the same REMOTE_ADDR) is not refused.
        assert through_proxy.get(f"/verifikasi/{code}", headers={"X-Forwarded-For": "10.9.9.8"}).status_code == 200
    finally:
        with proxied.app_context():
            db.engine.dispose()


def test_the_default_limit_is_thirty_a_minute(app):
    assert app.config["VERIFY_RATE_REQUESTS"] == 30 and app.config["VERIFY_RATE_WINDOW_SECONDS"] == 60
