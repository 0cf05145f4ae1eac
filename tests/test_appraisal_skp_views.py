"""The SKP page: the supervisor keeps the work targets and BERAKHLAK ratings, others read it, it locks."""

import pytest
from sqlalchemy import select

from competencies.appraisals.models import Appraisal, WorkTarget
from competencies.appraisals.rules import core_value_names
from tests import appraisal_rater_helpers
from tests.appraisal_steps import appraisal_of, fill_performance, form_of, rate_all
from tests.helpers import page_text

city = appraisal_rater_helpers.city  # the fixture, found by pytest in this module


def _target(prefix: str, **values) -> dict:
    base = {"description": "Menyelesaikan layanan administrasi", "indicator": "Jumlah berkas selesai",
            "target": "100", "unit": "berkas", "actual": ""}
    return {f"{prefix}-{key}": value for key, value in dict(base, **values).items()}


def test_the_supervisor_keeps_the_work_targets(db, client, login, city):
    appraisal = appraisal_of(db, city.cycle, city.staff[0])
    base = f"/penilaian/{appraisal.id}/skp"
    login(city.head_user)
    assert client.get(base).status_code == 200

    response = client.post(f"{base}/target", data=_target("new", actual="95,5"))
    assert response.status_code == 302
    text = page_text(client.get(base))
    assert "Rencana hasil kerja ditambahkan." in text
    assert "Menyelesaikan layanan administrasi" in text and "95,5 berkas" in text and "95,5%" in text
    target = db.session.scalar(select(WorkTarget).where(WorkTarget.appraisal_id == appraisal.id))
    assert target.target == 100 and target.actual == 95.5

    for values, message in [({"target": "0"}, "Target harus lebih dari 0."),
                            ({"target": "seratus"}, "Tuliskan angka, misalnya 12,5."),
                            ({"target": ""}, "Isi target."),
                            ({"actual": "-1"}, "Realisasi tidak boleh negatif."),
                            ({"description": " "}, "Tuliskan rencana hasil kerja.")]:
        response = client.post(f"{base}/target", data=_target("new", **values))
        assert response.status_code == 422, values
        assert message in page_text(response), values
    assert len(db.session.scalars(select(WorkTarget.id).where(WorkTarget.appraisal_id == appraisal.id)).all()) == 1

    response = client.post(f"/penilaian/skp/target/{target.id}",
                           data=_target(f"t{target.id}", target="1.234,5", actual="1234,5", unit="dokumen"))
    assert response.status_code == 302
    db.session.expire_all()
    assert (target.target, target.actual, target.unit) == (1234.5, 1234.5, "dokumen")
    response = client.post(f"/penilaian/skp/target/{target.id}", data=_target(f"t{target.id}", target="-5"))
    assert response.status_code == 422 and "Target harus lebih dari 0." in page_text(response)

    assert client.post(f"/penilaian/skp/target/{target.id}/hapus").status_code == 302
    assert db.session.scalar(select(WorkTarget.id).where(WorkTarget.id == target.id)) is None
    assert "Belum ada rencana hasil kerja." in page_text(client.get(base))


@pytest.mark.parametrize("reader", ["employee", "hr"])
def test_the_employee_and_hr_read_the_skp_but_cannot_change_it(db, client, login, city, reader):
    appraisal = appraisal_of(db, city.cycle, city.staff[0])
    fill_performance(db, appraisal)
    target_id = db.session.scalar(select(WorkTarget.id).where(WorkTarget.appraisal_id == appraisal.id))
    login(city.staff_users[0] if reader == "employee" else city.hr)
    response = client.get(f"/penilaian/{appraisal.id}/skp")
    assert response.status_code == 200
    assert "SKP diisi oleh atasan langsung" in page_text(response)
    assert "/skp/target" not in response.get_data(as_text=True)
    assert client.post(f"/penilaian/{appraisal.id}/skp/target", data=_target("new")).status_code == 403
    assert client.post(f"/penilaian/skp/target/{target_id}", data=_target(f"t{target_id}")).status_code == 403
    assert client.post(f"/penilaian/skp/target/{target_id}/hapus").status_code == 403
    assert client.post(f"/penilaian/{appraisal.id}/skp/berakhlak", data={}).status_code == 403


def test_berakhlak_ratings_give_the_predikat(db, client, login, city):
    appraisal = appraisal_of(db, city.cycle, city.staff[0])
    base = f"/penilaian/{appraisal.id}/skp"
    login(city.head_user)
    client.post(f"{base}/target", data=_target("new", actual="120"))  # 120 %: above expectation
    keys = list(core_value_names())

    response = client.post(f"{base}/berakhlak", data={f"value_{keys[0]}": "luar_biasa"})
    assert response.status_code == 422

    response = client.post(f"{base}/berakhlak", data={f"value_{keys[0]}": "di_atas_ekspektasi", "note": "Sigap."})
    assert response.status_code == 302
    text = page_text(client.get(base))
    assert "Hasil kerja Di atas ekspektasi Perilaku kerja — Predikat kinerja belum dapat ditentukan" in text

    ratings = {f"value_{key}": "di_atas_ekspektasi" for key in keys}
    assert client.post(f"{base}/berakhlak", data=dict(ratings, note="Selalu sigap melayani.")).status_code == 302
    text = page_text(client.get(base))
    assert "Perilaku kerja Di atas ekspektasi Predikat kinerja Sangat Baik" in text
    assert "di bawah 90% berarti di bawah ekspektasi, 110% atau lebih berarti di atas ekspektasi" in text
    db.session.expire_all()
    stored = db.session.get(Appraisal, appraisal.id)
    assert stored.performance_rating == "sangat_baik" and stored.core_values_note == "Selalu sigap melayani."


def test_the_skp_locks_once_the_supervisor_submitted(db, client, login, city):
    appraisal = appraisal_of(db, city.cycle, city.staff[0])
    fill_performance(db, appraisal)
    rate_all(db, form_of(db, city.cycle, city.staff[0], "supervisor"), 2)
    login(city.head_user)
    base = f"/penilaian/{appraisal.id}/skp"
    assert "Penilaian atasan sudah dikirim: SKP terkunci." in page_text(client.get(base))
    response = client.post(f"{base}/target", data=_target("new", actual="10"))
    assert response.status_code == 422
    assert db.session.scalar(select(WorkTarget.id).where(WorkTarget.actual == 10)) is None
