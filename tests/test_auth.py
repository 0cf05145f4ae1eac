from datetime import timedelta

import pytest
from sqlalchemy import select

from kompeten.app import create_app
from lms.audit.models import AuditEntry
from lms.auth import services as auth_services
from lms.auth.models import LoginThrottle, User
from lms.extensions import utcnow
from tests.helpers import PASSWORD, page_text


def test_login_with_nip_and_with_email(client, make_user):
    user = make_user("employee", email="budi@medan.go.id")
    for identifier in (user.employee.nip, "BUDI@medan.go.id "):
        response = client.post("/masuk", data={"identifier": identifier, "password": PASSWORD})
        assert response.status_code == 302
        assert "Selamat datang" in page_text(client.get("/", follow_redirects=True))
        client.post("/keluar")


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_user):
    user = make_user()
    response = client.post("/masuk", data={"identifier": user.employee.nip, "password": "salah-sekali-1"})
    assert response.status_code == 401
    assert "NIP/e-mail atau kata sandi salah" in page_text(response)
    unknown = client.post("/masuk", data={"identifier": "nobody@medan.go.id", "password": "salah-sekali-1"})
    assert page_text(unknown).count("NIP/e-mail atau kata sandi salah") == 1


def test_passwords_are_stored_hashed_with_scrypt(db):
    """Through the service accounts are created with (test users get a cheaper hash from the factory)."""
    user = auth_services.create_user(None, email="baru@medan.go.id", employee=None, roles={"employee"},
                                     password=PASSWORD)
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    user = make_user()
    response = client.post("/masuk", data={"identifier": user.employee.nip, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_repeated_failures_slow_down_then_lock_the_account(app, client, make_user, db):
    user = make_user()
    wrong = {"identifier": user.employee.nip, "password": "salah-sekali-1"}
    for _ in range(app.config["LOGIN_SLOWDOWN_AFTER"]):
        assert "kata sandi salah" in page_text(client.post("/masuk", data=wrong))
    # Now even the right password has to wait.
    slowed = client.post("/masuk", data={"identifier": user.employee.nip, "password": PASSWORD})
    assert slowed.status_code == 401
    assert "Tunggu" in page_text(slowed) and "detik" in page_text(slowed)
    # Pretend the waits passed until the lock threshold is reached.
    for _ in range(app.config["LOGIN_LOCK_AFTER"] - app.config["LOGIN_SLOWDOWN_AFTER"]):
        _expire_delays(db)
        client.post("/masuk", data=wrong)
    locked = client.post("/masuk", data={"identifier": user.employee.nip, "password": PASSWORD})
    assert "dikunci sementara" in page_text(locked)
    assert "menit" in page_text(locked)
    # After the lock period, the right password works again and clears the account's counter.
    db.session.execute(LoginThrottle.__table__.update().values(locked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert client.post("/masuk", data={"identifier": user.employee.nip, "password": PASSWORD}).status_code == 302


def _expire_delays(db):
    db.session.execute(LoginThrottle.__table__.update().values(last_failure_at=utcnow() - timedelta(hours=1)))
    db.session.commit()


def test_one_address_trying_many_accounts_is_locked(app, client, make_user, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_IP_FACTOR", 1)
    for n in range(app.config["LOGIN_LOCK_AFTER"]):
        _expire_delays(db)
        client.post("/masuk", data={"identifier": f"guess{n}@medan.go.id", "password": "salah-sekali-1"})
    user = make_user()
    refused = client.post("/masuk", data={"identifier": user.employee.nip, "password": PASSWORD})
    assert "dikunci sementara" in page_text(refused)
    rows = db.session.scalars(select(LoginThrottle.key)).all()
    assert "ip:127.0.0.1" in rows


def test_inactive_employee_cannot_log_in(client, make_user, db):
    user = make_user()
    user.employee.is_active = False
    db.session.commit()
    response = client.post("/masuk", data={"identifier": user.employee.nip, "password": PASSWORD})
    assert response.status_code == 401


def test_login_redirects_only_to_local_pages(client, make_user):
    user = make_user()
    data = {"identifier": user.employee.nip, "password": PASSWORD}
    assert client.post("/masuk?next=//evil.example/x", data=data).headers["Location"] == "/"
    client.post("/keluar")
    assert client.post("/masuk?next=/tim-saya", data=data).headers["Location"] == "/tim-saya"


def test_logout_ends_the_session(client, make_user, login):
    login(make_user())
    client.post("/keluar")
    assert client.get("/").status_code == 302


def test_change_password_checks_current_and_rules_and_ends_other_sessions(app, client, make_user, login, db):
    user = make_user()
    other_device = app.test_client()
    login(user)
    other_device.post("/masuk", data={"identifier": user.employee.nip, "password": PASSWORD})
    response = client.post("/akun/kata-sandi", data={"current_password": "salah-sekali-1",
                                                       "password": "baru-sekali-99", "confirm": "baru-sekali-99"})
    assert response.status_code == 422 and "Kata sandi saat ini salah" in page_text(response)
    response = client.post("/akun/kata-sandi", data={"current_password": PASSWORD,
                                                       "password": "hanyahurufsaja", "confirm": "hanyahurufsaja"})
    assert "huruf dan angka" in page_text(response)
    response = client.post("/akun/kata-sandi", data={"current_password": PASSWORD,
                                                       "password": "baru-sekali-99", "confirm": "baru-sekali-99"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200          # this session goes on
    assert other_device.get("/").status_code == 302    # the other one ended
    db.session.expire_all()
    assert db.session.scalar(select(AuditEntry.action).where(
        AuditEntry.entity_type == "user", AuditEntry.entity_id == user.id)) == "change_password"


def test_user_who_must_change_password_is_sent_there_first(client, make_user, login, db):
    user = make_user()
    user.must_change_password = True
    db.session.commit()
    login(user)
    response = client.get(f"/pegawai/{user.employee_id}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/akun/kata-sandi")


def test_admin_creates_user_for_an_employee_assigns_roles_and_resets_password(client, make_user, make_employee,
                                                                                login, db):
    login(make_user("admin"))
    employee = make_employee(name="Sari Lubis")
    db.session.commit()
    response = client.post("/admin/pengguna/baru", data={"nip": employee.nip, "roles": ["employee", "trainer"],
                                                      "password": "awal-sandi-123", "enabled": "y"})
    assert response.status_code == 302
    created = db.session.scalar(select(User).where(User.employee_id == employee.id))
    assert created.roles == {"employee", "trainer"} and created.must_change_password

    client.post(f"/admin/pengguna/{created.id}", data={"roles": ["employee", "hr"], "enabled": "y"})
    db.session.expire_all()
    assert created.roles == {"employee", "hr"}
    old_hash = created.password_hash
    response = client.post(f"/admin/pengguna/{created.id}/atur-ulang-kata-sandi", follow_redirects=True)
    assert "Kata sandi sementara" in page_text(response)
    db.session.expire_all()
    assert created.password_hash != old_hash
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "user",
                                                                  AuditEntry.entity_id == created.id)).all()
    assert sorted(actions) == ["create", "reset_password", "update"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "update"))
    assert entry.changes["roles"] == [["employee", "trainer"], ["employee", "hr"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"roles": ["employee"], "password": "awal-sandi-123"}, "Isi NIP pegawai atau e-mail"),
        ({"email": "x@medan.go.id", "password": "awal-sandi-123"}, "Pilih minimal satu peran"),
        ({"nip": "199001012015011999", "roles": ["employee"], "password": "awal-sandi-123"}, "Tidak ada pegawai"),
        ({"email": "x@medan.go.id", "roles": ["employee"], "password": "pendek1"}, "10"),
        ({"email": "x@medan.go.id", "roles": ["employee"]}, "Kata sandi awal wajib"),
    ],
)
def test_user_form_errors_are_shown_next_to_fields(client, make_user, login, data, message):
    login(make_user("admin"))
    response = client.post("/admin/pengguna/baru", data=data)
    assert response.status_code == 422
    assert message in page_text(response)


def test_admin_cannot_remove_own_admin_role(client, make_user, login, db):
    admin = make_user("admin")
    login(admin)
    response = client.post(f"/admin/pengguna/{admin.id}", data={"roles": ["employee"], "enabled": "y"})
    assert response.status_code == 422
    db.session.expire_all()
    assert "admin" in admin.roles


def test_forms_without_csrf_token_are_refused(make_user):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "WTF_CSRF_ENABLED": True,
                      "DATABASE_URL": "sqlite://"})
    response = app.test_client().post("/masuk", data={"identifier": "a@b.c", "password": "x"})
    assert response.status_code == 400
    assert "Token keamanan formulir" in page_text(response)


def test_create_admin_command_makes_an_account_that_can_log_in(runner, client, db):
    result = runner.invoke(args=["lms", "create-admin", "kepala@bkpsdm.medan.go.id",
                                 "--password", "sandi-admin-2026"])
    assert result.exit_code == 0, result.output
    response = client.post("/masuk", data={"identifier": "kepala@bkpsdm.medan.go.id",
                                           "password": "sandi-admin-2026"})
    assert response.status_code == 302
    assert client.get("/admin/pengguna").status_code == 200
    again = runner.invoke(args=["lms", "create-admin", "kepala@bkpsdm.medan.go.id", "--password", "x"])
    assert again.exit_code == 1 and "sudah ada" in again.output


def test_behind_a_proxy_failed_logins_are_counted_per_client_address(app, db):
    from kompeten.app import create_app

    proxied = create_app({**{key: app.config[key] for key in ("TESTING", "SECRET_KEY", "WTF_CSRF_ENABLED")},
                          "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "PROXY_COUNT": 1})
    proxied.test_client().post("/masuk", data={"identifier": "x@y.id", "password": "salah-sekali-1"},
                               headers={"X-Forwarded-For": "10.1.2.3"})
    assert "ip:10.1.2.3" in db.session.scalars(select(LoginThrottle.key)).all()
    with proxied.app_context():
        db.engine.dispose()
