"""The employee's appraisal results: publication, acknowledgement and objection."""

from datetime import date, timedelta

from sqlalchemy import select

from competencies.appraisals import consolidation, cycles, objections
from competencies.appraisals.models import Appraisal, Objection
from lms.extensions import utcnow
from tests import appraisal_rater_helpers
from tests.appraisal_rater_helpers import form_url
from tests.appraisal_steps import appraisal_of, fill_performance, form_of, rate_all
from tests.helpers import page_text

city = appraisal_rater_helpers.city  # the fixture, found by pytest in this module


def _rated(db, city) -> Appraisal:
    """Staff 1 rates themself at 2 and their supervisor rates them at 3 (with the SKP complete)."""
    appraisal = appraisal_of(db, city.cycle, city.staff[0])
    rate_all(db, form_of(db, city.cycle, city.staff[0], "self"), 2)
    fill_performance(db, appraisal)
    rate_all(db, form_of(db, city.cycle, city.staff[0], "supervisor"), 3)
    return appraisal


def _finalised(db, city) -> Appraisal:
    appraisal = _rated(db, city)
    consolidation.consolidate_cycle(None, city.cycle)
    db.session.commit()
    cycles.finalise_cycle(None, city.cycle)
    db.session.commit()
    return appraisal


def test_results_show_after_finalisation_without_any_raters_levels(db, client, login, city):
    appraisal = _rated(db, city)
    url = f"/penilaian/hasil/{appraisal.id}"
    login(city.staff_users[0])
    assert "belum final" in page_text(client.get(url))
    consolidation.consolidate_cycle(None, city.cycle)
    db.session.commit()
    text = page_text(client.get(url))
    assert "belum final" in text and "2,67" not in text

    client.post("/keluar")
    login(city.hr)  # HR sees a consolidated result before it is published
    assert "2,67" in page_text(client.get(url))
    client.post("/keluar")

    cycles.finalise_cycle(None, city.cycle)
    db.session.commit()
    login(city.staff_users[0])
    response = client.get(url)
    text = page_text(response)
    # self 15 and supervisor 30, renormalised over the two kinds that rated: (2 * 15 + 3 * 30) / 45 = 2.67 -> 3
    assert "Kompetensi Uji 1 UJI.01 2 2,67 3 — memenuhi" in text
    assert text.count("2,67") == 3
    assert ("Nilai gabungan = rata-rata tertimbang per jenis penilai (bobot dinormalisasi atas jenis penilai yang "
            "menilai); dibulatkan setengah ke atas (2,50 → 3; 2,49 → 2)") in text
    assert "Diri sendiri 15 33,3%" in text and "Atasan langsung 30 66,7%" in text
    assert "Predikat kinerja: Baik" in text and "Hasil kerja Sesuai ekspektasi" in text
    assert "Diamati pada rapat" not in text and "Kepala Uji" not in text  # nothing of an individual rater
    self_form = form_of(db, city.cycle, city.staff[0], "self")
    assert form_url(self_form) in response.get_data(as_text=True)
    assert f"/penilaian/{appraisal.id}/skp" in response.get_data(as_text=True)

    text = page_text(client.get("/penilaian/hasil"))
    assert "Penilaian Tahunan 2026" in text and "Baik" in text and "Final, menunggu tanggapan" in text


def test_running_appraisals_are_listed_without_results(db, client, login, city):
    login(city.staff_users[0])
    text = page_text(client.get("/penilaian/hasil"))
    assert "Belum ada hasil penilaian yang final." in text
    assert "Sedang berjalan" in text and "Penilaian Tahunan 2026 · Sedang dinilai" in text


def test_the_employee_acknowledges_the_result_once(db, client, login, city):
    appraisal = _finalised(db, city)
    url = f"/penilaian/hasil/{appraisal.id}"
    login(city.hr)
    assert client.get(url).status_code == 200
    assert client.post(f"{url}/terima").status_code == 403
    client.post("/keluar")

    login(city.staff_users[0])
    assert client.post(f"{url}/terima").status_code == 302
    db.session.expire_all()
    acknowledged = db.session.get(Appraisal, appraisal.id)
    assert acknowledged.status == "acknowledged"
    first_time = acknowledged.acknowledged_at
    response = client.post(f"{url}/terima", follow_redirects=True)
    assert "tidak sedang menunggu tanggapan Anda" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Appraisal, appraisal.id).acknowledged_at == first_time
    response = client.post(f"{url}/keberatan", data={"reason": "Terlambat."})
    assert response.status_code == 422 and "tidak sedang menunggu tanggapan Anda" in page_text(response)
    assert db.session.get(Appraisal, appraisal.id).status == "acknowledged"


def test_an_objection_needs_a_reason_and_shows_hrs_decision(db, client, login, city):
    appraisal = _finalised(db, city)
    url = f"/penilaian/hasil/{appraisal.id}"
    login(city.staff_users[1])  # another employee cannot object for them
    assert client.post(f"{url}/keberatan", data={"reason": "Saya keberatan."}).status_code == 403
    client.post("/keluar")
    login(city.staff_users[0])
    text = page_text(client.get(url))
    deadline = date.today() + timedelta(days=14)  # from the city's date of finalisation: the app's clock
    assert f"Batas pengajuan keberatan: {deadline.day}" in text

    response = client.post(f"{url}/keberatan", data={"reason": "  "})
    assert response.status_code == 422 and "Tuliskan alasan keberatan." in page_text(response)
    db.session.expire_all()
    assert db.session.get(Appraisal, appraisal.id).status == "final"

    response = client.post(f"{url}/keberatan", data={"reason": "Bukti pelatihan saya belum diperhitungkan."})
    assert response.status_code == 302
    text = page_text(client.get(url))
    assert "Keberatan Menunggu keputusan" in text and "Bukti pelatihan saya belum diperhitungkan." in text
    assert "Ajukan keberatan" not in text


    objection = db.session.scalar(select(Objection).where(Objection.appraisal_id == appraisal.id))
    objections.resolve_objection(city.hr, objection, upheld=False, resolution="Nilai sudah sesuai bukti.",
                                 corrected_levels={}, corrected_rating=None)
    db.session.commit()
    text = page_text(client.get(url))
    assert "Keberatan Ditolak" in text and "Keputusan BKPSDM" in text and "Nilai sudah sesuai bukti." in text


def test_an_objection_after_the_deadline_is_refused(db, client, login, city):
    city.cycle.objection_days = 0
    db.session.commit()
    appraisal = _finalised(db, city)
    city.cycle.finalised_at = utcnow() - timedelta(days=1)
    db.session.commit()
    url = f"/penilaian/hasil/{appraisal.id}"
    login(city.staff_users[0])
    text = page_text(client.get(url))
    assert "Masa keberatan sudah berakhir." in text and "Terima hasil" in text
    response = client.post(f"{url}/keberatan", data={"reason": "Bukti pelatihan saya belum diperhitungkan."})
    assert response.status_code == 422
    assert "Masa keberatan berakhir pada" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Appraisal, appraisal.id).status == "final"
    assert db.session.scalar(select(Objection.id).where(Objection.appraisal_id == appraisal.id)) is None
