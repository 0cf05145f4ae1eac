"""Time building the demo city in a fresh database (target: 15,000 employees in well under 60 s on SQLite).

    .venv/bin/python bench/bench_demo_city.py                       # 15,000 employees, temporary SQLite file
    .venv/bin/python bench/bench_demo_city.py --employees 1500
    .venv/bin/python bench/bench_demo_city.py --database-url postgresql+psycopg://postgres@127.0.0.1/kompeten_bench

A --database-url must point to a database without the demo city (an empty one: the schema is migrated here).
"""

import argparse
import logging
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask_migrate import upgrade
from sqlalchemy import func, select

from kompeten.app import create_app
from kompeten.demo import city as demo
from kompeten.demo import plan
from lms.extensions import db
from lms.people.models import Employee


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=15_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary directory")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    with tempfile.TemporaryDirectory() as tmp_dir:
        url = args.database_url or f"sqlite:///{tmp_dir}/bench-city.sqlite3"
        app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "bench",
                          "LMS_INSTANCE_PATH": tmp_dir})
        with app.app_context():
            started = time.perf_counter()
            upgrade()
            migrated = time.perf_counter()
            if db.session.scalar(select(func.count()).select_from(Employee)):
                print("The database already holds employees: use an empty database.", file=sys.stderr)
                return 1

            plan_started = time.perf_counter()
            plan.plan_city(args.employees, args.seed)
            planned = time.perf_counter()

            build_started = time.perf_counter()
            result = demo.build_demo_city(employees=args.employees, seed=args.seed)
            built = time.perf_counter()
            db.session.commit()
            committed = time.perf_counter()
            dialect = db.engine.dialect.name
            size = os.path.getsize(f"{tmp_dir}/bench-city.sqlite3") if not args.database_url else None
            db.session.remove()
            db.engine.dispose()

    total = committed - build_started
    print(f"database             {dialect}")
    print(f"city                 {result.employee_count:,} employees, {result.unit_count} units, "
          f"{result.position_count:,} positions")
    print(f"migrate schema       {migrated - started:6.2f} s")
    print(f"plan only (no DB)    {planned - plan_started:6.2f} s")
    print(f"build_demo_city      {built - build_started:6.2f} s  (plan + bulk inserts + flush)")
    print(f"commit               {committed - built:6.2f} s")
    print(f"build + commit       {total:6.2f} s  ({result.employee_count / total:,.0f} employees/s)")
    if size:
        print(f"SQLite file          {size / 1e6:6.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
