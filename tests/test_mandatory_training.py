"""Mandatory training by position (pelatihan wajib): Latsar for CPNS, PKP/PKA/PKN by position, listed per unit."""

import io
from datetime import date, timedelta
from types import SimpleNamespace

import openpyxl
import pytest

from courses.models import Course, CourseStatus, Enrolment, TrainingRecord
from courses.records.mandatory import programme_counts
from tests.helpers import make_nip, page_text

TODAY = date.today()


def months_ago(months: int) -> tuple[int, int]:
    index = TODAY.year * 12 + TODAY.month - 1 - months
    return index // 12, index % 12 + 1


@pytest.fixture
def city(db, make_unit, make_position, make_employee, make_user, make_workshop):
    health, education = make_unit("Dinas Kesehatan"), make_unit("Dinas Pendidikan")
    pengawas = make_position("Kepala Seksi Gizi", kind="pengawas", unit=health)
    administrator = make_position("Kepala Bidang Sekolah Dasar", kind="administrator", unit=education)
    pratama = make_position("Kepala Dinas Pendidikan", kind="jpt", grade="Pratama", unit=education)
    staff = make_position("Pengadministrasi Umum", unit=health)
    people = SimpleNamespace(
        # TMT CPNS three months ago: a CPNS, who owes Latsar
        cpns=make_employee("Citra Lestari", position=staff, nip=make_nip(date(1999, 2, 3), months_ago(3), 2, 1)),
        # TMT CPNS two years ago: a PNS in a staff position owes nothing
        senior=make_employee("Dedi Siregar", position=staff, nip=make_nip(date(1990, 2, 3), months_ago(24), 1, 2)),
        seksi=make_employee("Sari Nasution", position=pengawas, nip=make_nip(sequence=3)),
        seksi_pppk=make_employee("Putri PPPK", position=pengawas, employment_type="pppk", nip="199001012023212003"),
        bidang=make_employee("Bambang Harahap", position=administrator, nip=make_nip(sequence=4)),
        kadis=make_employee("Hendra Lubis", position=pratama, nip=make_nip(sequence=5)),
    )
    latsar = Course(code="LATSAR", title="Pelatihan Dasar CPNS", hours_jp=120, modality="pelatihan",
                    status=CourseStatus.PUBLISHED, mandatory_programme="latsar")
    db.session.add(latsar)
    db.session.commit()
    return SimpleNamespace(health=health, education=education, latsar=latsar,
                           workshop=make_workshop(course=latsar, first_day=TODAY - timedelta(days=10)),
                           hr=make_user("hr", with_employee=False, email="sdm@example.go.id"), **vars(people))


def completed(db, employee, workshop=None, **fields) -> TrainingRecord:
    """A counted training record: from a workshop of a course, or (without one) filed as external training."""
    enrolment = None
    if workshop is not None:
        enrolment = Enrolment(workshop=workshop, employee=employee, status="completed")
        db.session.add(enrolment)
        db.session.flush()
    record = TrainingRecord(employee_id=employee.id, source="course" if enrolment else "external",
                            status="approved", enrolment_id=enrolment.id if enrolment else None,
                            title=fields.pop("title", "Pelatihan"), siasn_kind_id=fields.pop("siasn_kind_id", 3),
                            starts_on=TODAY - timedelta(days=5), ends_on=TODAY - timedelta(days=1), hours_jp=40,
                            **fields)
    db.session.add(record)
    db.session.commit()
    return record


def counts(unit_id=None) -> dict[str, tuple[int, int]]:
    return {count.programme: (count.owed, count.lacking) for count in programme_counts(TODAY, unit_id)}


def test_each_position_owes_its_programme_and_ppkk_owe_none(db, city):
    assert counts() == {"latsar": (1, 1), "pkp": (1, 1), "pka": (1, 1), "pkn2": (1, 1), "pkn1": (0, 0)}
    assert counts(city.health.id) == {"latsar": (1, 1), "pkp": (1, 1), "pka": (0, 0), "pkn2": (0, 0),
                                      "pkn1": (0, 0)}


def test_a_latsar_class_completed_or_a_structural_record_filed_in_siasn_counts(db, city):
    completed(db, city.cpns, city.workshop)
    completed(db, city.bidang, siasn_kind_id=1, structural_kind_id=3)  # SPAMA/Diklatpim III: PKA
    completed(db, city.seksi, siasn_kind_id=1, structural_kind_id=3)  # not PKP's latihan: still owed
    assert counts() == {"latsar": (1, 0), "pkp": (1, 1), "pka": (1, 0), "pkn2": (1, 1), "pkn1": (0, 0)}
    completed(db, city.kadis, title="PKN II", siasn_kind_id=1, structural_kind_id=4, revoked_at=TODAY)
    assert counts()["pkn2"] == (1, 1)  # a revoked record completes nothing


def test_hr_sees_who_lacks_their_programme_per_unit_and_exports_it(db, client, login, city, count_queries):
    login(city.hr)
    text = page_text(client.get("/diklat/pelatihan-wajib"))
    for name in ("Citra Lestari", "Sari Nasution", "Bambang Harahap", "Hendra Lubis"):
        assert name in text
    assert "Dedi Siregar" not in text and "Putri PPPK" not in text
    response = client.get(f"/diklat/pelatihan-wajib?unit={city.health.id}&program=latsar&page=1")
    text = page_text(response)
    assert "Citra Lestari" in text and "Sari Nasution" not in text and "Latsar CPNS" in text
    # the exports carry the filters shown, not the page
    assert (f'href="/diklat/pelatihan-wajib?unit={city.health.id}&amp;program=latsar&amp;format=xlsx"'
            in response.get_data(as_text=True))

    response = client.get("/diklat/pelatihan-wajib?program=pkp&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [["NIP", "Nama", "Jabatan", "Unit", "Pelatihan wajib"],
                    [city.seksi.nip, "Sari Nasution", "Kepala Seksi Gizi", "Dinas Kesehatan",
                     "PKP (Pelatihan Kepemimpinan Pengawas)"]]
    assert sheet["A2"].number_format == "@"

    with count_queries() as few:
        client.get("/diklat/pelatihan-wajib")
    for number in range(8):
        completed(db, city.senior, title=f"Diklat {number}")
    with count_queries() as many:
        client.get("/diklat/pelatihan-wajib")
    assert len(few) == len(many)


def test_only_hr_and_admin_see_the_list(client, login, city, make_user):
    login(make_user())
    assert client.get("/diklat/pelatihan-wajib").status_code == 403


def test_hr_marks_a_course_as_a_mandatory_programme(client, login, db, city):
    login(city.hr)
    form = {"code": "PKP-01", "title": "Pelatihan Kepemimpinan Pengawas", "description": "", "hours_jp": "120",
            "modality": "pelatihan", "provider": "BPSDM Provinsi", "min_attendance_pct": "90", "pass_mark": "",
            "siasn_kind_id": "1", "structural_kind_id": "2", "mandatory_programme": "pkp",
            "certificate_validity_years": "", "status": "published"}
    response = client.post("/diklat/pelatihan/baru", data=form, follow_redirects=True)
    assert "Pelatihan wajib jabatan: PKP (Pelatihan Kepemimpinan Pengawas)." in page_text(response)
    response = client.post("/diklat/pelatihan/baru", data={**form, "code": "X", "mandatory_programme": "rahasia"})
    assert response.status_code == 422


def test_the_training_needs_analysis_counts_who_lacks_the_programme_a_course_is(db, client, login, city):
    from courses.planning.training_needs import training_needs

    analysis = training_needs(None, TODAY, 30)
    latsar = analysis.needs[0]  # mandatory programmes come first, whatever the gaps
    assert (latsar.course.code, latsar.mandatory, latsar.people) == ("LATSAR", 1, 1)
    assert analysis.candidates[city.latsar.id] == [(city.cpns.id, 0)]
    login(city.hr)
    text = page_text(client.get(f"/analisis-kebutuhan-pelatihan?unit={city.health.id}"))
    assert "Belum pelatihan wajib" in text and "Pelatihan Dasar CPNS" in text
    completed(db, city.cpns, city.workshop)
    assert all(need.course.code != "LATSAR" for need in training_needs(None, TODAY, 30).needs)


def test_the_employee_page_shows_the_programme_owed_and_a_cpns_probation(db, client, login, city):
    from courses.records.mandatory import probation_ends

    login(city.hr)
    text = page_text(client.get(f"/pegawai/{city.cpns.id}"))
    ends = probation_ends(city.cpns.nip)
    assert ends == date(*months_ago(3), 1).replace(year=date(*months_ago(3), 1).year + 1)  # a year after TMT
    assert "CPNS, masa percobaan sampai" in text and "Pelatihan wajib jabatan: Latsar CPNS belum diikuti" in text
    completed(db, city.bidang, siasn_kind_id=1, structural_kind_id=3)
    text = page_text(client.get(f"/pegawai/{city.bidang.id}"))
    assert "PKA (Pelatihan Kepemimpinan Administrator) sudah diikuti" in text and "CPNS" not in text
    text = page_text(client.get(f"/pegawai/{city.seksi_pppk.id}"))
    assert "Pelatihan wajib jabatan:" not in text and "PPPK: paling banyak 24 JP per tahun kontrak" in text
    assert "dari target 20 JP" not in text
