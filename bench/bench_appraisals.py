"""Time an appraisal cycle at city scale (target: < 30 s for opening, for consolidating and for the bias report).

    .venv/bin/python bench/bench_appraisals.py            # the shared 15,000-employee city file, worked on in a copy
    .venv/bin/python bench/bench_appraisals.py --database-url postgresql+psycopg://postgres@127.0.0.1/kompeten_bench_c

Steps, each followed by a commit:

1. the demo city's own appraisal history (last year's final cycle with its planted lenient and severe
   supervisors) is added to a city built before it existed; the bias report's loaders and the page (as the demo
   HR account) are timed on it;
2. ``open_cycle``: a new quarterly cycle of this year for the whole city (INSERT ... SELECT);
3. assessors for three agencies (``assign_assessor_to_unit``) and submitted ratings for every form, written by two
   set-based statements (not part of a target: a stand-in for a quarter of raters' work);
4. ``consolidate_cycle``: results and the competency ledger;
5. the bias report's loaders on the new cycle.

On SQLite the shared city file of the other benchmarks (built on the first run) is copied to a temporary file
before step 2, which changes the competency record of the whole city; the copy is deleted afterwards. On
PostgreSQL use a database of its own (steps 2 to 5 change it; the new cycle is deleted at the end so that the
benchmark can run again, the ledger entries it wrote stay).
"""

import logging
import os
import shutil
import sys
import tempfile
import time
from datetime import date

from common import bench_app, city_file, city_parser, city_url, open_city
from flask import current_app
from sqlalchemy import case, delete, func, insert, literal, literal_column, select, update
from sqlalchemy.orm import aliased

from competencies.appraisals import bias, consolidation, cycles
from competencies.appraisals.models import (
    Appraisal,
    AppraisalCycle,
    AppraisalForm,
    AppraisalItem,
    AppraisalResult,
    Rating,
)
from kompeten.demo import city as demo
from kompeten.demo.appraisals import build_demo_appraisals
from lms.audit.models import AuditEntry
from lms.auth.models import User
from lms.extensions import db, utcnow
from lms.people.models import Employee, OrgUnit

TARGET_S = 30
ASSESSED_AGENCIES = ("DISDUKCAPIL", "BKAD", "DISHUB")


def timed(label: str, work, targeted: bool = True):
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    flag = "" if not targeted or elapsed < TARGET_S else "  <-- over target"
    print(f"{label:58} {elapsed:7.2f} s{flag}")
    return result, elapsed


def count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def report(cycle_id: int) -> tuple[bias.RaterReport, bias.SelfGapReport, list[bias.AgencyDistribution]]:
    thresholds = bias.Thresholds.from_config(current_app.config)
    raters = bias.rater_report(bias.form_summaries(cycle_id), thresholds)
    gaps = bias.self_gap_report(bias.self_gaps(cycle_id), thresholds.self_gap)
    agencies = bias.agency_distribution(cycle_id, current_app.config["APPRAISAL_RATING_LIMITS"])
    bias.people([rater.rater_id for rater in raters.flagged + raters.unflagged[:25]])
    return raters, gaps, agencies


def time_report(cycle_id: int, label: str) -> float:
    (raters, gaps, agencies), elapsed = timed(f"bias report loaders ({label})", lambda: report(cycle_id))
    print(f"    {len(raters.flagged) + len(raters.unflagged):,} raters measured, {len(raters.flagged)} flagged, "
          f"{raters.too_small:,} too small; {gaps.compared:,} self-gaps (mean {gaps.mean_gap or 0:+.2f}, "
          f"{len(gaps.listed)} listed); {len(agencies)} agencies, {sum(a.over for a in agencies)} over a limit")
    return elapsed


def demo_history(seed: int) -> None:
    """Step 1: the demo cycle (added when the city predates it) and the report on it."""
    hr = db.session.scalar(select(User).where(User.email == demo.DEMO_ACCOUNTS["hr"][0]))
    counts, _elapsed = timed("demo appraisal history (only when missing)",
                             lambda: build_demo_appraisals(seed, demo.ROOT_CODE, hr_actor=hr), targeted=False)
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "appraisal_cycle",
                                                       AuditEntry.action == "import").order_by(AuditEntry.id))
    cycle_id = entry.entity_id
    if counts["appraisals"]:
        print(f"    {counts['appraisals']:,} appraisals, {counts['forms']:,} forms, {counts['ratings']:,} ratings")
    time_report(cycle_id, "demo cycle")
    raters, _gaps, _agencies = report(cycle_id)
    nips = dict(db.session.execute(select(Employee.id, Employee.nip)
                                   .where(Employee.id.in_([rater.rater_id for rater in raters.flagged]))).all())
    planted = set(entry.changes["lenient"]) | set(entry.changes["severe"])
    found = {nips[rater.rater_id] for rater in raters.flagged}
    print(f"    planted raters found: {'all, and no one else' if found == planted else f'NO: {found} vs {planted}'}")
    client = current_app.test_client()
    client.post("/masuk", data={"identifier": demo.DEMO_ACCOUNTS["hr"][0], "password": demo.DEMO_PASSWORD})
    response, _elapsed = timed("bias page, GET as the demo HR account (demo cycle)",
                               lambda: client.get(f"/penilaian/siklus/{cycle_id}/analisis"), targeted=False)
    assert response.status_code == 200, response.status_code


def fabricate_ratings(cycle: AppraisalCycle) -> int:
    """Every form of the cycle rated (required level -1, 0 or +1, by form and competency) and submitted."""
    in_cycle = AppraisalForm.appraisal_id.in_(select(Appraisal.id).where(Appraisal.cycle_id == cycle.id))
    shifted = AppraisalItem.required_level + (AppraisalForm.id + AppraisalItem.competency_id) % 3 - 1
    level = case((shifted < 1, 1), else_=shifted)
    now = utcnow()
    db.session.execute(insert(Rating).from_select(
        ["form_id", "competency_id", "level", "suggested_level", "observed", "justification", "evidence_note",
         "updated_at"],
        select(AppraisalForm.id, AppraisalItem.competency_id, level, level, literal_column("'[]'"), literal(""),
               literal("bench"), literal(now))
        .join(AppraisalItem, AppraisalItem.appraisal_id == AppraisalForm.appraisal_id).where(in_cycle)))
    db.session.execute(update(AppraisalForm).where(in_cycle).values(status="submitted", started_at=now,
                                                                    submitted_at=now),
                       execution_options={"synchronize_session": False})
    return count(Rating, Rating.form_id.in_(select(AppraisalForm.id).where(in_cycle)))


def new_cycle(seed: int) -> None:
    """Steps 2 to 5."""
    hr = db.session.scalar(select(User).where(User.email == demo.DEMO_ACCOUNTS["hr"][0]))
    today = date.today()
    period = f"q{(today.month - 1) // 3 + 1}"
    config = current_app.config

    def open_it() -> AppraisalCycle:
        cycle = cycles.open_cycle(hr, name=f"Penilaian Triwulan {period[1]} {today.year} (bench)", period=period,
                                  year=today.year, starts_on=today, ends_on=today, due_on=today,
                                  objection_days=config["APPRAISAL_OBJECTION_DAYS"],
                                  weights=dict(config["APPRAISAL_WEIGHTS"]), unit_ids=[])
        db.session.commit()
        return cycle

    cycle, opened = timed("open_cycle, whole city + commit", open_it)
    appraisals = select(Appraisal.id).where(Appraisal.cycle_id == cycle.id)
    print(f"    {count(Appraisal, Appraisal.cycle_id == cycle.id):,} appraisals, "
          f"{count(AppraisalItem, AppraisalItem.appraisal_id.in_(appraisals)):,} items, "
          f"{count(AppraisalForm, AppraisalForm.appraisal_id.in_(appraisals)):,} forms")

    def assessors() -> int:
        """One BKPSDM employee without staff (by NIP) per agency."""
        bkpsdm = select(OrgUnit.path).where(OrgUnit.code == "BKPSDM").scalar_subquery()
        subordinate = aliased(Employee)
        staff = select(subordinate.id).where(subordinate.supervisor_id == Employee.id).exists()
        raters = db.session.scalars(
            select(Employee).join(OrgUnit, OrgUnit.id == Employee.unit_id)
            .where(OrgUnit.path.startswith(bkpsdm), ~staff).order_by(Employee.nip).limit(len(ASSESSED_AGENCIES))).all()
        units = db.session.scalars(select(OrgUnit).where(OrgUnit.code.in_(ASSESSED_AGENCIES)).order_by(OrgUnit.code))
        created = sum(cycles.assign_assessor_to_unit(hr, cycle, unit, rater)
                      for unit, rater in zip(units, raters, strict=False))
        db.session.commit()
        return created

    created, _elapsed = timed(f"assessors for {', '.join(ASSESSED_AGENCIES)} + commit", assessors, targeted=False)
    print(f"    {created:,} assessor forms")

    def rate() -> int:
        ratings = fabricate_ratings(cycle)
        db.session.commit()
        return ratings

    ratings, _elapsed = timed("fabricated submitted ratings (set-based) + commit", rate, targeted=False)
    print(f"    {ratings:,} ratings")

    def consolidate() -> dict[str, int]:
        counts = consolidation.consolidate_cycle(hr, cycle)
        db.session.commit()
        return counts

    counts, consolidated = timed("consolidate_cycle + commit", consolidate)
    print(f"    {counts['appraisals']:,} appraisals, {counts['results']:,} results "
          f"({count(AppraisalResult, AppraisalResult.appraisal_id.in_(appraisals)):,} stored), "
          f"{counts['evidence']:,} ledger entries")
    reported = time_report(cycle.id, "new cycle")
    db.session.execute(delete(AppraisalCycle).where(AppraisalCycle.id == cycle.id))
    db.session.commit()
    slow = [label for label, seconds in (("open", opened), ("consolidate", consolidated), ("report", reported))
            if seconds >= TARGET_S]
    print(f"\ntarget < {TARGET_S} s each: " + ("met" if not slow else f"missed by {', '.join(slow)}"))


def main() -> int:
    parser = city_parser(__doc__, "default: the shared SQLite city file, copied for the new cycle")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    path, url = city_file(args), city_url(args)
    app = bench_app(url)
    with app.app_context():
        city, how = open_city(args.employees, args.seed)
        print(f"{db.engine.dialect.name}: {city.employee_count:,} employees ({how}; {url})\n")
        demo_history(args.seed)
        db.session.remove()
        db.engine.dispose()

    with tempfile.TemporaryDirectory() as tmp_dir:
        if not args.database_url:
            copy = os.path.join(tmp_dir, "city.sqlite3")
            shutil.copyfile(path, copy)
            app = bench_app(f"sqlite:///{copy}")
        with app.app_context():
            new_cycle(args.seed)
            db.session.remove()
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
