"""The leadership training the demo city's structural officials took before Kompeten: most pengawas,
administrators and JPT hold the programme of their position (PKP, PKA, PKN) from an earlier year, as SIASN's
riwayat diklat would show it; the others appear on HR's list of mandatory training still owed."""

from __future__ import annotations

import random
from datetime import date

from flask import current_app
from sqlalchemy import insert, select

from courses.models import MANDATORY_PROGRAMME_LABELS, TrainingRecord, TrainingRecordStatus, TrainingSource
from courses.records.mandatory import owed_programme
from courses.siasn_kinds import STRUCTURAL
from lms.extensions import db
from lms.people.models import Employee, Position

HELD_SHARE = 0.85  # of those who owe a leadership programme
PROVIDERS = {"pkp": "BPSDM Provinsi Sumatera Utara", "pka": "BPSDM Provinsi Sumatera Utara", "pkn2": "LAN RI",
             "pkn1": "LAN RI"}
HOURS_JP = 80


def insert_leadership_history(seed: int, today: date) -> int:
    """Write the earlier leadership training of the structural officials who hold it; returns how many."""
    rng = random.Random(f"{seed}-leadership")
    structural = current_app.config["MANDATORY_STRUCTURAL_IDS"]
    programme = owed_programme(today)
    owing = db.session.execute(select(Employee.id, Employee.nip, programme)
                               .join(Position, Position.id == Employee.position_id)
                               .where(Employee.is_active.is_(True),
                                      programme.in_([name for name in PROVIDERS if structural.get(name)]))
                               .order_by(Employee.id)).all()
    rows = []
    for employee_id, nip, owed in owing:
        if rng.random() >= HELD_SHARE:
            continue
        year = rng.randint(min(int(nip[8:12]) + 4, today.year - 1), today.year - 1)
        starts = date(year, rng.randint(2, 10), rng.randint(1, 20))
        rows.append({"employee_id": employee_id, "source": TrainingSource.EXTERNAL,
                     "status": TrainingRecordStatus.APPROVED, "title": str(MANDATORY_PROGRAMME_LABELS[owed]),
                     "provider": PROVIDERS[owed], "siasn_kind_id": STRUCTURAL,
                     "structural_kind_id": structural.get(owed), "starts_on": starts,
                     "ends_on": date(year, starts.month + 1, starts.day), "hours_jp": HOURS_JP,
                     "certificate_number": f"{owed.upper()}/{year}/{len(rows) + 1:04d}"})
    if rows:
        db.session.execute(insert(TrainingRecord), rows)
    return len(rows)
