"""Time issuing a workshop's certificates with their PDFs (target: 40 certificates in < 3 s).

    .venv/bin/python bench/bench_certificates.py                 # 40 certificates, 3 rounds, temporary SQLite
    .venv/bin/python bench/bench_certificates.py --count 100 --repeat 5
    .venv/bin/python bench/bench_certificates.py --database-url postgresql+psycopg://postgres@127.0.0.1/kompeten_bench

Builds one completed workshop with ``--count`` participants (long names with academic titles) in a fresh
database (an empty PostgreSQL database may be given: the schema is migrated into it). Each round runs
``issue_certificates`` -- numbers, codes, one shared WeasyPrint layout split into a PDF per certificate, audit
entries, flush -- and rolls back, so every round issues the same numbers. Then, for comparison, the same
certificates are rendered the naive way: one document (one layout and one PDF) per certificate. A round's
first call also pays WeasyPrint's font loading; the median of the rounds is reported.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask_migrate import upgrade
from sqlalchemy import select

from courses.certificates import services as certificates
from courses.models import Course, Enrolment, Workshop, WorkshopSession
from kompeten.app import create_app
from lms.extensions import db
from lms.pdf import render_pdf
from lms.people.models import Employee, OrgUnit, Position

TARGET_S = 3.0
ISSUED_ON = date(2026, 11, 28)
NAMES = ["Nurhayati Siregar", "Rahmat Hidayat Nasution", "Dewi Sartika Lubis", "Hendra Gunawan Harahap",
         "Fitri Handayani Sinaga", "Agus Salim Simanjuntak", "Yusuf Maulana Ginting", "Rina Marlina Tarigan"]


def build_workshop(count: int) -> list[Enrolment]:
    unit = OrgUnit(code="BKPSDM", name="Badan Kepegawaian dan Pengembangan SDM", kind="opd", path="")
    position = Position(code="J1", name="Analis SDM Aparatur", kind="fungsional_keahlian", unit=unit)
    course = Course(code="DIK-BENCH", title="Pengelolaan Arsip Dinamis dan Statis Berbasis Elektronik",
                    hours_jp=24, modality="pelatihan", status="published", certificate_validity_years=3)
    workshop = Workshop(course=course, batch="Angkatan II Tahun 2026", status="completed", capacity=count,
                        enrol_opens_on=date(2026, 10, 1), enrol_closes_on=date(2026, 10, 31),
                        starts_on=date(2026, 11, 2), ends_on=date(2026, 11, 4))
    workshop.sessions = [WorkshopSession(session_date=date(2026, 11, day), starts_at=clock(8), ends_at=clock(16))
                         for day in (2, 3, 4)]
    employees = [Employee(nip=f"19800101200501{1 + number % 2}{number:03d}", name=NAMES[number % len(NAMES)],
                          front_title="Dr." if number % 5 == 0 else "", back_title="S.E., M.M.",
                          employment_type="pns", rank_code="III/c", position=position, unit=unit)
                 for number in range(count)]
    enrolments = [Enrolment(workshop=workshop, employee=employee, status="completed") for employee in employees]
    db.session.add_all(enrolments)
    db.session.commit()
    return list(db.session.scalars(select(Enrolment).order_by(Enrolment.id)))


def shared_layout(enrolments: list[Enrolment]) -> tuple[float, list[certificates.Certificate]]:
    start = time.perf_counter()
    issued = certificates.issue_certificates(None, enrolments, ISSUED_ON)
    return time.perf_counter() - start, issued


def one_document_each(issued: list[certificates.Certificate]) -> float:
    """The naive way: a layout and a PDF per certificate (the template and data are the same)."""
    start = time.perf_counter()
    for certificate in issued:
        certificates.render_certificate_pdfs([certificate])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = options.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "bench",
                          "PUBLIC_BASE_URL": "https://kompeten.pemkomedan.go.id"})
        with app.app_context():
            upgrade()
            enrolments = build_workshop(options.count)
            render_pdf("<p>warm-up</p>")  # font discovery, once per process
            shared, naive, sizes = [], [], []
            for _round in range(options.repeat):
                seconds, issued = shared_layout(enrolments)
                shared.append(seconds)
                sizes = [len(certificate.pdf) for certificate in issued]
                naive.append(one_document_each(issued))
                db.session.rollback()
            report(options.count, shared, naive, sizes)
            db.session.remove()
            db.engine.dispose()
    print(f"database: {url.split('://')[0]}, Python {sys.version.split()[0]}")


def report(count: int, shared: list[float], naive: list[float], sizes: list[int]) -> None:
    median_shared, median_naive = statistics.median(shared), statistics.median(naive)
    print(f"{count} certificates, {len(shared)} rounds (median; min–max)")
    print(f"  issue with one shared layout   {median_shared:6.2f} s  ({min(shared):.2f}–{max(shared):.2f})"
          f"  {1000 * median_shared / count:5.0f} ms per certificate")
    print(f"  one document per certificate   {median_naive:6.2f} s  ({min(naive):.2f}–{max(naive):.2f})"
          f"  {1000 * median_naive / count:5.0f} ms per certificate (rendering only)")
    print(f"  PDF size {statistics.median(sizes) / 1024:.0f} KB per certificate")
    verdict = "meets" if median_shared < TARGET_S else "MISSES"
    print(f"  {verdict} the target of {TARGET_S:.0f} s for {count}")


if __name__ == "__main__":
    main()
