"""Time every role's home page (the work queues of kompeten/home/) on the 15,000-employee demo city.

    .venv/bin/python bench/bench_home.py                     # builds the shared city once, reuses it afterwards
    .venv/bin/python bench/bench_home.py --repeat 50
    .venv/bin/python bench/bench_home.py --database-url postgresql+psycopg://postgres@127.0.0.1/kompeten_bench

Each demo account (employee, supervisor, trainer, HR, admin) logs in through the Flask test client and requests
``/`` --repeat times after two warm-up requests; so does the log-in page, signed out: the floor the home pages
are compared with in the same run (the machine's speed and load cancel out). Per page: the SQL statements of one
request, median and 95th percentile in milliseconds, and the p95 as a multiple of the floor's. HR's first
request is reported on its own: it fills the per-process figures of the agencies lowest in JPM
(kompeten/home/units.py), which later requests reuse until the levels, employees, units or requirements change.
The exit status is 1 when a home page's p95 is more than MAX_RATIO times the floor's.
"""

import statistics
import sys
import time

from common import bench_app, city_parser, city_url, login, open_city, percentile
from sqlalchemy import event

from kompeten.home import units
from lms.extensions import db

MAX_RATIO = 50  # a home page may cost this many log-in pages (p95 against p95): about 150 ms on an idle machine
FLOOR = "log-in page (floor)"


def time_page(client, url: str, repeat: int, statements: list[str]) -> tuple[list[float], int]:
    times = []
    for attempt in range(repeat + 2):
        statements.clear()
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        if attempt >= 2:
            times.append(elapsed)
    return times, len(statements)


def main() -> int:
    parser = city_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    app = bench_app(city_url(args))
    statements: list[str] = []
    with app.app_context():
        city, how = open_city(args.employees, args.seed)
        print(f"city: {args.employees} employees ({how}), {db.engine.url.render_as_string(hide_password=True)}")
        event.listen(db.engine, "before_cursor_execute", lambda *call: statements.append(call[2]))
    rows: list[tuple[str, int, float, float]] = []
    times, count = time_page(app.test_client(), "/masuk", args.repeat, statements)
    floor_p95 = percentile(times, 0.95)
    rows.append((FLOOR, count, statistics.median(times), floor_p95))
    for account in city.accounts:
        client = login(app, account)
        if account.role == "hr":
            units.forget_figures()  # a cold start, as after a restart
            statements.clear()
            started = time.perf_counter()
            client.get("/")
            cold = (time.perf_counter() - started) * 1000
            rows.append(("hr: first request (fills the JPM figures)", len(statements), cold, cold))
        times, count = time_page(client, "/", args.repeat, statements)
        rows.append((f"{account.role}: home", count, statistics.median(times), percentile(times, 0.95)))
    print(f"{'page':44} {'SQL':>4} {'median ms':>10} {'p95 ms':>8} {'p95/floor':>10}")
    over = []
    for label, count, median, p95 in rows:
        ratio = p95 / floor_p95 if floor_p95 else 0.0
        print(f"{label:44} {count:4} {median:10.1f} {p95:8.1f} {ratio:10.1f}")
        if label.endswith(": home") and ratio > MAX_RATIO:
            over.append(label)
    if over:
        print(f"over {MAX_RATIO} x the floor: {', '.join(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
