"""Time the course screens on the 15,000-employee demo city (target: < 150 ms per page).

    .venv/bin/python bench/bench_courses.py                 # builds the city once, reuses it afterwards
    .venv/bin/python bench/bench_courses.py --repeat 50
    .venv/bin/python bench/bench_courses.py --database-url postgresql+psycopg://postgres@127.0.0.1/kompeten_bench

Requests go through the Flask test client. The catalogue, a course's page and "Pelatihan Saya" are requested
as the demo employee; the roster and attendance pages of the largest workshop (most enrolled participants) as
the demo HR account, who may open every workshop's trainer pages. Each page is requested --repeat times after
two warm-up requests; median and 95th percentile are reported. The city is the same file the other benchmarks
use; a city built before the catalogue existed gets the demo catalogue added.
"""

import logging
import statistics
import sys
import time
from datetime import date

from common import bench_app, city_parser, city_url, login, open_city, percentile
from sqlalchemy import func, select

from competencies.models import Competency
from courses.models import Course, Enrolment, Workshop, WorkshopSession
from kompeten.demo import catalogue as course_demo
from kompeten.demo import city as demo
from lms.extensions import db

TARGET_MS = 150


def employee_pages() -> list[tuple[str, str]]:
    full = db.session.scalar(select(Course.id).where(Course.code == course_demo.FULL_COURSE))
    service = db.session.scalar(select(Competency.id).where(Competency.code == "T.UMM.05"))
    month = f"{date.today().year + date.today().month // 12}-{date.today().month % 12 + 1:02d}"
    return [
        ("catalogue, page 1", "/katalog"),
        ("catalogue, page 4", "/katalog?page=4"),
        ("catalogue, search 'pelayanan'", "/katalog?q=pelayanan"),
        ("catalogue, klasikal", "/katalog?modality=klasikal"),
        ("catalogue, next month", f"/katalog?month={month}"),
        ("catalogue, competency T.UMM.05", f"/katalog?competency={service}"),
        ("course page, full workshop", f"/katalog/{full}"),
        ("Pelatihan Saya", "/pelatihan-saya"),
    ]


def trainer_pages(app) -> list[tuple[str, str]]:
    routes = {rule.endpoint for rule in app.url_map.iter_rules()}
    if not {"trainer.roster_list", "trainer.attendance_take"} <= routes:
        return []
    largest = db.session.scalar(
        select(Workshop.id).join(Enrolment, Enrolment.workshop_id == Workshop.id)
        .where(Enrolment.status == "enrolled", Workshop.status == "running")
        .group_by(Workshop.id).order_by(func.count().desc(), Workshop.id).limit(1))
    session = db.session.scalar(select(func.max(WorkshopSession.id)).where(WorkshopSession.workshop_id == largest))
    return [("trainer: roster of the largest workshop", f"/pengajar/kelas/{largest}/peserta"),
            ("trainer: attendance of its last session", f"/pengajar/kelas/{largest}/sesi/{session}/presensi")]


def time_pages(client, pages: list[tuple[str, str]], repeat: int) -> list[str]:
    slow = []
    for label, url in pages:
        times = []
        for attempt in range(repeat + 2):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (label, url, response.status_code)
            if attempt >= 2:
                times.append(elapsed)
        median, p95 = statistics.median(times), percentile(times, 0.95)
        flag = "" if p95 < TARGET_MS else "  <-- over target"
        print(f"{label:44} {median:8.1f} {p95:8.1f}{flag}")
        if p95 >= TARGET_MS:
            slow.append(label)
    return slow


def main() -> int:
    parser = city_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    url = city_url(args)
    app = bench_app(url)
    with app.app_context():
        started = time.perf_counter()
        city, _how = open_city(args.employees, args.seed)
        emails = {role: demo.DEMO_ACCOUNTS[role][0] for role in ("trainer", "employee")}
        counts = course_demo.build_demo_catalogue(args.seed, emails, demo.ROOT_CODE)  # a city built before courses
        db.session.commit()
        how = f"built in {time.perf_counter() - started:.1f} s" if city.created else "reused"
        print(f"{db.engine.dialect.name}: {city.employee_count:,} employees, {counts['courses']} courses, "
              f"{counts['workshops']} workshops, {counts['enrolments']:,} enrolments ({how}; {url})")
        accounts = {account.role: account for account in city.accounts}
        pages, staff_pages = employee_pages(), trainer_pages(app)
        db.session.remove()

    print(f"\n{'page':44} {'median':>8} {'p95':>8}   (ms, {args.repeat} requests each)")
    slow = time_pages(login(app, accounts["employee"]), pages, args.repeat)
    if staff_pages:
        slow += time_pages(login(app, accounts["hr"]), staff_pages, args.repeat)
    else:
        print("(trainer pages not found: skipped)")
    print(f"\ntarget p95 < {TARGET_MS} ms: " + ("met" if not slow else f"missed by {', '.join(slow)}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
