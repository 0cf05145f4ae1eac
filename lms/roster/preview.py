"""The roster import's preview: every row of a file checked against the database (loaded into dicts by a handful
of queries), with its outcome (new, updated, unchanged, error), its changes and its reasons; and the preview as a
text table (command line) and as a CSV report (HR fixes the file in Excel). Nothing is written here.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.extensions import db
from lms.people import services
from lms.people.models import Employee, OrgUnit, Position
from lms.people.names import titles_in_name
from lms.people.nip import number_format_error
from lms.roster.columns import (
    COLUMN_BY_KEY,
    EMPLOYMENT_TYPES,
    FALSE_WORDS,
    LENGTH_LIMITS,
    TRUE_WORDS,
    nip_value,
    rank_value,
    read_roster,
)
from lms.tabular import ImportPreview, ImportSummary, PreviewRowText, TabularFile, cell_text, csv_bytes, join_numbers

OUTCOME_LABELS = {
    "new": _l("baru"),
    "updated": _l("diperbarui"),
    "unchanged": _l("tidak berubah"),
    "error": _l("salah"),
}


# --- preview ---------------------------------------------------------------------------------------------

@dataclass
class RosterRow(PreviewRowText):
    """One data row of the file and what importing it would do."""

    outcome_labels = OUTCOME_LABELS
    number: int  # as in the file: the header is usually row 1
    nip: str
    name: str
    outcome: str = ""  # new / updated / unchanged / error
    reasons: list[str] = field(default_factory=list)
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (old, new), for display
    warnings: list[str] = field(default_factory=list)  # what to check, without refusing the row
    position_label: str = ""
    unit_label: str = ""
    # For apply_roster: the employee's values (EMPLOYEE_FIELDS without supervisor_id), the database values
    # before, and the supervisor as a node: an employee id, or minus the row number of a new employee.
    employee_id: int | None = field(default=None, repr=False)
    values: dict[str, Any] = field(default_factory=dict, repr=False)
    before: dict[str, Any] = field(default_factory=dict, repr=False)
    supervisor_nip: str | None = field(default=None, repr=False)
    supervisor_from_file: bool = field(default=False, repr=False)
    supervisor_node: int | None = field(default=None, repr=False)

    @property
    def node(self) -> int:
        return self.employee_id if self.employee_id is not None else -self.number

    @property
    def detail(self) -> str:
        return " ".join(part for part in (super().detail, *self.warnings) if part)



@dataclass
class RosterPreview(ImportPreview):
    outcome_labels = OUTCOME_LABELS
    rows: list[RosterRow]

    @property
    def new_count(self) -> int:
        return self.counts["new"]

    @property
    def updated_count(self) -> int:
        return self.counts["updated"]

    @property
    def unchanged_count(self) -> int:
        return self.counts["unchanged"]

    @property
    def fingerprint(self) -> str:
        """Changes whenever what the import would write changes (to detect a stale confirmation)."""
        digest = hashlib.sha256()
        for row in self.rows:
            digest.update(repr((row.number, row.outcome, row.nip, sorted(row.values.items()),
                                row.supervisor_node, sorted(row.before.items()))).encode())
        return digest.hexdigest()


def preview_roster(filename: str, data: bytes, max_bytes: int | None = None) -> RosterPreview:
    """Read the file and check every row against the database (nothing is written)."""
    roster_file = read_roster(filename, data, max_bytes)
    return _RosterCheck(roster_file).run()


_EMPLOYEE_COLUMNS = (Employee.id, Employee.nip, *(getattr(Employee, name) for name in services.EMPLOYEE_FIELDS
                                                  if name != "nip"))


class _RosterCheck:
    """Checks the rows of one file against the database, preloaded in four queries."""

    def __init__(self, roster_file: TabularFile):
        self.file = roster_file
        self.present = set(roster_file.columns)
        self.employees = {row.nip: row for row in db.session.execute(select(*_EMPLOYEE_COLUMNS))}
        self.nip_by_id = {row.id: row.nip for row in self.employees.values()}
        self.email_owner = {row.email.lower(): row.nip for row in self.employees.values() if row.email}
        self.positions = {row.code: row for row in db.session.execute(
            select(Position.id, Position.code, Position.name, Position.unit_id, Position.deleted_at,
                   OrgUnit.code.label("unit_code"), OrgUnit.path.label("unit_path"))
            .join(OrgUnit, Position.unit_id == OrgUnit.id))}
        self.position_code = {row.id: row.code for row in self.positions.values()}
        self.units = {row.code: row for row in db.session.execute(
            select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.path, OrgUnit.deleted_at))}
        self.unit_by_id = {row.id: row for row in self.units.values()}

    def run(self) -> RosterPreview:
        rows = [self._row(number, raw) for number, raw in self.file.records]
        by_nip: dict[str, list[RosterRow]] = defaultdict(list)
        for row in rows:
            if row.nip:
                by_nip[row.nip].append(row)
        self._check_duplicates(by_nip)
        self._check_emails(rows)
        self._check_supervisors_exist(rows, by_nip)
        self._resolve_supervisors(rows, by_nip)
        for row in rows:
            self._outcome(row)
        return RosterPreview(self.file.filename, rows, self.file.columns, self.file.ignored_columns)

    # -- one row on its own --

    def _row(self, number: int, raw: dict[str, Any]) -> RosterRow:
        nip, nip_problem = nip_value(raw.get("nip"), "NIP")
        name = " ".join(cell_text(raw.get("name")).split())
        row = RosterRow(number=number, nip=nip, name=name)
        existing = self.employees.get(nip) if nip else None
        row.employee_id = existing.id if existing else None
        reasons = row.reasons
        if nip_problem:
            reasons.append(nip_problem)
        elif not nip:
            reasons.append(_("NIP wajib diisi."))
        if not name:
            reasons.append(_("Nama wajib diisi."))
        if titles := titles_in_name(name):
            row.warnings.append(_("Nama memuat gelar (%(titles)s): isi gelar di kolom Gelar Depan dan Gelar "
                                  "Belakang.", titles=", ".join(titles)))
        values: dict[str, Any] = {"nip": nip, "name": name}
        for key in ("front_title", "back_title"):
            values[key] = cell_text(raw.get(key)) if key in self.present else (getattr(existing, key)
                                                                          if existing else "")
        employment_type = self._employment_type(raw, existing, reasons)
        values["employment_type"] = employment_type or ""
        rank = rank_value(cell_text(raw.get("rank_code")), employment_type)
        if not rank:
            reasons.append(_("Golongan wajib diisi."))
        values["rank_code"] = rank
        position, unit = self._position_and_unit(raw, existing, row)
        values["email"] = self._email(raw, existing, reasons)
        values["is_active"] = self._active(raw, existing, reasons)
        for key, limit in LENGTH_LIMITS.items():
            if values[key] and len(values[key]) > limit:
                reasons.append(_("%(column)s terlalu panjang (maksimal %(limit)s karakter).",
                                 column=COLUMN_BY_KEY[key].header, limit=limit))
        self._supervisor(raw, existing, row)
        self._rule_errors(row, values, nip_problem, employment_type, position, unit)
        values["position_id"] = position.id if position else None
        values["unit_id"] = unit.id if unit else None
        row.values = values
        return row

    def _employment_type(self, raw: dict[str, Any], existing: Any, reasons: list[str]) -> str | None:
        text = cell_text(raw.get("employment_type")).lower()
        if not text:
            return existing.employment_type if existing else "pns"
        if text in EMPLOYMENT_TYPES:
            return EMPLOYMENT_TYPES[text]
        reasons.append(_("Jenis pegawai \"%(value)s\" tidak dikenal; isi PNS, PPPK atau PPPK Paruh Waktu.",
                         value=cell_text(raw.get("employment_type"))))
        return None

    def _position_and_unit(self, raw: dict[str, Any], existing: Any, row: RosterRow) -> tuple[Any, Any]:
        code = cell_text(raw.get("position_code"))
        position = self.positions.get(code) if code else None
        if not code:
            row.reasons.append(_("Kode jabatan wajib diisi."))
        elif position is None:
            row.reasons.append(_("Kode jabatan \"%(code)s\" tidak ditemukan.", code=code))
        elif position.deleted_at is not None and (existing is None or existing.position_id != position.id):
            row.reasons.append(_("Jabatan \"%(code)s\" sudah dihapus.", code=code))
        else:
            row.position_label = f"{position.code} – {position.name}"
        unit_code = cell_text(raw.get("unit_code"))
        unit = None
        if unit_code:
            unit = self.units.get(unit_code)
            if unit is None:
                row.reasons.append(_("Kode unit \"%(code)s\" tidak ditemukan.", code=unit_code))
            elif unit.deleted_at is not None and (existing is None or existing.unit_id != unit.id):
                row.reasons.append(_("Unit \"%(code)s\" sudah dihapus.", code=unit_code))
        elif position is not None:
            current = self.unit_by_id.get(existing.unit_id) if existing else None
            fits = current is not None and current.path.startswith(position.unit_path)
            unit = current if fits else self.unit_by_id[position.unit_id]
        if unit is not None:
            row.unit_label = f"{unit.code} – {unit.name}"
        return position, unit

    def _email(self, raw: dict[str, Any], existing: Any, reasons: list[str]) -> str | None:
        text = cell_text(raw.get("email")).lower()
        if not text:
            return existing.email if existing else None
        if existing and existing.email and existing.email.lower() == text:
            return text  # already accepted; skipping the (slow) syntax check speeds up re-imports
        try:
            validate_email(text, check_deliverability=False)
        except EmailNotValidError:
            reasons.append(_("E-mail \"%(email)s\" tidak valid.", email=text))
        return text

    def _active(self, raw: dict[str, Any], existing: Any, reasons: list[str]) -> bool:
        if "is_active" not in self.present:
            return existing.is_active if existing else True
        text = cell_text(raw.get("is_active")).lower()
        if not text or text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        reasons.append(_("Aktif \"%(value)s\" tidak dikenal; isi ya atau tidak.", value=text))
        return True

    def _supervisor(self, raw: dict[str, Any], existing: Any, row: RosterRow) -> None:
        if "supervisor_nip" not in self.present:  # keep the current supervisor
            row.supervisor_nip = self.nip_by_id.get(existing.supervisor_id) if existing else None
            return
        nip, problem = nip_value(raw.get("supervisor_nip"), "NIP Atasan")
        if problem:
            row.reasons.append(problem)
        row.supervisor_nip = nip or None
        row.supervisor_from_file = True

    def _rule_errors(self, row: RosterRow, values: dict[str, Any], nip_problem: str | None,
                     employment_type: str | None, position: Any, unit: Any) -> None:
        """The rules the employee form also applies (NIP, rank for the type, unit under the position)."""
        placed = position is not None and unit is not None
        errors = services.employee_rule_errors(
            {"nip": row.nip, "employment_type": employment_type or "pppk", "rank_code": values["rank_code"]},
            None, unit.path if placed else "", position.unit_path if placed else "", [])
        if row.nip and not nip_problem and "nip" in errors:
            row.reasons.append(_("NIP %(nip)s tidak valid: %(reason)s", nip=row.nip, reason=errors["nip"]))
        if employment_type and values["rank_code"] and "rank_code" in errors:
            row.reasons.append(errors["rank_code"])
        if placed and "position_id" in errors:
            row.reasons.append(_("%(rule)s (jabatan %(position)s berada di unit %(position_unit)s; unit "
                                 "pegawai %(unit)s).", rule=str(errors["position_id"]).rstrip("."),
                                 position=position.code, position_unit=position.unit_code, unit=unit.code))

    # -- rows against each other and the database --

    def _check_duplicates(self, by_nip: dict[str, list[RosterRow]]) -> None:
        for nip, group in by_nip.items():
            if len(group) > 1 and not number_format_error(nip):  # a malformed NIP has its own reason already
                numbers = join_numbers([row.number for row in group])
                for row in group:
                    row.reasons.append(_("NIP %(nip)s muncul lebih dari sekali di berkas ini (baris %(rows)s).",
                                         nip=nip, rows=numbers))

    def _check_emails(self, rows: list[RosterRow]) -> None:
        by_email: dict[str, list[RosterRow]] = defaultdict(list)
        for row in rows:
            email = row.values.get("email")
            existing = self.employees.get(row.nip)
            if email and not (existing and existing.email and existing.email.lower() == email):
                by_email[email].append(row)
        for email, group in by_email.items():
            owner = self.email_owner.get(email)
            for row in group:
                if owner is not None and owner != row.nip:
                    row.reasons.append(_("E-mail %(email)s sudah dipakai pegawai lain (NIP %(nip)s).",
                                         email=email, nip=owner))
            if len(group) > 1:
                numbers = join_numbers([row.number for row in group])
                for row in group:
                    row.reasons.append(_("E-mail %(email)s dipakai lebih dari satu baris (baris %(rows)s).",
                                         email=email, rows=numbers))

    def _check_supervisors_exist(self, rows: list[RosterRow], by_nip: dict[str, list[RosterRow]]) -> None:
        for row in rows:
            nip = row.supervisor_nip
            if not (row.supervisor_from_file and nip) or nip in self.employees or nip in by_nip:
                continue
            problem = number_format_error(nip)  # its length and digits: a supervisor may be PNS or PPPK
            if problem:
                row.reasons.append(_("NIP Atasan %(nip)s tidak valid: %(reason)s", nip=nip, reason=problem))
            else:
                row.reasons.append(_("Atasan dengan NIP %(nip)s tidak ditemukan: belum terdaftar dan tidak ada "
                                     "di berkas ini.", nip=nip))

    def _resolve_supervisors(self, rows: list[RosterRow], by_nip: dict[str, list[RosterRow]]) -> None:
        """Point every valid row at its supervisor and refuse cycles across the file and the database.

        A row with errors is not imported, so the graph checked is the database with the valid rows applied;
        refusing a row can expose another problem (its new subordinates lose their supervisor, its old
        supervisor link comes back), hence the loop until nothing changes.
        """
        dependents: dict[str, list[RosterRow]] = defaultdict(list)
        for row in rows:
            if row.supervisor_nip:
                dependents[row.supervisor_nip].append(row)
        by_number = {row.number: row for row in rows}
        while True:
            self._cascade(by_nip, dependents)
            valid = [row for row in rows if not row.reasons]
            node_by_nip = {row.nip: row.node for row in valid}
            supervisor_of = {employee.id: employee.supervisor_id for employee in self.employees.values()}
            for row in valid:
                # A valid row of the file, else a registered employee (whose own row, if any, was refused);
                # _check_supervisors_exist and _cascade have refused every other case.
                nip = row.supervisor_nip
                if nip is None:
                    row.supervisor_node = None
                elif nip in node_by_nip:
                    row.supervisor_node = node_by_nip[nip]
                else:
                    row.supervisor_node = self.employees[nip].id
                supervisor_of[row.node] = row.supervisor_node
            refused = False
            for row in valid:
                chain = _chain(supervisor_of, row.supervisor_node)
                errors = services.employee_rule_errors(
                    {"nip": row.nip, "employment_type": row.values["employment_type"],
                     "rank_code": row.values["rank_code"]}, row.node, "", "", chain)
                if "supervisor_id" in errors:
                    loop = chain[:chain.index(row.node) + 1]
                    path = " → ".join([row.nip, *(self._nip_of(node, by_number) for node in loop)])
                    row.reasons.append(_("%(rule)s (rantai atasan: %(path)s)",
                                         rule=str(errors["supervisor_id"]).rstrip("."), path=path))
                    refused = True
            if not refused:
                return

    def _cascade(self, by_nip: dict[str, list[RosterRow]], dependents: dict[str, list[RosterRow]]) -> None:
        """Rows whose supervisor is a new employee of a refused row are refused too."""
        broken = [nip for nip, group in by_nip.items()
                  if nip not in self.employees and any(row.reasons for row in group)]
        while broken:
            nip = broken.pop()
            numbers = join_numbers([row.number for row in by_nip[nip]])
            for row in dependents.get(nip, []):
                if row.reasons or row.nip == nip:
                    continue
                row.reasons.append(_("Atasan (NIP %(nip)s, baris %(rows)s) tidak dapat diimpor karena barisnya "
                                     "berisi kesalahan.", nip=nip, rows=numbers))
                if row.nip not in self.employees:
                    broken.append(row.nip)

    def _nip_of(self, node: int, by_number: dict[int, RosterRow]) -> str:
        return self.nip_by_id[node] if node > 0 else by_number[-node].nip

    # -- outcome --

    def _outcome(self, row: RosterRow) -> None:
        if row.reasons:
            row.outcome = "error"
            return
        if row.employee_id is None:
            row.outcome = "new"
            return
        existing = self.employees[row.nip]
        row.before = {name: getattr(existing, name) for name in services.EMPLOYEE_FIELDS}
        after = {**row.values, "supervisor_id": row.supervisor_node}
        for name in services.EMPLOYEE_FIELDS:
            old, new = row.before[name], after[name]
            # "" and None both mean "empty" (titles, e-mail); False is a value (Aktif: tidak).
            if old != new and not (old in ("", None) and new in ("", None)):
                row.changes[_FIELD_HEADERS[name]] = (self._shown(name, old), self._shown(name, new, row))
        row.outcome = "updated" if row.changes else "unchanged"

    def _shown(self, name: str, value: Any, row: RosterRow | None = None) -> str:
        if value is None or value == "":
            return "—"
        if name == "position_id":
            return self.position_code.get(value, str(value))
        if name == "unit_id":
            return self.unit_by_id[value].code if value in self.unit_by_id else str(value)
        if name == "supervisor_id":
            if value > 0:
                return self.nip_by_id.get(value, str(value))
            return row.supervisor_nip or "" if row else ""  # a new employee of this file
        if name == "is_active":
            return "ya" if value else "tidak"
        if name == "employment_type":
            return value.upper()
        return str(value)


_FIELD_HEADERS = {
    "nip": "NIP", "front_title": "Gelar Depan", "name": "Nama", "back_title": "Gelar Belakang",
    "employment_type": "Jenis Pegawai", "rank_code": "Golongan", "position_id": "Kode Jabatan",
    "unit_id": "Kode Unit", "supervisor_id": "NIP Atasan", "email": "Email", "is_active": "Aktif",
}


def _chain(supervisor_of: dict[int, int | None], start: int | None, limit: int = 50) -> list[int]:
    """Nodes from ``start`` up the supervisors, like services.supervisor_chain but in memory."""
    chain: list[int] = []
    current = start
    while current is not None and current not in chain and len(chain) < limit:
        chain.append(current)
        current = supervisor_of.get(current)
    return chain


def format_preview(preview: RosterPreview) -> str:
    """The preview as a text table for the command line, with a summary line."""
    lines = [f"{'Baris':>5}  {'NIP':<18}  {'Nama':<30}  {'Hasil':<13}  Keterangan"]
    for row in preview.rows:
        name = row.name if len(row.name) <= 30 else row.name[:29] + "…"
        lines.append(f"{row.number:>5}  {row.nip[:18]:<18}  {name:<30}  {row.outcome_label:<13}  "
                     f"{row.detail}".rstrip())
    if preview.ignored_columns:
        lines.append(_("Kolom diabaikan: %(columns)s", columns=", ".join(preview.ignored_columns)))
    lines.append(preview.summary)
    return "\n".join(lines)


_REPORT_HEADER = ["Baris", "NIP", "Nama", "Hasil", "Keterangan"]


def report_csv(preview: RosterPreview, summary: ImportSummary | None = None) -> bytes:
    """Every row with its outcome and reasons, for HR to fix the file in Excel (UTF-8 with BOM, ";").

    With the ``summary`` of an import, the file starts with its counts, then an empty line and the rows."""
    rows = ([row.number, row.nip, row.name, row.outcome_label, row.detail] for row in preview.rows)
    if summary is None:
        return csv_bytes(_REPORT_HEADER, rows)
    counts = [[_("Baru"), summary.created], [_("Diperbarui"), summary.updated],
              [_("Tidak berubah"), summary.unchanged], [_("Dilewati"), summary.skipped]]
    return csv_bytes([_("Hasil impor %(file)s", file=preview.filename), _("Jumlah")],
                     [*counts, [], _REPORT_HEADER, *rows])
