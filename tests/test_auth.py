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


def _wrong(identifier: str) -> dict[str, str]:
    return {"identifier": identifier, "password": "salah-sekali-1"}


def _post_from(client, address: str, data: dict[str, str]):
    return client.post("/masuk", data=data, environ_base={"REMOTE_ADDR": address})


def _expire_delays(db):
    db.session.execute(LoginThrottle.__table__.update().values(locked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def _wait_of(db, key_prefix: str) -> float:
    db.session.expire_all()
    row = db.session.scalar(select(LoginThrottle).where(LoginThrottle.key.startswith(key_prefix)))
    return (row.locked_until - row.last_failure_at).total_seconds()


def test_failures_from_one_address_slow_that_address_down_with_a_growing_wait(app, client, make_user, db):
    user = make_user()
    for _ in range(app.config["LOGIN_SLOWDOWN_AFTER"]):
        assert "kata sandi salah" in page_text(_post_from(client, "10.0.0.66", _wrong(user.employee.nip)))
    # Now even the right password has to wait, from this address.
    slowed = _post_from(client, "10.0.0.66", {"identifier": user.employee.nip, "password": PASSWORD})
    assert slowed.status_code == 401
    assert "Tunggu 5 detik" in page_text(slowed)
    assert _wait_of(db, "pair:10.0.0.66|") == 5
    _expire_delays(db)
    _post_from(client, "10.0.0.66", _wrong(user.employee.nip))
    assert _wait_of(db, "pair:10.0.0.66|") == 10  # doubled
    for _ in range(12):
        _expire_delays(db)
        _post_from(client, "10.0.0.66", _wrong(user.employee.nip))
    assert _wait_of(db, "pair:10.0.0.66|") == app.config["LOGIN_MAX_DELAY_SECONDS"]  # capped
    assert "Coba lagi dalam 15 menit" in page_text(_post_from(client, "10.0.0.66", _wrong(user.employee.nip)))
    # Once the wait is over, the right password works and clears the count of this address and account.
    _expire_delays(db)
    assert _post_from(client, "10.0.0.66", {"identifier": user.employee.nip, "password": PASSWORD}).status_code == 302
    assert db.session.scalar(select(LoginThrottle.key).where(LoginThrottle.key.startswith("pair:"))) is None


def test_the_owner_logs_in_from_another_address_while_someone_guesses_their_password(app, client, make_user, db):
    """Failures can no longer lock an account out: they slow down the address they come from."""
    user = make_user()
    for _ in range(20):
        _expire_delays(db)
        _post_from(client, "10.0.0.66", _wrong(user.employee.nip))
    owner = app.test_client()
    response = _post_from(owner, "10.0.0.5", {"identifier": user.employee.nip, "password": PASSWORD})
    assert response.status_code == 302
    assert "Coba lagi dalam 15 menit" in page_text(_post_from(client, "10.0.0.66", _wrong(user.employee.nip)))


def test_one_mistyping_colleague_does_not_make_the_office_behind_its_nat_wait(app, client, make_user, db):
    colleague, other = make_user(), make_user()
    for _ in range(20):  # over a morning, waiting each time as asked
        _expire_delays(db)
        _post_from(client, "10.9.9.9", _wrong(colleague.employee.nip))
    assert "Coba lagi" in page_text(_post_from(client, "10.9.9.9", _wrong(colleague.employee.nip)))
    # The next employee behind the same address mistypes once too, then gets in.
    assert "kata sandi salah" in page_text(_post_from(client, "10.9.9.9", _wrong(other.employee.nip)))
    response = _post_from(client, "10.9.9.9", {"identifier": other.employee.nip, "password": PASSWORD})
    assert response.status_code == 302


def test_one_address_failing_on_many_accounts_is_slowed_down_as_a_whole(app, client, make_user, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_SLOWDOWN_AFTER", 6)
    assert app.config["LOGIN_ADDRESS_SLOWDOWN_AFTER"] > app.config["LOGIN_SLOWDOWN_AFTER"]
    for n in range(6):
        assert "kata sandi salah" in page_text(_post_from(client, "10.7.7.7", _wrong(f"tebak{n}@medan.go.id")))
    user = make_user()
    refused = _post_from(client, "10.7.7.7", {"identifier": user.employee.nip, "password": PASSWORD})
    assert refused.status_code == 401 and "Tunggu 5 detik" in page_text(refused)
    assert "address:10.7.7.7" in db.session.scalars(select(LoginThrottle.key)).all()
    # Another address is not concerned.
    assert _post_from(app.test_client(), "10.7.7.8",
                      {"identifier": user.employee.nip, "password": PASSWORD}).status_code == 302


def test_an_unknown_account_is_answered_and_throttled_like_a_known_one(app, client, make_user, db, monkeypatch):
    user = make_user()
    user.password_hash = auth_services.hash_password(PASSWORD)  # as in production (test users get a cheaper one)
    db.session.commit()
    checked = []
    real_check = auth_services.check_password_hash
    monkeypatch.setattr(auth_services, "check_password_hash",
                        lambda hashed, password: checked.append(hashed.split("$")[0]) or real_check(hashed, password))
    known = [_post_from(client, "10.3.3.3", _wrong(user.employee.nip)) for _ in range(4)]
    unknown = [_post_from(client, "10.3.3.4", _wrong("199001012015011999")) for _ in range(4)]
    assert [response.status_code for response in known] == [response.status_code for response in unknown]
    assert [page_text(response) for response in known] == [page_text(response) for response in unknown]
    # Each refused password was checked against a hash of the same kind (an unknown name against a dummy one).
    assert len(checked) == 6 and len(set(checked)) == 1
    assert checked[0] == auth_services.hash_password("x").split("$")[0]
    # No NIP or e-mail address is kept in the throttling table.
    keys = db.session.scalars(select(LoginThrottle.key)).all()
    assert sorted(key.split("|")[0] for key in keys) == ["address:10.3.3.3", "address:10.3.3.4",
                                                          "pair:10.3.3.3", "pair:10.3.3.4"]
    assert not any(user.employee.nip in key or "199001012015011999" in key for key in keys)


def test_a_failure_is_counted_before_the_password_is_checked(app, client, make_user, db, monkeypatch):
    """So that parallel attempts from one address on one account see each other and cannot pass the wait
    together (another process's attempt sees the count, or retries when it changed under it)."""
    user = make_user()
    counts = []
    real_check = auth_services.check_password_hash

    def check(hashed, password):
        counts.append(db.session.scalar(select(LoginThrottle.failures).where(LoginThrottle.key.startswith("pair:"))))
        return real_check(hashed, password)

    monkeypatch.setattr(auth_services, "check_password_hash", check)
    with app.test_request_context():
        for _ in range(2):
            with pytest.raises(auth_services.LoginRefused):
                auth_services.authenticate(user.employee.nip, "salah-sekali-1", "10.4.4.4", app.config)
        assert counts == [1, 2]  # the request's own transaction already holds its failure
        db.session.rollback()


def test_throttling_log_lines_name_the_user_id_not_the_nip(app, client, make_user, caplog):
    user = make_user()
    with caplog.at_level("WARNING", logger="lms.auth.services"):
        for _ in range(app.config["LOGIN_SLOWDOWN_AFTER"]):
            _post_from(client, "10.5.5.5", _wrong(user.employee.nip))
    assert f"user {user.id}" in caplog.text
    assert user.employee.nip not in caplog.text


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
    assert "address:10.1.2.3" in db.session.scalars(select(LoginThrottle.key)).all()
    with proxied.app_context():
        db.engine.dispose()
