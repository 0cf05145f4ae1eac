"""Sessions and where log-in sends you: redirects stay on this site, a log-in starts a new session, a log-out
or a password change (own or reset) ends the old ones, the temporary password never travels in a cookie, and
passwords that everyone guesses are refused."""

import logging
import re

import pytest
from sqlalchemy import select

from lms.auth import services as auth_services
from lms.auth.models import User
from lms.auth.targets import local_referrer, local_target
from lms.domain import DomainError
from tests.helpers import PASSWORD, page_text

HOSTILE_TARGETS = [
    "%2F%09%2Fevil.example",          # "/\t/evil.example": browsers drop the tab
    "/%0A/evil.example",
    "%2F%0D%2Fevil.example",
    "//evil.example/x",
    "/%2Fevil.example",               # "//evil.example" once decoded
    "/%5Cevil.example",               # "/\\evil.example"
    "%5C%5Cevil.example",
    "https://evil.example/",
    "https:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/%00/x",
]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_log_in_never_sends_you_to_another_site(client, make_user, target):
    user = make_user()
    response = client.post(f"/masuk?next={target}", data={"identifier": user.employee.nip, "password": PASSWORD})
    # Some never reach the view: addresses with control characters are refused as such (lms.input_rules).
    assert response.status_code in (302, 400)
    assert response.headers.get("Location", "/") == "/"


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_the_language_switch_never_sends_you_to_another_site(client, target):
    from urllib.parse import unquote

    response = client.post("/bahasa", data={"language": "en", "next": unquote(target)})
    assert response.status_code in (302, 400)  # a NUL in a form is refused as such (lms.input_rules)
    assert response.headers.get("Location", "/") == "/"
    response = client.post("/bahasa", data={"language": "id"}, headers={"Referer": "https://evil.example/x"})
    assert response.headers["Location"] == "/"


def test_local_pages_are_still_where_you_go_back_to(client, make_user):
    user = make_user()
    data = {"identifier": user.employee.nip, "password": PASSWORD}
    assert client.post("/masuk?next=/katalog%3Fq%3Dliterasi", data=data).headers["Location"] == "/katalog?q=literasi"
    assert client.post("/bahasa", data={"language": "en", "next": "/katalog?q=a b"}).headers["Location"] == \
        "/katalog?q=a%20b"
    response = client.post("/bahasa", data={"language": "id"}, headers={"Referer": "http://localhost/katalog?x=1"})
    assert response.headers["Location"] == "/katalog?x=1"


def test_local_target_and_referrer(app):
    assert local_target("/pegawai/3?tab=riwayat") == "/pegawai/3?tab=riwayat"
    assert local_target("/%E2%9C%93") == "/%E2%9C%93"
    assert local_target("/\u0085/x") is None  # a C1 control character
    assert local_target("") is None and local_target(None) is None
    with app.test_request_context("/", headers={"Referer": "http://localhost/tim-saya"}):
        assert local_referrer() == "/tim-saya"
    with app.test_request_context("/", headers={"Referer": "http://evil.example/tim-saya"}):
        assert local_referrer() is None
    with app.test_request_context("/", headers={"Referer": "http://localhost//evil.example"}):
        assert local_referrer() is None


# --- sessions ------------------------------------------------------------------------------------------------

def test_log_in_starts_a_new_session_with_a_new_csrf_token(client, make_user):
    user = make_user()
    client.get("/masuk")
    with client.session_transaction() as session:
        before = session["csrf_token"]
        session["planted"] = "by someone else"
        session["language"] = "en"
    client.post("/masuk", data={"identifier": user.employee.nip, "password": PASSWORD})
    with client.session_transaction() as session:
        assert session.get("csrf_token") != before
        assert "planted" not in session
        assert session["language"] == "en"  # the visitor's choice stays
        assert session["_user_id"] == f"{user.id}:{user.session_version}"
    client.get("/")
    with client.session_transaction() as session:
        assert session["csrf_token"] != before


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_session_cookie_saved_before_log_out_opens_nothing_after_it(app, client, make_user, login):
    login(make_user())
    saved = _session_cookie(client)
    assert client.get("/").status_code == 200
    client.post("/keluar")
    replay = app.test_client()
    replay.set_cookie("session", saved)
    response = replay.get("/")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_a_password_reset_by_the_admin_ends_the_users_sessions(app, client, make_user, login):
    user = make_user()
    device = app.test_client()
    device.post("/masuk", data={"identifier": user.employee.nip, "password": PASSWORD})
    assert device.get("/").status_code == 200
    login(make_user("admin"))
    client.post(f"/admin/pengguna/{user.id}/atur-ulang-kata-sandi")
    assert device.get("/").status_code == 302


def test_the_temporary_password_is_shown_once_and_never_put_in_the_cookie(app, client, make_user, login, db):
    user = make_user()
    login(make_user("admin"))
    response = client.post(f"/admin/pengguna/{user.id}/atur-ulang-kata-sandi")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    temporary = re.search(r'id="temporary-password">([^<]+)<', response.get_data(as_text=True)).group(1)
    db.session.expire_all()
    assert auth_services.check_password_hash(db.session.get(User, user.id).password_hash, temporary)
    serializer = app.session_interface.get_signing_serializer(app)
    for cookie in response.headers.getlist("Set-Cookie"):
        value = cookie.split(";", 1)[0].split("=", 1)[1]
        if cookie.startswith("session=") and value:
            assert temporary not in str(serializer.loads(value))
    assert temporary not in str(serializer.loads(_session_cookie(client)))
    assert temporary not in client.get(f"/admin/pengguna/{user.id}").get_data(as_text=True)
    # The user logs in with it and must change it first.
    other = app.test_client()
    other.post("/masuk", data={"identifier": user.employee.nip, "password": temporary})
    assert other.get("/").headers["Location"].endswith("/akun/kata-sandi")


def test_log_lines_of_accounts_name_user_ids_not_nips(client, make_user, login, caplog):
    user = make_user()
    login(make_user("admin"))
    with caplog.at_level(logging.INFO, logger="lms.auth"):
        client.post(f"/admin/pengguna/{user.id}/atur-ulang-kata-sandi")
    assert f"user {user.id}" in caplog.text
    assert user.employee.nip not in caplog.text
    assert repr(user) == f"<User {user.id}>"


# --- password rules ------------------------------------------------------------------------------------------

def test_the_common_password_list_is_shipped():
    common = auth_services.common_passwords()
    assert len(common) == 20000
    assert {"123456", "password", "bismillah", "qwertyuiop", "sayang"} <= common


@pytest.mark.parametrize(
    "password",
    ["qwertyuiop1", "password123", "Password2024!", "Bismillah123", "iloveyou2025", "1234567890a", "!!sayang1234"],
)
def test_common_passwords_are_refused(password):
    with pytest.raises(DomainError, match="paling umum"):
        auth_services.check_password_rules(password)


def test_a_password_may_not_hold_the_nip_or_the_email_name():
    with pytest.raises(DomainError, match="NIP"):
        auth_services.check_password_rules("x199005172015031001", nip="199005172015031001")
    with pytest.raises(DomainError, match="e-mail"):
        auth_services.check_password_rules("Budisantoso-77", email="budisantoso@medan.go.id")
    auth_services.check_password_rules("kopi-tubruk-pagi-7", nip="199005172015031001", email="budi@medan.go.id")


def test_changing_to_a_common_password_is_refused_on_the_page(client, make_user, login, db):
    user = make_user()
    login(user)
    response = client.post("/akun/kata-sandi", data={"current_password": PASSWORD, "password": "Password2024!",
                                                       "confirm": "Password2024!"})
    assert response.status_code == 422
    assert "paling umum dipakai" in page_text(response)
    response = client.post("/akun/kata-sandi", data={"current_password": PASSWORD, "password": "pendek-1",
                                                       "confirm": "pendek-1"})
    assert response.status_code == 422 and "10" in page_text(response)
    db.session.expire_all()
    assert db.session.scalar(select(User.session_version).where(User.id == user.id)) == user.session_version


def test_an_admin_cannot_give_a_new_account_a_common_password(client, make_user, login):
    login(make_user("admin"))
    response = client.post("/admin/pengguna/baru", data={"email": "baru@medan.go.id", "roles": ["employee"],
                                                      "password": "iloveyou2025", "enabled": "y"})
    assert response.status_code == 422 and "paling umum dipakai" in page_text(response)


# --- throttling under concurrency ----------------------------------------------------------------------------

def test_parallel_wrong_passwords_get_no_more_tries_than_one_after_another(app, make_user, db):
    """A burst of simultaneous attempts from one address on one account: each is counted before its password is
    checked, so no more of them are checked than the free failures allow (SQLite and PostgreSQL alike)."""
    import threading

    from lms.auth.models import LoginThrottle

    nip = make_user().employee.nip
    clients = [app.test_client() for _ in range(8)]
    start = threading.Barrier(len(clients))
    answers: list[str] = []

    def attempt(client):
        start.wait()
        response = client.post("/masuk", data={"identifier": nip, "password": "salah-sekali-1"},
                               environ_base={"REMOTE_ADDR": "10.8.8.8"})
        answers.append(page_text(response))

    threads = [threading.Thread(target=attempt, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = [text for text in answers if "kata sandi salah" in text]
    assert len(answers) == 8
    assert len(checked) == app.config["LOGIN_SLOWDOWN_AFTER"]
    assert all("Tunggu" in text for text in answers if text not in checked)
    db.session.expire_all()
    failures = db.session.scalar(select(LoginThrottle.failures).where(LoginThrottle.key.startswith("pair:10.8.8.8")))
    assert failures == app.config["LOGIN_SLOWDOWN_AFTER"]
