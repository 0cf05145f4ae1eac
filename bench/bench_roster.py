"""Benchmark of the roster import (run by hand, not part of the test suite).

    .venv/bin/python bench/bench_roster.py [--rows 10000] [--existing 5000] [--seed 7]

Builds a city in a temporary SQLite database (``kompeten.demo.city.build_demo_city`` when it is available, otherwise a
small organisation written with plain inserts), writes a roster of ``--rows`` rows -- every existing employee
(one in ten with a new rank) plus new employees, some of whom report to new employees further down the
file -- and times the preview and the import separately, then a second import of the same file (all rows
unchanged) and the preview of the same rows as XLSX.
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta

import openpyxl
from flask_migrate import upgrade
from sqlalchemy import func, insert, select, update

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from kompeten.app import create_app
from lms.extensions import db
from lms.people import reference
from lms.people.models import Employee, OrgUnit, Position
from lms.roster.preview import RosterPreview, format_preview, preview_roster
from lms.roster.services import apply_roster
from lms.tabular import ImportSummary

HEADER = ["NIP", "Nama", "Gelar Depan", "Gelar Belakang", "Jenis Pegawai", "Golongan", "Kode Jabatan",
          "Kode Unit", "NIP Atasan", "Email", "Aktif"]
FIRST = ["Budi", "Siti", "Rahmat", "Nur", "Dedi", "Rina", "Andi", "Dewi", "Hendra", "Fitri", "Agus", "Yusuf"]
LAST = ["Siregar", "Lubis", "Nasution", "Harahap", "Sinaga", "Simanjuntak", "Ginting", "Tarigan", "Santoso"]


def build_city(existing: int, seed: int) -> str:
    try:
        from kompeten.demo.city import build_demo_city
    except ImportError:
        return _plain_city(existing, seed)
    build_demo_city(employees=existing, seed=seed)
    return "kompeten.demo.city.build_demo_city"


def _plain_city(existing: int, seed: int) -> str:
    """40 agencies of 5 divisions, 3 positions per division, ``existing`` employees."""
    rng = random.Random(seed)
    for agency in range(40):
        db.session.execute(insert(OrgUnit), [{"code": f"OPD{agency}", "name": f"Dinas {agency}", "kind": "opd",
                                              "path": ""}])
    opds = dict(db.session.execute(select(OrgUnit.code, OrgUnit.id)).all())
    db.session.execute(insert(OrgUnit), [
        {"code": f"{code}-B{n}", "name": f"Bidang {n}", "kind": "bidang", "parent_id": unit_id, "path": ""}
        for code, unit_id in opds.items() for n in range(5)])
    units = db.session.execute(select(OrgUnit.id, OrgUnit.code, OrgUnit.parent_id)).all()
    db.session.execute(update(OrgUnit), [
        {"id": unit.id, "path": f"/{unit.parent_id}/{unit.id}/" if unit.parent_id else f"/{unit.id}/"}
        for unit in units])
    db.session.execute(insert(Position), [
        {"code": f"{unit.code}-J{n}", "name": f"Jabatan {n}", "kind": "pelaksana", "unit_id": unit.id}
        for unit in units if unit.parent_id for n in range(3)])
    positions = db.session.execute(select(Position.id, Position.unit_id)).all()
    db.session.execute(insert(Employee), [
        {**_person(rng, number), "position_id": position.id, "unit_id": position.unit_id}
        for number, position in zip(range(existing), (rng.choice(positions) for _ in range(existing)),
                                    strict=True)])
    return "plain inserts"


def _person(rng: random.Random, number: int) -> dict:
    birth = date(1965, 1, 1) + timedelta(days=number % 12000)
    nip = f"{birth:%Y%m%d}{birth.year + 25}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{number % 1000:03d}"
    return {"nip": nip, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "employment_type": "pns",
            "rank_code": "III/a", "front_title": "", "back_title": ""}


def roster_rows(count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    positions = db.session.execute(select(Position.code)).scalars().all()
    ranks = [rank for rank in reference.pns_ranks() if rank.startswith(("II/", "III/", "IV/"))]
    rows: list[list[str]] = []
    taken = set(db.session.scalars(select(Employee.nip)))
    existing = db.session.execute(
        select(Employee, Position.code).join(Position, Employee.position_id == Position.id)
        .order_by(Employee.id).limit(count)).all()
    nip_by_id = dict(db.session.execute(select(Employee.id, Employee.nip)).all())
    for employee, position_code in existing:
        rank = employee.rank_code
        if rng.random() < 0.1 and employee.employment_type == "pns":
            rank = rng.choice(ranks)
        rows.append([employee.nip, employee.name, employee.front_title, employee.back_title,
                     employee.employment_type.upper(), rank, position_code, "",
                     nip_by_id.get(employee.supervisor_id, ""), employee.email or "",
                     "ya" if employee.is_active else "tidak"])
    new_nips: list[str] = []
    number = 0
    while len(rows) < count:
        number += 1
        birth = date(1970, 1, 1) + timedelta(days=rng.randrange(11000))
        tmt_year = min(birth.year + rng.randint(20, 30), 2025)
        nip = f"{birth:%Y%m%d}{tmt_year}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
        if nip in taken:
            continue
        taken.add(nip)
        new_nips.append(nip)
        rows.append([nip, f"{rng.choice(FIRST)} {rng.choice(LAST)}", "", "S.E." if number % 3 else "",
                     "PNS", rng.choice(ranks), rng.choice(positions), "", "", f"pegawai{number}@bench.go.id",
                     "ya"])
    # Every third new employee reports to a new employee listed after them in the file.
    start = len(existing)
    for index in range(start, len(rows) - 1, 3):
        rows[index][8] = rows[index + 1][0]
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(rows: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(label: str, function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"{label:<44} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--existing", type=int, default=5_000, help="employees already in the database")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "TESTING": True,
                          "SECRET_KEY": "bench", "ROSTER_MAX_BYTES": 50 * 1024 * 1024})
        with app.app_context():
            upgrade()
            how = timed(f"build the city ({options.existing} employees)", build_city, options.existing,
                        options.seed)
            db.session.commit()
            rows = roster_rows(options.rows, options.seed)
            data = as_csv(rows)
            print(f"city built with {how}; roster: {len(rows)} rows, {len(data) / 1024:.0f} KB CSV")

            preview = timed("preview (CSV)", preview_roster, "bench.csv", data)
            print(f"  {preview.summary}")
            if preview.error_count:
                print(format_preview(preview).splitlines()[1:6])
            summary = timed("import (apply + commit)", _apply, preview)
            print(f"  {summary}")
            total = db.session.scalar(select(func.count()).select_from(Employee))
            print(f"  employees now: {total}")

            second = timed("preview again (same file)", preview_roster, "bench.csv", data)
            print(f"  {second.summary}")
            timed("import again (nothing to write)", _apply, second)

            xlsx = as_xlsx(rows)
            timed(f"preview (XLSX, {len(xlsx) / 1024:.0f} KB)", preview_roster, "bench.xlsx", xlsx)
            db.session.remove()
            db.engine.dispose()


def _apply(preview: RosterPreview) -> ImportSummary:
    summary = apply_roster(None, preview, filename="bench.csv", valid_only=True)
    db.session.commit()
    return summary


if __name__ == "__main__":
    main()
