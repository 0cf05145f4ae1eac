"""Time the competency pages on the 15,000-employee demo city (target: < 150 ms per page).

    .venv/bin/python bench/bench_competency_pages.py               # builds the city once, reuses it afterwards
    .venv/bin/python bench/bench_competency_pages.py --repeat 50
    .venv/bin/python bench/bench_competency_pages.py --database-url postgresql+psycopg://postgres@127.0.0.1/kompeten_bench

Requests go through the Flask test client, logged in as the demo HR account (who also sees the editor); the
graph cache is warm, as on a running server. Each page is requested --repeat times after two warm-up requests;
median and 95th percentile are reported. The city is the same file bench_employee_list.py uses.
"""

import logging
import statistics
import sys
import time

from common import bench_app, city_parser, city_url, open_city, percentile
from sqlalchemy import func, select

from competencies.models import Competency, Framework, Requirement
from lms.extensions import db
from lms.people.models import Position

TARGET_MS = 150


def pages() -> list[tuple[str, str]]:
    """Representative pages: the positions with the most and the fewest requirements, a head of agency, ..."""
    counts = select(Requirement.position_id, func.count().label("n")).group_by(Requirement.position_id).subquery()
    most = db.session.scalar(select(counts.c.position_id).order_by(counts.c.n.desc(), counts.c.position_id))
    fewest = db.session.scalar(select(counts.c.position_id).order_by(counts.c.n, counts.c.position_id))
    head = db.session.scalar(select(Position.id).where(Position.kind == "jpt").order_by(Position.id))
    staff = db.session.scalar(select(Position.id).where(Position.kind == "pelaksana").order_by(Position.id))
    integrity = db.session.scalar(select(Competency.id).where(Competency.code == "M.01"))
    technical = db.session.scalar(select(Competency.id).join(Framework).where(Framework.code == "TEKNIS-MEDAN",
                                                                                Competency.parent_id.is_not(None))
                                  .order_by(Competency.id))
    frameworks = dict(db.session.execute(select(Framework.code, Framework.id)).all())
    return [
        ("position page, most requirements", f"/jabatan/{most}/standar-kompetensi"),
        ("position page, fewest requirements", f"/jabatan/{fewest}/standar-kompetensi"),
        ("position page, head of agency (JPT)", f"/jabatan/{head}/standar-kompetensi"),
        ("position page, pelaksana", f"/jabatan/{staff}/standar-kompetensi"),
        ("competency M.01 (every position)", f"/kompetensi/{integrity}"),
        ("competency, technical", f"/kompetensi/{technical}"),
        ("framework tree, ASN", f"/kamus-kompetensi/{frameworks['ASN-MSK-2017']}"),
        ("framework tree, technical", f"/kamus-kompetensi/{frameworks['TEKNIS-MEDAN']}"),
        ("framework tree, search 'arsip'", f"/kamus-kompetensi/{frameworks['TEKNIS-MEDAN']}?q=arsip"),
    ]


def main() -> int:
    parser = city_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    url = city_url(args)
    app = bench_app(url)
    with app.app_context():
        city, _how = open_city(args.employees, args.seed)
        hr = next(account for account in city.accounts if account.role == "hr")
        targets = pages()
        print(f"{db.engine.dialect.name}: {city.employee_count:,} employees, {city.requirement_count:,} requirements"
              f" ({'built' if city.created else 'reused'}; {url})")
        db.session.remove()

    client = app.test_client()
    assert client.post("/masuk", data={"identifier": hr.login, "password": hr.password}).status_code == 302
    print(f"\n{'page':40} {'median':>8} {'p95':>8}   (ms, {args.repeat} requests each)")
    slow = []
    for label, url in targets:
        times = []
        for attempt in range(args.repeat + 2):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (label, url, response.status_code)
            if attempt >= 2:
                times.append(elapsed)
        median, p95 = statistics.median(times), percentile(times, 0.95)
        print(f"{label:40} {median:8.1f} {p95:8.1f}" + ("" if p95 < TARGET_MS else "  <-- over target"))
        if p95 >= TARGET_MS:
            slow.append(label)
    print(f"\ntarget p95 < {TARGET_MS} ms: " + ("met" if not slow else f"missed by {', '.join(slow)}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
