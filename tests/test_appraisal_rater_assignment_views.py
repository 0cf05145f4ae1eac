"""HR assigns and removes raters (peers, assessors) and reads an appraisal with every form."""

from sqlalchemy import func, select

from competencies.appraisals.models import AppraisalForm
from tests import appraisal_hr_helpers
from tests.appraisal_hr_helpers import add_peer
from tests.appraisal_steps import appraisal_of, form_of, rate_all
from tests.helpers import page_text

hr = appraisal_hr_helpers.hr  # the fixture, found by pytest in this module
world = appraisal_hr_helpers.world  # the fixture, found by pytest in this module


def test_hr_assigns_a_peer_and_refuses_self_and_duplicates(client, login, db, hr, world, open_cycle):
    cycle = open_cycle()
    appraisal = appraisal_of(db, cycle, world.staff[0])
    url = f"/penilaian/{appraisal.id}/penilai"
    login(hr)
    response = client.post(url, data={"kind": "peer", "nip": world.staff[1].nip}, follow_redirects=True)
    assert "Staf Uji 2 ditugaskan sebagai Rekan kerja." in page_text(response)
    assert form_of(db, cycle, world.staff[0], "peer").rater_id == world.staff[1].id

    response = client.post(url, data={"kind": "peer", "nip": world.staff[1].nip})
    assert response.status_code == 422 and "sudah ditugaskan sebagai Rekan kerja" in page_text(response)
    response = client.post(url, data={"kind": "peer", "nip": world.staff[0].nip})
    assert response.status_code == 422 and "tidak dapat ditugaskan menilai dirinya sendiri" in page_text(response)
    response = client.post(url, data={"kind": "peer", "nip": "199001012015031999"})
    assert response.status_code == 422 and "NIP tidak terdaftar." in page_text(response)
    assert db.session.scalar(select(func.count()).where(AppraisalForm.rater_kind == "peer")) == 1


def test_a_kind_outside_the_cycle_cannot_be_assigned(client, login, db, hr, world, open_cycle):
    cycle = open_cycle(weights={"self": 50, "supervisor": 50})
    appraisal = appraisal_of(db, cycle, world.staff[0])
    login(hr)
    response = client.post(f"/penilaian/{appraisal.id}/penilai", data={"kind": "peer", "nip": world.staff[1].nip})
    assert response.status_code == 422
    assert "Tugaskan penilai" not in page_text(client.get(f"/penilaian/{appraisal.id}"))


def test_hr_removes_an_unsubmitted_peer_but_not_the_self_form(client, login, db, hr, world, open_cycle):
    cycle = open_cycle()
    peer_form = add_peer(db, cycle, world.staff[0], world.staff[1])
    self_form = form_of(db, cycle, world.staff[0], "self")
    login(hr)
    response = client.post(f"/penilaian/formulir/{peer_form.id}/hapus", follow_redirects=True)
    assert "Penugasan Staf Uji 2 sebagai penilai dihapus." in page_text(response)
    response = client.post(f"/penilaian/formulir/{self_form.id}/hapus", follow_redirects=True)
    assert "tidak dapat dihapus" in page_text(response)
    kinds = db.session.scalars(select(AppraisalForm.rater_kind).where(
        AppraisalForm.appraisal_id == self_form.appraisal_id)).all()
    assert sorted(kinds) == ["self", "supervisor"]


def test_hr_assigns_an_assessor_to_a_unit(client, login, db, hr, world, make_employee, make_unit, open_cycle):
    cycle = open_cycle()
    assessor = make_employee("Asesor Luar", unit=make_unit("Badan Kepegawaian"))
    unit_id = world.supervisor.unit_id
    login(hr)
    url = f"/penilaian/siklus/{cycle.id}/asesor"
    response = client.post(url, data={"nip": assessor.nip, "unit_id": str(unit_id)}, follow_redirects=True)
    assert "Asesor Luar ditugaskan sebagai asesor untuk 3 pegawai Dinas Penilaian Uji." in page_text(response)
    response = client.post(url, data={"nip": assessor.nip, "unit_id": str(unit_id)}, follow_redirects=True)
    assert "Tidak ada pegawai Dinas Penilaian Uji dalam periode ini yang belum dinilai oleh Asesor Luar." in \
        page_text(response)
    response = client.post(url, data={"nip": assessor.nip, "unit_id": "0"})
    assert response.status_code == 422 and "Pilih unitnya." in page_text(response)
    assert db.session.scalar(select(func.count()).where(AppraisalForm.rater_kind == "assessor")) == 3


def test_the_appraisal_page_shows_every_form_with_its_ratings(client, login, db, hr, world, open_cycle):
    cycle = open_cycle()
    form = form_of(db, cycle, world.staff[0], "self")
    rate_all(db, form, 3)
    login(hr)
    response = client.get(f"/penilaian/{form.appraisal_id}")
    text = page_text(response)
    assert response.status_code == 200
    assert "Analis Uji" in text and "Kepala Uji" in text and "Diamati pada rapat Maret 2026." in text
    assert "Diri sendiri" in text and "Atasan langsung" in text and "belum dimulai" in text
    html = response.get_data(as_text=True)
    assert f"/penilaian/formulir/{form.id}" in html and f"/penilaian/{form.appraisal_id}/skp" in html
