"""The small hand-built world of the recommendation tests (a position, its requirements, two employees, six
courses and two classes), shared by the recommendation and class-demand tests."""

from datetime import date, timedelta
from types import SimpleNamespace

from competencies import ledger
from competencies.models import Competency, Framework, Requirement
from courses.models import CourseCompetency, course_prerequisites
from lms.people.models import position_career_paths

TODAY = date.today()


def build_world(db, make_unit, make_position, make_employee, make_user, make_course, make_enrolment, make_workshop):
    """Pengadministrasi requires Pelayanan Publik 3 (critical), Integritas 2, Pengolahan Data 2, Kearsipan 4.
    Siti holds PP 1, Integritas 2, Kearsipan 1 and nothing in Pengolahan Data.

    Gaps (weight x levels): PP 2 x 2 = 4, Data 1 x 2 = 2, Arsip 1 x 3 = 3; JPM (BKN: achieved over required
    levels) = (1 + 2 + 0 + 1) / (3 + 2 + 2 + 4) = 4 / 11 = 36.36%.

    The greedy choice, weighted gap closed per JP:
      1. DATA-1 (8 JP, Data 0>2): 2 / 8 = 0.25, the best;
      2. ARS-1 (16 JP, Arsip 1>3): 2 / 16 = 0.125, ties with PP-DASAR (PP 1>2: 2 x 1 = 2 / 16) on value and JP,
         and wins on code;
      3. PP-DASAR: 0.125 against PP-LANJUT with its prerequisite (4 / 40 = 0.1) and PP-KILAT (4 / 48);
      4. PP-LANJUT (24 JP, PP 2>3, needs PP-DASAR, now planned): 2 / 24 against PP-KILAT 2 / 48.
    Total 64 JP; Kearsipan stays at 3 of 4 (no course goes further); INTEGRITAS-4 is never chosen (no gap).
    """
    framework = Framework(code="ASN", name="Kompetensi ASN", scale=["1", "2", "3", "4", "5"], proficient_level=3)
    pp = Competency(framework=framework, code="T.PP", name="Pelayanan Publik", type="teknis")
    integritas = Competency(framework=framework, code="M.01", name="Integritas", type="manajerial")
    data = Competency(framework=framework, code="T.DATA", name="Pengolahan Data", type="teknis")
    arsip = Competency(framework=framework, code="T.ARS", name="Kearsipan", type="teknis")
    unit = make_unit("Dinas Kependudukan")
    sub = make_unit("Bidang Pelayanan", kind="bidang", parent=unit)
    position = make_position("Pengadministrasi", unit=sub)
    chief_position = make_position("Kepala Seksi Pelayanan", kind="pengawas", unit=sub)
    db.session.add_all([framework, pp, integritas, data, arsip,
                        Requirement(position=position, competency=pp, level=3, weight="critical"),
                        Requirement(position=position, competency=integritas, level=2),
                        Requirement(position=position, competency=data, level=2),
                        Requirement(position=position, competency=arsip, level=4),
                        Requirement(position=chief_position, competency=pp, level=4, weight="critical")])
    db.session.execute(position_career_paths.insert().values(position_id=position.id,
                                                             next_position_id=chief_position.id))
    db.session.commit()
    chief = make_employee("Kepala Seksi", position=chief_position)
    siti = make_employee("Siti Aminah", position=position, supervisor=chief)
    rudi = make_employee("Rudi Hartono", position=position, supervisor=chief)
    hr = make_user("employee", "hr")
    for employee, levels in ((siti, {pp: 1, integritas: 2, arsip: 1}), (rudi, {pp: 2, integritas: 2, data: 2,
                                                                             arsip: 4})):
        for competency, level in levels.items():
            ledger.override_level(hr, employee, competency, level, "hasil uji kompetensi")
    courses = {}
    for code, hours, rows in (("PP-DASAR", 16, [(pp, 0, 2)]), ("PP-LANJUT", 24, [(pp, 2, 3)]),
                              ("PP-KILAT", 48, [(pp, 1, 3)]), ("DATA-1", 8, [(data, 0, 2)]),
                              ("ARS-1", 16, [(arsip, 1, 3)]), ("INTEGRITAS-4", 8, [(integritas, 0, 4)])):
        course = courses[code] = make_course(code=code, title=f"Pelatihan {code}", hours_jp=hours)
        for competency, entry, granted in rows:
            db.session.add(CourseCompetency(course=course, competency=competency, entry_level=entry,
                                            granted_level=granted))
    db.session.execute(course_prerequisites.insert().values(course_id=courses["PP-LANJUT"].id,
                                                            required_course_id=courses["PP-DASAR"].id))
    db.session.commit()
    soon = TODAY + timedelta(days=10)
    full = make_workshop(courses["PP-DASAR"], capacity=1, first_day=soon, batch="Angkatan I")
    make_enrolment(full, rudi)
    make_enrolment(full, chief, status="waitlisted")
    ars = make_workshop(courses["ARS-1"], capacity=20, first_day=soon + timedelta(days=7), batch="Angkatan II")
    return SimpleNamespace(unit=unit, sub=sub, position=position, chief_position=chief_position, siti=siti,
                           rudi=rudi, chief=chief, courses=courses, full=full, ars=ars, pp=pp, arsip=arsip, data=data,
                           hr=hr, siti_user=make_user(employee=siti), chief_user=make_user(employee=chief),
                           rudi_user=make_user(employee=rudi))
