"""Who may open what: every view declares a policy, and people reach their own things and their team's.

What each role gets on every route with someone else's ids (anonymous, employee, supervisor, trainer, HR, admin)
is the access matrix in test_access_matrix.py."""

import pytest

from lms.access import public


def test_every_view_declares_an_access_policy(app):
    missing = [
        endpoint for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, "access_policy")
    ]
    assert missing == []


def test_only_login_language_switch_and_certificate_verification_are_public(app):
    public_views = sorted(endpoint for endpoint, view in app.view_functions.items()
                          if getattr(view, "access_policy", None) is public and not hasattr(view, "redirects_to"))
    assert public_views == ["auth.login", "certificates.verify", "certificates.verify_form", "favicon",
                            "home.set_language"]


@pytest.fixture
def city(make_unit, make_position, make_employee, make_user):
    """An OPD with a head, a section head and two staff; accounts for each role."""
    opd = make_unit("Dinas Kependudukan dan Pencatatan Sipil")
    section = make_unit("Seksi Pendaftaran Penduduk", kind="seksi", parent=opd)
    head = make_employee("Kepala Dinas", position=make_position("Kepala Dinas", kind="jpt", grade="Pratama",
                                                                  unit=opd), rank_code="IV/c")
    chief = make_employee("Kepala Seksi", position=make_position("Kepala Seksi", kind="pengawas", unit=section),
                          supervisor=head, rank_code="III/d")
    staff_position = make_position("Pengadministrasi", unit=section)
    staff = make_employee("Staf Satu", position=staff_position, supervisor=chief)
    colleague = make_employee("Staf Dua", position=staff_position, supervisor=chief)
    return {
        "units": (opd, section),
        "position": staff_position,
        "head": make_user("employee", employee=head),
        "chief": make_user("employee", employee=chief),
        "staff": make_user("employee", employee=staff),
        "colleague": colleague,
        "trainer": make_user("employee", "trainer"),
        "hr": make_user("employee", "hr"),
        "admin": make_user("admin", with_employee=False, email="admin@medan.go.id"),
    }


def test_employee_sees_own_profile_but_not_a_colleagues(client, login, city):
    login(city["staff"])
    assert client.get(f"/pegawai/{city['staff'].employee_id}").status_code == 200
    assert client.get(f"/pegawai/{city['colleague'].id}").status_code == 403
    assert client.get(f"/pegawai/{city['chief'].employee_id}").status_code == 403
    assert client.get(f"/pegawai/{city['staff'].employee_id}/ubah").status_code == 403
    assert client.post(f"/pegawai/{city['colleague'].id}/hapus").status_code == 403


def test_supervisors_see_everyone_below_them_but_not_above(client, login, city):
    login(city["chief"])
    assert client.get(f"/pegawai/{city['colleague'].id}").status_code == 200
    assert client.get(f"/pegawai/{city['head'].employee_id}").status_code == 403
    assert client.get("/tim-saya").status_code == 200
    client.post("/keluar")
    login(city["head"])  # two levels up
    assert client.get(f"/pegawai/{city['colleague'].id}").status_code == 200


def test_employee_without_subordinates_has_no_team_page(client, login, city):
    login(city["staff"])
    response = client.get("/tim-saya")
    assert response.status_code == 302


def test_hr_can_open_and_edit_any_employee(client, login, city):
    login(city["hr"])
    assert client.get(f"/pegawai/{city['colleague'].id}").status_code == 200
    assert client.get(f"/pegawai/{city['colleague'].id}/ubah").status_code == 200


def test_unknown_pages_get_the_indonesian_404(client, login, city):
    login(city["hr"])
    response = client.get("/pegawai/999999")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)
