"""Time the competency graph on the 15,000-employee demo city: loading its rows, building it, the per-process
cache (``competencies.queries.current_graph``) and lookups on the cached graph.

    .venv/bin/python bench/bench_graph.py                       # 15,000 employees, temporary SQLite file
    .venv/bin/python bench/bench_graph.py --repeat 500
    .venv/bin/python bench/bench_graph.py --database-url postgresql+psycopg://postgres@127.0.0.1/kompeten_bench

The city (about 3,800 positions, 49,000 requirements, 117 competencies with levels, 30 prerequisites and the
career paths) is built first in a fresh database; a --database-url must point to an empty database (the schema
is migrated here). Lookups run inside a request context, as in the app: there the cache version is read once
per request, so a cached lookup costs no query. Each lookup is repeated --repeat times on positions or
competencies picked with a fixed seed; the median and 95th percentile are reported.
"""

import argparse
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask_migrate import upgrade
from sqlalchemy import func, select

from competencies import graph as competency_graph
from competencies import queries
from competencies.models import Competency, Requirement
from kompeten.app import create_app
from kompeten.demo import city as demo
from lms.cache import invalidate_graph
from lms.extensions import db
from lms.people.models import Employee, OrgUnit, Position


@contextmanager
def request(app) -> Iterator[None]:
    """A request as the app serves it: its own app context (so its own ``g`` and session)."""
    with app.app_context(), app.test_request_context():
        yield
        db.session.remove()


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1e3:8.3f} ms   p95 {p95 * 1e3:8.3f} ms"


def repeat(name: str, count: int, call: Callable[[int], object]) -> None:
    samples = []
    for number in range(count):
        seconds, _value = timed(lambda number=number: call(number))
        samples.append(seconds)
    print(f"{name:<44} {percentiles(samples)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=15_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary directory")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory() as tmp_dir:
        url = args.database_url or f"sqlite:///{tmp_dir}/bench-graph.sqlite3"
        app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "bench", "LMS_INSTANCE_PATH": tmp_dir})
        with app.app_context():
            upgrade()
            if db.session.scalar(select(func.count()).select_from(Employee)):
                print("The database already holds employees: use an empty database.", file=sys.stderr)
                return 1
            build_seconds, result = timed(lambda: demo.build_demo_city(employees=args.employees, seed=args.seed))
            db.session.commit()
            print(f"database             {db.engine.dialect.name}")
            print(f"city                 {result.employee_count:,} employees, {result.position_count:,} positions, "
                  f"{result.requirement_count:,} requirements, {result.competency_count} competencies")
            print(f"build_demo_city      {build_seconds:6.2f} s (with competencies and requirements)")
            print()

            rows_seconds, rows = timed(queries.graph_rows)
            build_graph_seconds, graph = timed(lambda: competency_graph.build_graph(rows))
            print(f"graph                {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges")
            print(f"graph_rows()         {rows_seconds * 1e3:8.1f} ms  (5 queries)")
            print(f"build_graph(rows)    {build_graph_seconds * 1e3:8.1f} ms  (pure)")

            with request(app):
                cold_seconds, _graph = timed(queries.current_graph)
            print(f"current_graph() cold {cold_seconds * 1e3:8.1f} ms  (rows + build, fills the cache)")
            with request(app):
                first_seconds, _graph = timed(queries.current_graph)
                warm_seconds, _graph = timed(queries.current_graph)
            print(f"current_graph() warm {first_seconds * 1e3:8.3f} ms first in a request (reads the version), "
                  f"{warm_seconds * 1e3:.3f} ms after")
            with request(app):
                invalidate_graph()
                db.session.commit()
            with request(app):
                rebuild_seconds, _graph = timed(queries.current_graph)
            with request(app):
                again_seconds, _graph = timed(queries.current_graph)
            print(f"after invalidate     {rebuild_seconds * 1e3:8.1f} ms  (rebuilt once), "
                  f"{again_seconds * 1e3:.3f} ms in the next request")
            print()

            position_ids = list(db.session.scalars(select(Position.id).order_by(Position.id)))
            competency_ids = list(db.session.scalars(
                select(Competency.id).where(Competency.id.in_(select(Requirement.competency_id).distinct()))))
            integrity = db.session.scalar(select(Competency.id).where(Competency.code == "M.01"))
            ktp = db.session.scalar(select(Competency.id).where(Competency.code == "T.DUK.02"))
            staff = db.session.scalar(select(Position.id).join(OrgUnit).where(
                OrgUnit.code == "DISDUKCAPIL-B1S1", Position.kind == "pelaksana").order_by(Position.code).limit(1))
            head = db.session.scalar(select(Position.id).where(Position.code == "DISDUKCAPIL.KA"))
            picked_positions = [rng.choice(position_ids) for _ in range(args.repeat)]
            picked_competencies = [rng.choice(competency_ids) for _ in range(args.repeat)]
            wanted = [[item.competency_id for item in competency_graph.requirements_of(graph, position)]
                      for position in picked_positions]

            with request(app):
                cached = queries.current_graph()
                repeat("current_graph() + requirements_of(position)", args.repeat,
                       lambda n: competency_graph.requirements_of(queries.current_graph(), picked_positions[n]))
                repeat("requirements_of(position)", args.repeat,
                       lambda n: competency_graph.requirements_of(cached, picked_positions[n]))
                repeat("positions_requiring(competency)", args.repeat,
                       lambda n: competency_graph.positions_requiring(cached, picked_competencies[n]))
                repeat("positions_requiring(M.01: every position)", min(args.repeat, 50),
                       lambda n: competency_graph.positions_requiring(cached, integrity))
                repeat("prerequisites_of(competency)", args.repeat,
                       lambda n: competency_graph.prerequisites_of(cached, picked_competencies[n]))
                repeat("learning_order(a position's requirements)", args.repeat,
                       lambda n: competency_graph.learning_order(cached, wanted[n]))
                repeat("prerequisite_cycle(KTP-el, competency)", args.repeat,
                       lambda n: competency_graph.prerequisite_cycle(cached, ktp, picked_competencies[n]))
                if staff and head:
                    repeat("career_path(pelaksana -> Kepala Dinas)", min(args.repeat, 50),
                           lambda n: competency_graph.career_path(cached, staff, head, {}))
            db.session.remove()
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
