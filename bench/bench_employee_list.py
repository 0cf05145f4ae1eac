"""Time the HR employee list (GET /pegawai) on the 15,000-employee demo city (target: < 150 ms per page).

    .venv/bin/python bench/bench_employee_list.py                  # builds the city once, reuses it afterwards
    .venv/bin/python bench/bench_employee_list.py --repeat 50
    .venv/bin/python bench/bench_employee_list.py --database-url postgresql+psycopg://postgres@127.0.0.1/kompeten_bench

Requests go through the Flask test client, logged in as the demo HR account; each scenario is requested
--repeat times after two warm-up requests, and the median and 95th percentile are reported. With --profile,
the parts of one request (unit select box, count query, page query, rendering) are timed separately.
"""

import logging
import statistics
import sys
import time

from common import bench_app, city_parser, city_url, open_city, percentile
from flask import current_app, render_template
from sqlalchemy import func, select

from lms.extensions import db
from lms.people import queries, reference
from lms.people.models import Employee, OrgUnit

TARGET_MS = 150


def scenarios(unit_ids: dict[str, int]) -> list[tuple[str, dict[str, str]]]:
    dinkes, puskesmas, disdukcapil = unit_ids["DINKES"], unit_ids["DINKES-PKM01"], unit_ids["DISDUKCAPIL"]
    return [
        ("all, page 1", {}),
        ("all, page 10", {"page": "10"}),
        ("all, last page", {"page": "last"}),
        ("name: siregar", {"q": "siregar"}),
        ("name: two words 'nur lubis'", {"q": "nur lubis"}),
        ("name: siregar, page 3", {"q": "siregar", "page": "3"}),
        ("NIP prefix 1985", {"q": "1985"}),
        ("unit Dinkes + sub-units", {"unit": str(dinkes)}),
        ("unit Dinkes, page 20", {"unit": str(dinkes), "page": "20"}),
        ("unit one puskesmas", {"unit": str(puskesmas)}),
        ("golongan III/a", {"rank": "III/a"}),
        ("type PPPK", {"type": "pppk"}),
        ("Disdukcapil + PNS + III/b", {"unit": str(disdukcapil), "type": "pns", "rank": "III/b"}),
        ("status all, page 5", {"status": "all", "page": "5"}),
    ]


def main() -> int:
    parser = city_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="also time the parts of the page separately")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    url = city_url(args)
    app = bench_app(url)
    with app.app_context():
        city, how = open_city(args.employees, args.seed)
        total = db.session.scalar(select(func.count()).select_from(Employee))
        unit_ids = dict(db.session.execute(select(OrgUnit.code, OrgUnit.id)).all())
        print(f"{db.engine.dialect.name}: {total:,} employees, {city.unit_count} units ({how}; {url})")
        hr = next(account for account in city.accounts if account.role == "hr")
        if args.profile:
            profile_parts(unit_ids)
        db.session.remove()

    client = app.test_client()
    response = client.post("/masuk", data={"identifier": hr.login, "password": hr.password})
    assert response.status_code == 302, "the demo HR account could not log in"

    print(f"\n{'scenario':34} {'rows':>7} {'median':>8} {'p95':>8}   (ms, {args.repeat} requests each)")
    slow = []
    for label, params in scenarios(unit_ids):
        if params.get("page") == "last":
            params = dict(params, page=str(-(-total // app.config["PAGE_SIZE"])))
        times, rows = [], "-"
        for attempt in range(args.repeat + 2):
            started = time.perf_counter()
            response = client.get("/pegawai", query_string=params)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (label, response.status_code)
            if attempt >= 2:
                times.append(elapsed)
        rows = matching_rows(app, params, unit_ids)
        median, p95 = statistics.median(times), percentile(times, 0.95)
        flag = "" if p95 < TARGET_MS else "  <-- over target"
        print(f"{label:34} {rows:>7,} {median:8.1f} {p95:8.1f}{flag}")
        if p95 >= TARGET_MS:
            slow.append(label)
    print(f"\ntarget p95 < {TARGET_MS} ms: " + ("met" if not slow else f"missed by {', '.join(slow)}"))
    return 0


def matching_rows(app, params: dict[str, str], unit_ids: dict[str, int]) -> int:
    with app.app_context():
        filters = queries.EmployeeFilters(search=params.get("q", ""), unit_id=int(params.get("unit") or 0) or None,
                                          rank_code=params.get("rank", ""), employment_type=params.get("type", ""),
                                          status=params.get("status", "active"))
        query = queries.employee_list_query(filters).order_by(None)
        count = db.session.scalar(select(func.count()).select_from(query.subquery()))
        db.session.remove()
        return count or 0


def profile_parts(unit_ids: dict[str, int]) -> None:
    """Time the pieces of one unfiltered and one sub-unit request, to see where a slow page spends its time."""
    print("\nparts of one request (ms, median of 10):")
    for label, filters in (("all", queries.EmployeeFilters()),
                           ("unit Dinkes", queries.EmployeeFilters(unit_id=unit_ids["DINKES"])),
                           ("name siregar", queries.EmployeeFilters(search="siregar"))):
        query = queries.employee_list_query(filters)
        parts = {
            "unit_choices()": queries.unit_choices,
            "count": lambda q=query: db.session.scalar(select(func.count()).select_from(q.order_by(None).subquery())),
            "page of 25": lambda q=query: db.session.scalars(q.limit(25)).unique().all(),
        }
        page = db.paginate(query, page=1, per_page=25, error_out=False)
        units = queries.unit_choices()
        ranks = list(reference.pns_ranks()) + list(reference.PPPK_RANKS)
        with current_app.test_request_context("/pegawai"):
            parts["render template"] = lambda p=page, f=filters, u=units, r=ranks: render_template(
                "people/employee_list.html", page=p, filters=f, units=u, ranks=r, position=None)
            timings = {}
            for name, part in parts.items():
                samples = []
                for _ in range(10):
                    started = time.perf_counter()
                    part()
                    samples.append((time.perf_counter() - started) * 1000)
                timings[name] = statistics.median(samples)
        print(f"  {label:14} " + "  ".join(f"{name} {value:.1f}" for name, value in timings.items()))


if __name__ == "__main__":
    sys.exit(main())
