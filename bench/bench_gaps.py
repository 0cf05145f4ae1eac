"""Time gap analysis, recommendations and the training-needs analysis on the 15,000-employee demo city.

    .venv/bin/python bench/bench_gaps.py                 # builds the shared city file once, reuses it afterwards
    .venv/bin/python bench/bench_gaps.py --requests 200
    .venv/bin/python bench/bench_gaps.py --database-url postgresql+psycopg://postgres@127.0.0.1/kompeten_bench

Targets (SQLite):

- the whole city's gaps (one row per employee with JPM, then the aggregates by unit, position, golongan and
  position kind, and per competency): < 1 s;
- the "Kesenjangan Kompetensi" page with its recommendations, p95 < 100 ms over --requests requests: the demo
  employee's own page, and HR opening the pages of --requests different employees with gaps;
- the HR heat map (units x competencies) of the whole city and of the largest agency, the page included: < 1 s;
- the training-needs analysis of the whole city (a plan per employee), service and page: < 3 s.

Requests go through the Flask test client; each timing after a warm-up request.
"""

import logging
import random
import statistics
import sys
import time
from datetime import date

from common import bench_app, city_parser, city_url, login, open_city, percentile
from sqlalchemy import func, select

from competencies import gaps
from courses.planning.training_needs import training_needs
from lms.extensions import db
from lms.people.models import Employee, OrgUnit

PAGE_TARGET_MS = 100
CITY_TARGET_S = 1.0
HEAT_MAP_TARGET_S = 1.0
TNA_TARGET_S = 3.0


def seconds(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def report(label: str, elapsed: float, target: float, missed: list[str]) -> None:
    flag = "" if elapsed < target else "  <-- over target"
    print(f"{label:58} {elapsed:8.3f} s{flag}")
    if elapsed >= target:
        missed.append(label)


def city_gaps() -> dict:
    people = gaps.people_gaps()
    summaries = {dimension: gaps.summarise(people, dimension) for dimension in ("unit", "position", "rank",
                                                                                  "position_kind")}
    summaries["competency"] = gaps.competency_summaries()
    return summaries


def time_requests(client, urls: list[str], label: str, missed: list[str]) -> None:
    client.get(urls[0])
    times = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    median, p95 = statistics.median(times), percentile(times, 0.95)
    flag = "" if p95 < PAGE_TARGET_MS else "  <-- over target"
    print(f"{label:58} median {median:6.1f} ms, p95 {p95:6.1f} ms{flag}")
    if p95 >= PAGE_TARGET_MS:
        missed.append(label)


def main() -> int:
    parser = city_parser(__doc__)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    url = city_url(args)
    app = bench_app(url)
    missed: list[str] = []
    with app.app_context():
        city, how = open_city(args.employees, args.seed)
        print(f"{db.engine.dialect.name}: {city.employee_count:,} employees ({how}; {url})\n")
        accounts = {account.role: account for account in city.accounts}

        city_gaps()  # warm-up: the database's page cache
        elapsed, summaries = seconds(city_gaps)
        root = next(summary for summary in summaries["unit"].values() if summary.people == city.employee_count)
        report(f"city gaps: {root.people:,} people, {root.people_with_gap:,} with a gap", elapsed, CITY_TARGET_S,
               missed)
        largest = db.session.scalar(
            select(OrgUnit.id).join(Employee, Employee.unit_id == OrgUnit.id).where(OrgUnit.kind == "opd")
            .group_by(OrgUnit.id).order_by(func.count().desc()).limit(1))
        for label, parent in (("heat map, whole city (service)", db.session.scalar(
                select(OrgUnit.id).where(OrgUnit.parent_id.is_(None)))), ("heat map, largest agency (service)",
                                                                          largest)):
            report(label, seconds(lambda parent=parent: gaps.heat_map(parent))[0], HEAT_MAP_TARGET_S, missed)
        elapsed, needs = seconds(lambda: training_needs(None, date.today(), app.config["TNA_CLASS_SIZE"]))
        report(f"training needs, whole city (service): {len(needs.needs)} courses", elapsed, TNA_TARGET_S, missed)

        employee_id = db.session.scalar(select(Employee.id).where(Employee.nip == accounts["employee"].login))
        with_gaps = [person.employee_id for person in gaps.people_gaps() if person.gap_count]
        sample = random.Random(args.seed).sample(with_gaps, min(args.requests, len(with_gaps)))
        db.session.remove()

    hr = login(app, accounts["hr"])
    for label, url, target in (("heat map page, whole city", "/kesenjangan-kompetensi", HEAT_MAP_TARGET_S),
                               ("heat map page, largest agency", f"/kesenjangan-kompetensi?unit={largest}",
                                HEAT_MAP_TARGET_S),
                               ("training-needs page, whole city", "/analisis-kebutuhan-pelatihan", TNA_TARGET_S)):
        hr.get(url)
        elapsed, response = seconds(lambda url=url: hr.get(url))
        assert response.status_code == 200, (url, response.status_code)
        report(label, elapsed, target, missed)
    print()
    own = f"/pegawai/{employee_id}/kesenjangan-kompetensi"
    time_requests(login(app, accounts["employee"]), [own] * args.requests,
                  f"gap page, demo employee's own ({args.requests} requests)", missed)
    time_requests(hr, [f"/pegawai/{i}/kesenjangan-kompetensi" for i in sample],
                  f"gap page, HR on {len(sample)} employees with gaps", missed)
    print("\ntargets " + ("met" if not missed else f"missed by {', '.join(missed)}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
