"""The roster import's write: the new and updated rows of a confirmed preview (:mod:`lms.roster.preview`) inserted
and updated with bulk statements, and audited. Nothing here commits: the caller (job or CLI) does. Apply a
preview computed in the same transaction, so that it is not stale.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, update

from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow
from lms.people.models import Employee
from lms.people.nip import parse_nip
from lms.roster.columns import full_name
from lms.roster.preview import RosterPreview, RosterRow
from lms.tabular import ImportSummary

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]  # (done, total, message), as JobContext.progress


def apply_roster(actor: Actor | None, preview: RosterPreview, filename: str, valid_only: bool,
                 progress: ProgressCallback | None = None) -> ImportSummary:
    """Write the preview's new and updated rows (bulk statements) and audit them.

    With errors in the preview, ``valid_only`` False refuses (DomainError, nothing written) and True skips the
    error rows. The preview must come from :func:`preview_roster` in the same transaction. Flushes, never
    commits. ``progress``, if given, is told of each of the three steps (insert, update, audit) as it starts.
    """
    errors = preview.error_count
    if errors and not valid_only:
        raise DomainError(_("Tidak ada yang diimpor: %(count)s baris berisi kesalahan. Perbaiki berkasnya, "
                            "atau pilih impor hanya baris yang valid.", count=errors))

    def step(done: int, message: str) -> None:
        if progress is not None:
            progress(done, 3, message)

    now = utcnow()
    new_rows, updated_rows = preview.rows_with("new"), preview.rows_with("updated")
    new_ids: dict[int, int] = {}
    step(0, _("Menambahkan %(count)s pegawai baru", count=len(new_rows)))
    if new_rows:
        ids = db.session.scalars(
            insert(Employee).returning(Employee.id, sort_by_parameter_order=True),
            [_insert_values(row, now) for row in new_rows]).all()
        new_ids = {row.node: employee_id for row, employee_id in zip(new_rows, ids, strict=True)}

    def supervisor_id(row: RosterRow) -> int | None:
        node = row.supervisor_node
        return node if node is None or node > 0 else new_ids[node]

    # Second pass: supervisors that are new employees of this file have an id only now.
    late = [{"id": new_ids[row.node], "supervisor_id": supervisor_id(row)}
            for row in new_rows if row.supervisor_node is not None and row.supervisor_node < 0]
    if late:
        db.session.execute(update(Employee), late)
    step(1, _("Memperbarui %(count)s pegawai", count=len(updated_rows)))
    if updated_rows:
        db.session.execute(update(Employee), [
            {**row.values, "id": row.employee_id, "supervisor_id": supervisor_id(row),
             **_nip_facts(row), "updated_at": now} for row in updated_rows])

    summary = ImportSummary(created=len(new_rows), updated=len(updated_rows),
                            unchanged=preview.unchanged_count, skipped=errors)
    step(2, _("Mencatat jejak audit"))
    note = _("Impor roster %(file)s", file=filename)
    entries = []
    for row in new_rows:
        after = {**row.values, "supervisor_id": supervisor_id(row)}
        entries.append(audit.entry_values(actor, "create", "employee", new_ids[row.node],
                                          f"{full_name(row.values)} ({row.nip})", audit.diff({}, after),
                                          f"{note}, baris {row.number}"))
    for row in updated_rows:
        after = {**row.values, "supervisor_id": supervisor_id(row)}
        entries.append(audit.entry_values(actor, "update", "employee", row.employee_id,
                                          f"{full_name(row.values)} ({row.nip})",
                                          audit.diff(row.before, after), f"{note}, baris {row.number}"))
    entries.append(audit.entry_values(
        actor, "import", "roster_import", None, filename,
        {"rows": len(preview.rows), "created": summary.created, "updated": summary.updated,
         "unchanged": summary.unchanged, "skipped": summary.skipped, "valid_only": valid_only},
        _("%(file)s: %(created)s baru, %(updated)s diperbarui, %(unchanged)s tidak berubah, %(skipped)s "
          "dilewati.", file=filename, created=summary.created, updated=summary.updated,
          unchanged=summary.unchanged, skipped=summary.skipped)))
    audit.record_many(entries)
    db.session.flush()
    # The bulk statements bypass the identity map: reload any employee object the session holds.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Employee):
            db.session.expire(obj)
    logger.info("roster %s imported by user %s: %s", filename, getattr(actor, "id", None), summary)
    return summary


def _nip_facts(row: RosterRow) -> dict[str, Any]:
    facts = parse_nip(row.nip, row.values["employment_type"])
    return {"birth_date": facts.birth_date, "gender": facts.gender}


def _insert_values(row: RosterRow, now: datetime) -> dict[str, Any]:
    node = row.supervisor_node
    return {**row.values, "supervisor_id": node if node is not None and node > 0 else None,
            **_nip_facts(row), "created_at": now, "updated_at": now}
