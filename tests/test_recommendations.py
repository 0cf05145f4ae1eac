"""Recommendations on the "Kesenjangan Kompetensi" page and the training-needs analysis, on a small hand-built
catalogue whose plan is worked out below."""

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import select

from competencies import ledger
from courses.models import CourseCompetency, Enrolment
from courses.planning.recommendations import recommend
from courses.planning.training_needs import training_needs
from tests.helpers import page_text
from tests.recommendation_helpers import build_world

TODAY = date.today()


@pytest.fixture
def world(db, make_unit, make_position, make_employee, make_user, make_course, make_enrolment, make_workshop):
    return build_world(db, make_unit, make_position, make_employee, make_user, make_course, make_enrolment,
                       make_workshop)


def _codes(result) -> list[str]:
    return [item.course.code for item in result.items]


def test_the_plan_closes_the_most_weighted_gap_per_jp_in_prerequisite_order(world):
    result = recommend(world.siti, TODAY)
    assert result.gaps.jpm == 36.36
    assert [(row.code, row.gap) for row in result.gaps.rows] == [
        ("T.PP", 2), ("T.ARS", 3), ("T.DATA", 2), ("M.01", 0)]  # critical first, then the largest gap
    assert _codes(result) == ["DATA-1", "ARS-1", "PP-DASAR", "PP-LANJUT"]
    assert result.total_jp == 64
    assert [(row.code, reached) for row, reached in result.uncloseable] == [("T.ARS", 3)]
    reasons = {item.course.code: item.reasons for item in result.items}
    assert reasons["PP-DASAR"] == ["Pelayanan Publik 1 → 2, kritis untuk jabatan Anda (level 3)"]
    assert reasons["ARS-1"] == ["Kearsipan 1 → 3, wajib untuk jabatan Anda (level 4)"]


def test_each_course_carries_its_next_open_class_or_says_none(world):
    items = {item.course.code: item for item in recommend(world.siti, TODAY).items}
    assert items["PP-DASAR"].next_class.workshop == world.full
    assert (items["PP-DASAR"].next_class.seats.left, items["PP-DASAR"].next_class.seats.waitlisted) == (0, 1)
    assert items["ARS-1"].next_class.seats.left == 20
    assert items["DATA-1"].next_class is None


def test_completed_courses_are_not_recommended_again_and_count_as_prerequisites(db, world, make_enrolment,
                                                                                make_workshop):
    finished = make_workshop(world.courses["PP-DASAR"], status="completed", first_day=TODAY - timedelta(days=60),
                             batch="Angkatan 2025")
    make_enrolment(finished, world.siti, status="completed")
    ledger.override_level(world.hr, world.siti, world.pp, 2, "selesai PP-DASAR")
    db.session.commit()
    result = recommend(world.siti, TODAY)
    assert _codes(result) == ["DATA-1", "ARS-1", "PP-LANJUT"]
    assert not result.items[-1].step.prerequisite_for


def test_a_prerequisite_only_course_says_which_course_it_opens(db, world):
    ledger.override_level(world.hr, world.siti, world.pp, 2, "uji ulang")  # PP-DASAR itself closes nothing now
    db.session.commit()
    result = recommend(world.siti, TODAY)
    assert _codes(result) == ["DATA-1", "ARS-1", "PP-DASAR", "PP-LANJUT"]
    assert result.items[2].reasons == ["Prasyarat untuk Pelatihan PP-LANJUT"]


def test_courses_reserved_for_other_position_kinds_are_left_out(db, world, make_workshop):
    make_workshop(world.courses["DATA-1"], first_day=TODAY + timedelta(days=20),
                  eligible_position_kinds=["pengawas"])
    assert "DATA-1" not in _codes(recommend(world.siti, TODAY))


def test_career_mode_measures_against_the_target_position(world):
    result = recommend(world.siti, TODAY, target=world.chief_position)
    assert [(row.code, row.required, row.current) for row in result.gaps.rows] == [("T.PP", 4, 1)]
    assert _codes(result) == ["PP-DASAR", "PP-LANJUT"]
    assert [(row.code, reached) for row, reached in result.uncloseable] == [("T.PP", 3)]
    assert result.items[0].reasons == ["Pelayanan Publik 1 → 2, wajib untuk jabatan tujuan (level 4)"]


# --- the page ---------------------------------------------------------------------------------------------------

def _page(world) -> str:
    return f"/pegawai/{world.siti.id}/kesenjangan-kompetensi"


def test_the_employee_sees_gaps_the_chart_and_the_plan(client, login, world):
    login(world.siti_user)
    response = client.get(_page(world))
    assert response.status_code == 200
    text = page_text(response)
    assert "36,36% Kurang Optimal" in text and "1 / 4" in text and "4 pelatihan, 64 JP" in text  # BKN's JPM
    assert text.index("Pelatihan DATA-1") < text.index("Pelatihan ARS-1") < text.index("Pelatihan PP-LANJUT")
    assert "penuh, daftar tunggu 1 orang" in text and "20 kursi tersisa" in text
    assert "Belum ada kelas yang dibuka untuk pendaftaran." in text
    assert "Kearsipan T.ARS : dipersyaratkan level 4, rencana mencapai level 3" in text
    assert "dengan JP sesedikit mungkin" in text and "berbobot terbanyak per JP" not in text  # words, not method
    html = response.get_data(as_text=True)
    chart = html[html.index('<svg'):html.index('</svg>')]  # drawn on the server, bars per requirement by full name
    assert 'role="img"' in chart and 'aria-describedby="gap-chart-note"' in html and 'href="#gap-table"' in html
    names = ("Pelayanan Publik", "Kearsipan", "Pengolahan Data", "Integritas")
    assert all(f">{name}<" in chart for name in names) and "T.PP" not in chart
    assert "Jabatan tujuan (jalur karier): Kepala Seksi Pelayanan" in text


def test_one_click_enrolment_returns_to_the_gap_page_in_the_mode_it_was_in(db, client, login, world):
    login(world.siti_user)
    career = f"{_page(world)}?tujuan={world.chief_position.id}"
    response = client.post(f"/katalog/kelas/{world.ars.id}/daftar", headers={"Referer": f"http://localhost{career}"})
    assert response.status_code == 302 and response.headers["Location"] == career  # still in career mode
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.workshop_id == world.ars.id,
                                                          Enrolment.employee_id == world.siti.id))
    assert enrolment.status == "enrolled"
    assert "Terdaftar" in page_text(client.get(_page(world)))


def test_the_supervisor_reads_the_page_without_enrolling_and_hr_nominates(db, client, login, world):
    login(world.chief_user)
    text = page_text(client.get(_page(world)))
    assert "Pelatihan ARS-1" in text and "Daftar" not in text.split("Rekomendasi pelatihan")[1]
    client.post("/keluar")
    login(world.rudi_user)
    assert client.get(_page(world)).status_code == 403
    client.post("/keluar")
    login(world.hr)
    response = client.post(f"/pegawai/{world.siti.id}/kesenjangan-kompetensi/usulkan/{world.ars.id}")
    assert response.status_code == 302
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.workshop_id == world.ars.id,
                                                          Enrolment.employee_id == world.siti.id))
    assert enrolment.status == "enrolled" and enrolment.nominated


def test_career_mode_on_the_page_and_an_unknown_target(client, login, world):
    login(world.siti_user)
    text = page_text(client.get(_page(world) + f"?tujuan={world.chief_position.id}"))
    assert "Mode karier: kesenjangan terhadap standar kompetensi jabatan Kepala Seksi Pelayanan." in text
    assert "Job person match (JPM) 25,00% Kurang Memenuhi Syarat" in text  # PP 1 of 4: the selection category
    assert client.get(_page(world) + f"?tujuan={world.position.id}").status_code == 404


def test_a_position_without_requirements_says_so(client, login, world, make_employee, make_user):
    loner = make_employee("Tanpa Standar")
    login(make_user(employee=loner))
    text = page_text(client.get(f"/pegawai/{loner.id}/kesenjangan-kompetensi"))
    assert "belum memiliki standar kompetensi jabatan" in text


def test_the_page_runs_the_same_number_of_queries_for_a_longer_plan(db, client, login, world, count_queries,
                                                                    make_course, make_workshop):
    login(world.siti_user)
    client.get(_page(world))
    with count_queries() as short:
        client.get(_page(world))
    for code in ("DATA-1", "ARS-1"):
        make_workshop(world.courses[code], first_day=TODAY + timedelta(days=40), batch="Angkatan IX")
    more = make_course(code="ARS-2", title="Pelatihan ARS-2", hours_jp=8)
    db.session.add(CourseCompetency(course=more, competency=world.arsip, entry_level=3, granted_level=4))
    db.session.commit()
    with count_queries() as long:
        response = client.get(_page(world))
    assert "Pelatihan ARS-2" in page_text(response)
    assert len(long) == len(short)


# --- training-needs analysis -------------------------------------------------------------------------------------

def test_training_needs_rank_courses_by_the_gap_they_close(world):
    """Siti's plan is above; Rudi (PP 2, Data 2, Arsip 4) needs PP-LANJUT only (2 x 1 = 2), whose prerequisite
    PP-DASAR he is waiting for (enrolled, so placed). The chief has no requirements of his own besides PP 4
    (critical; no evidence: gap 4): PP-DASAR then PP-LANJUT, PP staying at 3."""
    result = training_needs(world.unit.id, TODAY, 30)
    assert (result.people, result.people_with_gap) == (3, 3)
    needs = {need.course.code: need for need in result.needs}
    # PP-DASAR: Siti 2 (PP 1->2, critical) + the chief (0->2: 2 x 2 = 4) + Rudi (prerequisite of PP-LANJUT: 2).
    assert (needs["PP-DASAR"].people, needs["PP-DASAR"].severity, needs["PP-DASAR"].placed) == (3, 2 + 4 + 2, 2)
    assert (needs["PP-LANJUT"].people, needs["PP-LANJUT"].severity) == (3, 6)
    assert [need.course.code for need in result.needs][:2] == ["PP-DASAR", "PP-LANJUT"]
    assert (needs["ARS-1"].people, needs["ARS-1"].seats_left, needs["ARS-1"].shortfall) == (1, 20, 0)
    # PP-LANJUT has no class: 3 people short, one class of the default size.
    assert (needs["PP-LANJUT"].shortfall, needs["PP-LANJUT"].extra_classes, needs["PP-LANJUT"].class_size) == (3, 1, 30)
    assert [(competency.code, people) for competency, people in result.uncloseable] == [("T.ARS", 1), ("T.PP", 1)]
    assert result.candidates[world.courses["PP-LANJUT"].id][0] == (world.chief.id, 2)


def test_training_needs_of_a_unit_leave_out_the_other_units(world, make_unit, make_employee):
    other = make_employee("Pegawai Lain", position=world.position, unit=make_unit("Dinas Lain"))
    assert other.unit_id != world.unit.id
    assert training_needs(world.unit.id, TODAY, 30).people == 3
    assert training_needs(None, TODAY, 30).people == 5  # also the HR officer, elsewhere


def test_hr_page_exports_and_access(client, login, world):
    login(world.siti_user)
    assert client.get("/analisis-kebutuhan-pelatihan").status_code == 403
    client.post("/keluar")
    login(world.hr)
    text = page_text(client.get(f"/analisis-kebutuhan-pelatihan?unit={world.unit.id}"))
    assert "3 dari 3 pegawai aktif memiliki kesenjangan kompetensi." in text
    assert "buka 1 kelas lagi @ 30 kursi" in text
    assert client.get("/analisis-kebutuhan-pelatihan?unit=999999").status_code == 404
    rows = list(csv.reader(io.StringIO(client.get(f"/analisis-kebutuhan-pelatihan?unit={world.unit.id}&format=csv")
                                       .get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Peringkat", "Kode", "Pelatihan"]
    assert rows[1][1] == "PP-DASAR" and rows[1][4:6] == ["3", "8"]
    response = client.get(f"/analisis-kebutuhan-pelatihan?unit={world.unit.id}&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert [cell.value for cell in sheet[2]][1:6] == ["PP-DASAR", "Pelatihan PP-DASAR", 16, 3, 8]


def test_hr_nominates_the_most_severe_cases_first(db, client, login, world, make_workshop):
    course = world.courses["ARS-1"]
    make_workshop(course, status="draft", first_day=TODAY + timedelta(days=50), batch="Angkatan Draf")
    login(world.hr)
    url = f"/analisis-kebutuhan-pelatihan/pelatihan/{course.id}/usulan?unit={world.unit.id}"
    text = page_text(client.get(url))
    assert "Siti Aminah" in text and "Angkatan Draf" not in text  # a draft class takes no nominations
    response = client.post(url, data={"workshop_id": world.ars.id, "count": 5})
    assert response.status_code == 302
    assert db.session.scalar(select(Enrolment).where(Enrolment.workshop_id == world.ars.id)) is None
    response = client.post(url, data={"workshop_id": world.ars.id, "count": 1})
    assert response.status_code == 302
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.workshop_id == world.ars.id))
    assert (enrolment.employee_id, enrolment.status, enrolment.nominated) == (world.siti.id, "enrolled", True)
    assert world.courses["ARS-1"].id not in training_needs(world.unit.id, TODAY, 30).candidates
