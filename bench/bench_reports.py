"""Time the competency-gap report on the 15,000-employee demo city, as a background job does it, and the
memory it takes (target: PDF for a unit of about 1,000 employees < 15 s; XLSX for the whole city < 20 s;
peak memory of the process < 500 MB).

    .venv/bin/python bench/bench_reports.py                 # the shared city file (built on the first run)
    .venv/bin/python bench/bench_reports.py --database-url postgresql+psycopg://postgres@127.0.0.1/kompeten_bench

Each case runs in a fresh Python process, like a job worker that has just started: it imports the app, builds
the report, renders the file and reports the time and its peak resident memory (ru_maxrss).
"""

import argparse
import json
import resource
import subprocess
import sys
import time

from common import bench_app, city_parser, city_url, open_city

TARGETS = {"pdf": 15.0, "xlsx": 20.0}
MEMORY_TARGET_MB = 500


def run_case(url: str, unit_code: str, file_format: str) -> dict:
    """In this process: build and render one report; returns seconds, size and peak memory."""
    from sqlalchemy import select

    from kompeten.reports.gap_report import build_gap_report
    from kompeten.reports.rendering import render
    from lms.extensions import db
    from lms.people.models import OrgUnit

    with bench_app(url).app_context():
        unit_id = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == unit_code)) if unit_code else None
        started = time.perf_counter()
        report = build_gap_report({"unit_id": unit_id, "position_code": "", "competency_id": None})
        built = time.perf_counter() - started
        data = render(report, file_format)
        elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": elapsed, "build": built, "bytes": len(data), "peak_mb": peak_mb,
            "rows": sum(len(table.rows) for table in report.tables())}


def unit_of_about(url: str, size: int) -> tuple[str, str, int]:
    """The agency whose head count is closest to ``size``: (code, name, employees)."""
    from sqlalchemy import func, select

    from lms.extensions import db
    from lms.people.models import Employee, OrgUnit

    with bench_app(url).app_context():
        agencies = db.session.execute(
            select(OrgUnit.code, OrgUnit.name, OrgUnit.path).where(OrgUnit.kind == "opd")).all()
        counts = []
        for code, name, path in agencies:
            subtree = select(OrgUnit.id).where(OrgUnit.path.startswith(path))
            count = db.session.scalar(select(func.count()).select_from(Employee).where(
                Employee.unit_id.in_(subtree), Employee.is_active.is_(True)))
            counts.append((abs(count - size), code, name, count))
        _, code, name, count = min(counts)
        return code, name, count


def ensure_city(url: str, employees: int, seed: int) -> None:
    from lms.extensions import db

    with bench_app(url).app_context():
        city, how = open_city(employees, seed)
        print(f"{db.engine.dialect.name}: {city.employee_count:,} employees ({how}; {url})\n")


def main() -> int:
    parser = city_parser(__doc__)
    parser.add_argument("--unit-size", type=int, default=1_000)
    parser.add_argument("--case", help=argparse.SUPPRESS)  # internal: one case in a child process
    args = parser.parse_args()
    url = city_url(args)
    if args.case:
        unit_code, file_format = args.case.split(":")
        print(json.dumps(run_case(url, unit_code, file_format)))
        return 0

    ensure_city(url, args.employees, args.seed)
    code, name, count = unit_of_about(url, args.unit_size)
    missed = []
    for label, unit_code, file_format in ((f"PDF, {name} ({count:,} employees)", code, "pdf"),
                                          ("XLSX, whole city", "", "xlsx"), ("PDF, whole city", "", "pdf")):
        command = [sys.executable, __file__, "--database-url", url, "--case", f"{unit_code}:{file_format}"]
        child = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603 - our own script
        result = json.loads(child.stdout.strip().splitlines()[-1])
        target = TARGETS[file_format] if unit_code or file_format == "xlsx" else None
        over = (target is not None and result["seconds"] >= target) or result["peak_mb"] >= MEMORY_TARGET_MB
        flag = "  <-- over target" if over else ""
        print(f"{label:58} {result['seconds']:6.2f} s (data {result['build']:.2f} s), {result['rows']:,} rows, "
              f"{result['bytes'] / 1024:,.0f} KB, peak {result['peak_mb']:.0f} MB{flag}")
        if over:
            missed.append(label)
    print("\ntargets " + ("met" if not missed else f"missed by {', '.join(missed)}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
