"""The training-effectiveness report on a small city, its numbers worked out by hand for 2026:

    Pemerintah Kota Medan
      Dinas Kesehatan (OPD)        Budi, Citra (perawat: UJI.01 at 3, UJI.02 at 2)
        Bidang Pelayanan           Ani (perawat)
      Dinas Pendidikan (OPD)       Dedi, Eko, Hana, Gita (inactive) (guru: UJI.01 at 2, UJI.03 at 3)

    DIK-A Pelayanan Prima (UJI.01 -> 3, UJI.02 -> 2)
      Angkatan I, 9-10 March, closed 10 March 09:00 UTC (16:00 WIB, before the day ends)
        Ani completed 40 -> 80, Budi completed 60 -> 70, Dedi completed 50 -> none, Eko failed 30 -> 35
      Angkatan II, 4 May, closed 6 May: Hana completed 70 -> 90
      Angkatan III, running in June: not counted
    DIK-B Kearsipan Dasar (UJI.03 -> 3)
      Angkatan I, 1 April, closed 10:00 UTC: Dedi completed 20 -> 60, Eko completed none -> 50
    DIK-C Lama: a class of November 2025, outside the period

    levels before -> after (ledger: appraisal/assessment/hr_override set, a course only raises, revoked ignored)
      DIK-A UJI.01  Ani 2 -> 3 (her revoked assessment 5 does not count), Budi 2 (override from 4) -> 3,
                    Dedi 1 -> 3, Hana 1 -> 3: mean 1.5 -> 3.0, gain 1.5, 4 raised
      DIK-A UJI.02  Ani 1 -> 2, Budi 3 -> 3, Dedi 0 -> 2, Hana 0 -> 2: mean 1.0 -> 2.25, gain 1.25, 3 raised
      DIK-B UJI.03  Dedi 1 -> 3, Eko 2 -> 3: mean 1.5 -> 3.0, gain 1.5, 2 raised
    tests (both scores)  DIK-A Ani, Budi, Hana: pre 170/3, post 80, gain (40 + 10 + 20) / 3
                         DIK-B Dedi: 20, 60, 40;  all: (40 + 10 + 20 + 40) / 4 = +27.50
    feedback             DIK-A Ani 5/4/5, Budi 3/4/4, Hana 4/5/3 -> 4.0, 4.33, 4.0; DIK-B Dedi 2/3/4
                         all: (12 + 13 + 12 + 9) / 12 = 3.83
    gaps then -> now     A-I  Dinas Kesehatan UJI.01: Ani 2, Budi 2 below 3, Citra 3 (her assessment 2 came at
                              12:00, after the closing) -> 2; now all at 3 -> 0
                         A-I  Dinas Kesehatan UJI.02: Ani 1, Citra 1 below 2 -> 2; now Citra -> 1
                         A-I  Dinas Pendidikan UJI.01: Dedi 1, Hana 1 below 2 -> 2; now 0 (Dedi set back to 2
                              in July still meets it; Gita is inactive)
                         A-II Dinas Pendidikan UJI.01 at the end of 4 May: Hana 1 -> 1; now 0
                         B-I  Dinas Pendidikan UJI.03: Dedi 1, Eko 2, Hana 0 below 3 -> 3; now Hana -> 1

The same numbers also come from a plain loop over HISTORY (the ledger rule written out once more).
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import event

from competencies import ledger
from competencies.models import Requirement
from courses.models import CourseCompetency, Feedback
from kompeten.reports.effectiveness_report import EffectivenessFilters, build_effectiveness_report
from kompeten.reports.rendering import render
from tests.helpers import page_text

PARAMS = {"date_from": "2026-01-01", "date_to": "2026-12-31", "course_id": None}

# (when, employee, competency, source, level, enrolment key or None, revoked)
HISTORY = [
    (datetime(2026, 1, 15, 2), "ani", "UJI.01", "appraisal", 2, None, False),
    (datetime(2026, 1, 15, 2), "ani", "UJI.02", "appraisal", 1, None, False),
    (datetime(2026, 1, 15, 2), "budi", "UJI.01", "appraisal", 4, None, False),
    (datetime(2026, 1, 15, 2), "budi", "UJI.02", "appraisal", 3, None, False),
    (datetime(2026, 1, 15, 2), "citra", "UJI.01", "appraisal", 3, None, False),
    (datetime(2026, 1, 15, 2), "citra", "UJI.02", "appraisal", 1, None, False),
    (datetime(2026, 1, 15, 2), "dedi", "UJI.01", "appraisal", 1, None, False),
    (datetime(2026, 1, 15, 2), "dedi", "UJI.03", "appraisal", 1, None, False),
    (datetime(2026, 1, 15, 2), "eko", "UJI.01", "appraisal", 2, None, False),
    (datetime(2026, 1, 15, 2), "eko", "UJI.03", "appraisal", 2, None, False),
    (datetime(2026, 1, 15, 2), "hana", "UJI.01", "appraisal", 1, None, False),
    (datetime(2026, 2, 1, 3), "budi", "UJI.01", "hr_override", 2, None, False),
    (datetime(2026, 2, 20, 4), "ani", "UJI.01", "assessment", 5, None, True),
    (datetime(2026, 3, 10, 9), "ani", "UJI.01", "course", 3, "a1-ani", False),
    (datetime(2026, 3, 10, 9), "ani", "UJI.02", "course", 2, "a1-ani", False),
    (datetime(2026, 3, 10, 9), "budi", "UJI.01", "course", 3, "a1-budi", False),
    (datetime(2026, 3, 10, 9), "budi", "UJI.02", "course", 2, "a1-budi", False),
    (datetime(2026, 3, 10, 9), "dedi", "UJI.01", "course", 3, "a1-dedi", False),
    (datetime(2026, 3, 10, 9), "dedi", "UJI.02", "course", 2, "a1-dedi", False),
    (datetime(2026, 3, 10, 12), "citra", "UJI.01", "assessment", 2, None, False),
    (datetime(2026, 4, 1, 10), "dedi", "UJI.03", "course", 3, "b1-dedi", False),
    (datetime(2026, 4, 1, 10), "eko", "UJI.03", "course", 3, "b1-eko", False),
    (datetime(2026, 5, 6, 2), "hana", "UJI.01", "course", 3, "a2-hana", False),
    (datetime(2026, 5, 6, 2), "hana", "UJI.02", "course", 2, "a2-hana", False),
    (datetime(2026, 7, 1, 2), "dedi", "UJI.01", "appraisal", 2, None, False),
    (datetime(2026, 7, 1, 2), "citra", "UJI.01", "appraisal", 3, None, False),
]
PERAWAT = {"UJI.01": 3, "UJI.02": 2}
GURU = {"UJI.01": 2, "UJI.03": 3}


@dataclass
class Town:
    units: dict
    people: dict
    competencies: dict
    courses: dict
    workshops: dict
    enrolments: dict
    hr: object


@pytest.fixture
def town(db, make_unit, make_position, make_employee, make_user, make_course, make_enrolment, make_framework,
         make_workshop) -> Town:
    root = make_unit("Pemerintah Kota Medan", "pemkot")
    health = make_unit("Dinas Kesehatan", "opd", root)
    service = make_unit("Bidang Pelayanan", "bidang", health)
    education = make_unit("Dinas Pendidikan", "opd", root)
    framework = make_framework(levels=5)
    competencies = {c.code: c for c in framework.competencies}
    nurse = make_position("Perawat Terampil", "fungsional_keterampilan", unit=health)
    teacher = make_position("Guru Ahli", "fungsional_keahlian", unit=education)
    for position, required in ((nurse, PERAWAT), (teacher, GURU)):
        for code, level in required.items():
            db.session.add(Requirement(position_id=position.id, competency_id=competencies[code].id, level=level,
                                       weight="normal"))
    db.session.commit()
    placement = {"ani": (service, nurse), "budi": (health, nurse), "citra": (health, nurse),
                 "dedi": (education, teacher), "eko": (education, teacher), "hana": (education, teacher),
                 "gita": (education, teacher)}
    people = {key: make_employee(key.capitalize(), position, unit=unit, is_active=key != "gita")
              for key, (unit, position) in placement.items()}

    prima = make_course(title="Pelayanan Prima", code="DIK-A")
    archives = make_course(title="Kearsipan Dasar", code="DIK-B")
    old = make_course(title="Lama", code="DIK-C")
    for course, code, granted in ((prima, "UJI.01", 3), (prima, "UJI.02", 2), (archives, "UJI.03", 3),
                                  (old, "UJI.01", 2)):
        db.session.add(CourseCompetency(course_id=course.id, competency_id=competencies[code].id,
                                        granted_level=granted))
    db.session.commit()
    workshops = {
        "a1": make_workshop(prima, batch="Angkatan I", sessions=2, first_day=date(2026, 3, 9), status="completed",
                            closed_at=datetime(2026, 3, 10, 9)),
        "a2": make_workshop(prima, batch="Angkatan II", first_day=date(2026, 5, 4), status="completed",
                            closed_at=datetime(2026, 5, 6, 2)),
        "a3": make_workshop(prima, batch="Angkatan III", first_day=date(2026, 6, 1), status="running"),
        "b1": make_workshop(archives, first_day=date(2026, 4, 1), status="completed",
                            closed_at=datetime(2026, 4, 1, 10)),
        "c1": make_workshop(old, first_day=date(2025, 11, 1), status="completed",
                            closed_at=datetime(2025, 11, 1, 10)),
    }
    enrolments = {}
    for key, workshop, person, status, pre, post in (
            ("a1-ani", "a1", "ani", "completed", 40, 80), ("a1-budi", "a1", "budi", "completed", 60, 70),
            ("a1-dedi", "a1", "dedi", "completed", 50, None), ("a1-eko", "a1", "eko", "failed", 30, 35),
            ("a2-hana", "a2", "hana", "completed", 70, 90), ("a3-citra", "a3", "citra", "enrolled", 10, None),
            ("b1-dedi", "b1", "dedi", "completed", 20, 60), ("b1-eko", "b1", "eko", "completed", None, 50),
            ("c1-citra", "c1", "citra", "completed", 0, 100)):
        enrolments[key] = make_enrolment(workshops[workshop], people[person], status, pre_score=pre,
                                         post_score=post)
    for key, scores in (("a1-ani", (5, 4, 5)), ("a1-budi", (3, 4, 4)), ("a2-hana", (4, 5, 3)),
                        ("b1-dedi", (2, 3, 4)), ("c1-citra", (1, 1, 1))):
        db.session.add(Feedback(enrolment_id=enrolments[key].id, content_score=scores[0], trainer_score=scores[1],
                                relevance_score=scores[2]))
    for when, person, code, source, level, enrolment, revoked in HISTORY:  # in time order, as the ledger grows
        source_id = enrolments[enrolment].id if enrolment else (9000 + len(enrolments) if revoked else None)
        entry = ledger.record_evidence(None, people[person].id, competencies[code].id, level, source, source_id)
        entry.recorded_at = when
        db.session.flush()
        if revoked:
            ledger.revoke_evidence(None, source, [source_id], "salah input")
    db.session.commit()
    hr = make_user("hr", with_employee=False, email="bkpsdm@pemkomedan.go.id")
    return Town({"health": health, "service": service, "education": education}, people, competencies,
                {"prima": prima, "archives": archives, "old": old}, workshops, enrolments, hr)


def _table(report, title: str) -> list[list]:
    return next(table.rows for table in report.tables() if table.title == title)


# --- the rule written out again -----------------------------------------------------------------------------

def level_at(person: str, code: str, before: datetime) -> int:
    """The level HISTORY gives ``person`` in ``code`` from the live entries recorded before ``before``."""
    level = 0
    for when, who, competency, source, value, _enrolment, revoked in HISTORY:
        if who == person and competency == code and not revoked and when < before:
            level = max(level, value) if source == "course" else value
    return level


def completion_time(enrolment: str) -> datetime:
    return min(when for when, *rest in HISTORY if rest[4] == enrolment)


def test_levels_before_and_after_match_a_plain_replay(town):
    report = build_effectiveness_report(PARAMS)
    rows = {(row[0], row[2]): row for row in _table(report, "Level kompetensi sebelum dan sesudah pelatihan")}
    courses = {"DIK-A": ["a1-ani", "a1-budi", "a1-dedi", "a2-hana"], "DIK-B": ["b1-dedi", "b1-eko"]}
    granted = {("DIK-A", "UJI.01"): 3, ("DIK-A", "UJI.02"): 2, ("DIK-B", "UJI.03"): 3}
    for (course, code), level in granted.items():
        before = [level_at(key.split("-")[1], code, completion_time(key)) for key in courses[course]]
        after = [max(value, level) for value in before]
        row = rows[(course, code)]
        assert row[5] == len(before)
        assert row[6] == pytest.approx(sum(before) / len(before))
        assert row[7] == pytest.approx(sum(after) / len(after))
        assert row[9] == sum(a > b for a, b in zip(after, before, strict=True))


def test_the_report_has_the_hand_computed_numbers(town):
    report = build_effectiveness_report(PARAMS)
    assert report.title == "Laporan Efektivitas Pelatihan"
    assert report.filters == [("Kelas berakhir", "1 Januari 2026 – 31 Desember 2026"),
                              ("Pelatihan", "Semua pelatihan")]
    assert report.figures == [("Pelatihan", "2"), ("Peserta lulus", "6"), ("Rata-rata kenaikan nilai tes", "+27,50"),
                              ("Rata-rata umpan balik", "3,83 dari 5")]
    assert _table(report, "Efektivitas per pelatihan") == [
        ["DIK-A", "Pelayanan Prima", 2, 4, 3, pytest.approx(170 / 3), pytest.approx(80.0), pytest.approx(70 / 3),
         3, pytest.approx(4.0), pytest.approx(13 / 3), pytest.approx(4.0)],
        ["DIK-B", "Kearsipan Dasar", 1, 2, 1, 20.0, 60.0, 40.0, 1, 2.0, 3.0, 4.0]]
    assert _table(report, "Level kompetensi sebelum dan sesudah pelatihan") == [
        ["DIK-A", "Pelayanan Prima", "UJI.01", "Kompetensi Uji 1", 3, 4, 1.5, 3.0, 1.5, 4],
        ["DIK-A", "Pelayanan Prima", "UJI.02", "Kompetensi Uji 2", 2, 4, 1.0, 2.25, 1.25, 3],
        ["DIK-B", "Kearsipan Dasar", "UJI.03", "Kompetensi Uji 3", 3, 2, 1.5, 3.0, 1.5, 2]]
    gaps = _table(report, "Kesenjangan perangkat daerah peserta: saat kelas berakhir dan sekarang")
    first, second, archives = ("DIK-A Pelayanan Prima – Angkatan I", "DIK-A Pelayanan Prima – Angkatan II",
                               "DIK-B Kearsipan Dasar – Angkatan I")
    assert gaps == [
        [first, date(2026, 3, 10), "Dinas Kesehatan", "UJI.01 Kompetensi Uji 1", 3, 2, 0, -2],
        [first, date(2026, 3, 10), "Dinas Kesehatan", "UJI.02 Kompetensi Uji 2", 3, 2, 1, -1],
        [first, date(2026, 3, 10), "Dinas Pendidikan", "UJI.01 Kompetensi Uji 1", 3, 2, 0, -2],
        [second, date(2026, 5, 4), "Dinas Pendidikan", "UJI.01 Kompetensi Uji 1", 3, 1, 0, -1],
        [archives, date(2026, 4, 1), "Dinas Pendidikan", "UJI.03 Kompetensi Uji 3", 3, 3, 1, -2]]
    assert _table(report, "Kelas yang selesai dalam periode") == [
        ["DIK-A", "Pelayanan Prima", "Angkatan I", date(2026, 3, 9), date(2026, 3, 10), 3],
        ["DIK-A", "Pelayanan Prima", "Angkatan II", date(2026, 5, 4), date(2026, 5, 4), 1],
        ["DIK-B", "Kearsipan Dasar", "Angkatan I", date(2026, 4, 1), date(2026, 4, 1), 2]]


AGENCY = {"ani": "health", "budi": "health", "citra": "health", "dedi": "education", "eko": "education",
          "hana": "education"}  # the active people; Gita is not counted
REQUIRED = {"health": PERAWAT, "education": GURU}


def test_the_gap_movement_matches_a_plain_loop(town):
    """Then: the ledger before min(end of the last day in WIB, the closing); now: everything."""
    report = build_effectiveness_report(PARAMS)
    gaps = _table(report, "Kesenjangan perangkat daerah peserta: saat kelas berakhir dan sekarang")
    cutoffs = {"DIK-A Pelayanan Prima – Angkatan I": min(datetime(2026, 3, 10, 17), datetime(2026, 3, 10, 9)),
               "DIK-A Pelayanan Prima – Angkatan II": min(datetime(2026, 5, 4, 17), datetime(2026, 5, 6, 2)),
               "DIK-B Kearsipan Dasar – Angkatan I": min(datetime(2026, 4, 1, 17), datetime(2026, 4, 1, 10))}
    names = {"health": "Dinas Kesehatan", "education": "Dinas Pendidikan"}
    for workshop, _ends, agency_name, competency, people, then, now, change in gaps:
        code = competency.split()[0]
        agency = next(key for key, name in names.items() if name == agency_name)
        required = REQUIRED[agency][code]
        holders = [person for person, where in AGENCY.items() if where == agency]
        assert people == len(holders)
        assert then == sum(level_at(p, code, cutoffs[workshop]) < required for p in holders)
        assert now == sum(level_at(p, code, datetime(2100, 1, 1)) < required for p in holders)
        assert change == now - then


def test_one_course_and_a_shorter_period(town):
    report = build_effectiveness_report({"date_from": "2026-03-01", "date_to": "2026-03-31",
                                         "course_id": town.courses["prima"].id})
    assert report.filters == [("Kelas berakhir", "1 Maret 2026 – 31 Maret 2026"),
                              ("Pelatihan", "DIK-A – Pelayanan Prima")]
    assert [row[:5] for row in _table(report, "Efektivitas per pelatihan")] == [["DIK-A", "Pelayanan Prima", 1, 3, 2]]
    assert [row[5:9] for row in _table(report, "Level kompetensi sebelum dan sesudah pelatihan")] == [
        [3, pytest.approx(5 / 3), 3.0, pytest.approx(4 / 3)],
        [3, pytest.approx(4 / 3), pytest.approx(7 / 3), pytest.approx(1.0)]]
    empty = build_effectiveness_report({"date_from": "2024-01-01", "date_to": "2024-12-31", "course_id": None})
    assert empty.figures == [("Pelatihan", "0"), ("Peserta lulus", "0"), ("Rata-rata kenaikan nilai tes", "—"),
                             ("Rata-rata umpan balik", "—")]
    assert all(not table.rows for table in empty.tables())
    text = _pdf_text(render(empty, "pdf"))
    assert "Belum ada nilai pre-test dan post-test." in text and "Tidak ada data." in text


def test_a_revoked_completion_no_longer_counts(db, town):
    ledger.revoke_evidence(None, "course", [town.enrolments["a2-hana"].id], "kelas dibuka kembali")
    db.session.commit()
    rows = _table(build_effectiveness_report(PARAMS), "Level kompetensi sebelum dan sesudah pelatihan")
    assert [row[5:8] for row in rows[:2]] == [[3, pytest.approx(5 / 3), 3.0], [3, pytest.approx(4 / 3),
                                                                                pytest.approx(7 / 3)]]


def test_the_queries_do_not_grow_with_the_participants(db, town, make_employee, make_enrolment):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def queries() -> int:
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            build_effectiveness_report(PARAMS)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    before = queries()
    for number in range(4):
        person = make_employee(f"Peserta {number}", town.people["dedi"].position, unit=town.units["education"])
        enrolment = make_enrolment(town.workshops["a2"], person, "completed", pre_score=10,
                                   post_score=20)
        for code, level in (("UJI.01", 3), ("UJI.02", 2)):
            ledger.record_evidence(None, person.id, town.competencies[code].id, level, "course", enrolment.id)
    db.session.commit()
    assert queries() == before <= 12


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_the_pdf_xlsx_and_csv(town):
    report = build_effectiveness_report(PARAMS)
    text = _pdf_text(render(report, "pdf"))
    assert "Laporan Efektivitas Pelatihan" in text and "1 Januari 2026 – 31 Desember 2026" in text
    assert "+27,50" in text and "3,83 dari 5" in text and "56,67" in text and "23,33" in text
    assert "Pelayanan Prima" in text and "Dinas Pendidikan" in text and "10 Maret 2026" in text
    assert "Halaman 1 dari" in text

    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    titles = ("Efektivitas per pelatihan", "Level kompetensi sebelum dan sesudah pelatihan",
              "Kesenjangan perangkat daerah peserta: saat kelas berakhir dan sekarang",
              "Kelas yang selesai dalam periode")
    sheet_names = ["Efektivitas per pelatihan", "Level kompetensi sebelum dan se", "Kesenjangan perangkat daerah pe",
                   "Kelas yang selesai dalam period"]  # Excel's 31 characters, no ":"
    assert workbook.sheetnames == ["Laporan", *sheet_names]
    contents = [[cell.value for cell in row] for row in workbook["Laporan"].iter_rows()]
    assert contents[0] == ["Laporan", "Laporan Efektivitas Pelatihan"]
    assert [row for row in contents if str(row[0]).startswith("Lembar ")] == [  # the full titles, sheet by sheet
        [f"Lembar {name}", title] for name, title in zip(sheet_names, titles, strict=True)]
    rows = [[cell.value for cell in row] for row in workbook["Efektivitas per pelatihan"].iter_rows()]
    assert rows[0][:5] == ["Kode", "Pelatihan", "Kelas", "Peserta lulus", "Peserta dengan pre- dan post-test"]
    assert rows[2] == ["DIK-B", "Kearsipan Dasar", 1, 2, 1, 20, 60, 40, 1, 2, 3, 4]
    gaps = [[cell.value for cell in row] for row in workbook["Kesenjangan perangkat daerah pe"].iter_rows(min_row=2)]
    assert gaps[0][1].date() == date(2026, 3, 10) and gaps[0][4:] == [3, 2, 0, -2]

    lines = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:4] == ["Kode", "Pelatihan", "Kelas", "Peserta lulus"]
    assert lines[2][:8] == ["DIK-B", "Kearsipan Dasar", "1", "2", "1", "20.0", "60.0", "40.0"]


def test_the_filter_form_defaults_to_the_current_year(app):
    with app.test_request_context("/laporan/efektivitas-pelatihan"):
        form = EffectivenessFilters(formdata=None)
        year = date.today().year
        assert form.params() == {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31", "course_id": None}


def test_the_report_page_filters_and_access(client, login, town, make_user):
    login(make_user("employee"))
    assert client.get("/laporan/efektivitas-pelatihan?tampilkan=1").status_code == 403
    client.post("/keluar")
    login(town.hr)
    assert "Laporan efektivitas pelatihan" in page_text(client.get("/laporan"))
    response = client.get("/laporan/efektivitas-pelatihan?tampilkan=1&date_from=2026-01-01&date_to=2026-12-31")
    assert response.status_code == 200
    text = page_text(response)
    assert "+27,50" in text and "3,83 dari 5" in text and "Pelayanan Prima" in text and "Dinas Kesehatan" in text
    for query, message in (("date_from=2026-12-31&date_to=2026-01-01", "Tanggal akhir tidak boleh sebelum"),
                           ("date_from=kemarin", "Bukan tanggal yang valid."),
                           ("course_id=abc", "Pilihan tidak valid."), ("course_id=999999", "Pilihan tidak valid.")):
        response = client.get(f"/laporan/efektivitas-pelatihan?tampilkan=1&{query}")
        assert response.status_code == 422, query
        assert message in page_text(response)
    blank = client.get("/laporan/efektivitas-pelatihan")
    assert blank.status_code == 200 and f'value="{date.today().year}-01-01"' in blank.get_data(as_text=True)
