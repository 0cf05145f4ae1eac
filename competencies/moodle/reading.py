"""Reading a Moodle file: its records through the shared reader (:mod:`lms.tabular`), its header, and each row
checked into a :class:`~competencies.moodle.preview.MoodleRow`."""

import nh3
from flask_babel import gettext as _
from sqlalchemy import select

from competencies.models import Framework
from competencies.moodle.columns import COLUMNS, header_key
from competencies.moodle.preview import FORMAT_HTML, Issue, MoodlePreview, MoodleRow
from competencies.moodle.scales import read_scale, read_taxonomy
from competencies.moodle.tree import check_tree
from lms.extensions import db
from lms.tabular import (
    FileError,
    NotUtf8Error,
    iter_csv_rows,
    map_headers,
    missing_columns,
    non_blank_rows,
    unneutralised,
)

CODE_MAX = 100  # Framework.code, Competency.code
MAX_ROWS = 50_000  # competencies per file (with their framework row)
NAME_MAX = 250  # Framework.name, Competency.name
_FALSE = {"", "0", "false", "no", "tidak"}

#: HTML kept in descriptions; everything else is dropped (``<script>`` and ``<style>`` with their content), as
#: are all attributes but these. Links get rel="noopener noreferrer nofollow"; images are not kept (their
#: Moodle URLs do not resolve here).
SAFE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
})
SAFE_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
LINK_REL = "noopener noreferrer nofollow"


def sanitise_html(html: str) -> str:
    """A description as safe HTML (see :data:`SAFE_TAGS`). Plain text comes back with ``<`` and ``&`` escaped."""
    if not html.strip():
        return ""
    return nh3.clean(html, tags=set(SAFE_TAGS), attributes={tag: set(names) for tag, names in
                                                             SAFE_ATTRIBUTES.items()},
                     link_rel=LINK_REL).strip()


def parse_moodle_csv(data: bytes) -> MoodlePreview:
    """Read and check a Moodle competency framework CSV (nothing is written).

    Every problem found is reported at once in ``errors`` (the file cannot be imported) or ``warnings`` (it
    can). The framework's ID number is looked up in the database: an existing one is an error.
    """
    preview = _parse(data)
    framework = preview.framework
    if framework is not None and framework.id_number:
        exists = db.session.scalar(select(Framework.id).where(Framework.code == framework.id_number))
        if exists is not None:
            preview.errors.append(Issue((framework.number,), _(
                "kerangka dengan ID number \"%(code)s\" sudah ada. Impor tidak memperbarui kerangka yang ada: "
                "hapus kerangka itu lebih dahulu, atau beri kerangka di berkas ini ID number lain.",
                code=framework.id_number)))
    preview.errors.sort(key=lambda issue: issue.rows[:1])
    preview.warnings.sort(key=lambda issue: issue.rows[:1])
    return preview


def _parse(data: bytes) -> MoodlePreview:
    preview = MoodlePreview(None, [], [], [], {}, [])
    records = _records(data, preview.errors)
    positions = _positions(*records[0], preview) if records else None
    if positions is None:
        return preview
    frameworks: list[MoodleRow] = []
    for number, cells in records[1:]:
        # A cell that an export of this app neutralised ("'=..." so that a spreadsheet does not run it) is read
        # as it was written; see competencies.moodle.exporting.
        values = {key: unneutralised(cells[index].strip()) if index < len(cells) else ""
                  for key, index in positions.items()}
        row = _row(number, values, preview)
        (frameworks if row.is_framework else preview.competencies).append(row)
    if not frameworks:
        preview.errors.append(Issue((), _("Tidak ada baris kerangka (kolom Is framework = 1): berkas harus "
                                          "berisi tepat satu.")))
    elif len(frameworks) > 1:
        preview.errors.append(Issue(tuple(row.number for row in frameworks), _(
            "%(count)s baris kerangka (Is framework = 1); berkas harus berisi tepat satu.", count=len(frameworks))))
    preview.framework = frameworks[0] if frameworks else None
    check_tree(preview)
    return preview


def _records(data: bytes, errors: list[Issue]) -> list[tuple[int, list[str]]]:
    """The non-blank records with the line of the file where each starts; none when the file cannot be read (the
    reason is in ``errors``)."""
    try:
        records = list(non_blank_rows(iter_csv_rows(data, utf8_only=True, lines=True), MAX_ROWS))
    except NotUtf8Error as error:
        errors.append(Issue((error.line,), _(
            "berkas tidak berenkode UTF-8 (byte 0x%(byte)02X tidak valid). Ekspor ulang dari Moodle atau simpan "
            "ulang sebagai \"CSV UTF-8\".", byte=error.byte)))
        return []
    except FileError as error:
        errors.append(Issue((), error.message))
        return []
    if not records:
        errors.append(Issue((), _("Berkas kosong.")))
    return records


def _positions(number: int, header: list[str], preview: MoodlePreview) -> dict[str, int] | None:
    """Column key -> index in a record; None when the header is refused (the reason is in the preview)."""
    try:
        positions, preview.ignored_columns = map_headers(header, COLUMNS, header_key)
    except FileError as error:  # a column named twice
        preview.errors.append(Issue((number,), error.message))
        return None
    missing = missing_columns(positions, COLUMNS)
    if missing:
        preview.errors.append(Issue((number,), _(
            "kolom wajib tidak ditemukan: %(columns)s. Baris pertama berkas harus berisi judul kolom ekspor "
            "Moodle.", columns=", ".join(missing))))
        return None
    preview.columns = {key: header[index].strip() for key, index in positions.items()}
    return positions


def _row(number: int, values: dict[str, str], preview: MoodlePreview) -> MoodleRow:
    """One data row read and checked: its problems go to the preview."""

    def error(message: str) -> None:
        preview.errors.append(Issue((number,), message))

    is_framework = values.get("is_framework", "").lower() not in _FALSE
    row = MoodleRow(number=number, id_number=values.get("id_number", ""),
                    short_name=" ".join(values.get("short_name", "").split()), is_framework=is_framework,
                    parent_id_number=values.get("parent", ""),
                    description=sanitise_html(values.get("description", "")))
    if not row.id_number:
        error(_("ID number kosong."))
    elif len(row.id_number) > CODE_MAX:
        error(_("ID number lebih dari %(limit)s karakter.", limit=CODE_MAX))
    if not row.short_name:
        error(_("Short name kosong."))
    elif len(row.short_name) > NAME_MAX:
        error(_("Short name lebih dari %(limit)s karakter.", limit=NAME_MAX))
    description_format = _integer(values.get("description_format", ""))
    if description_format is None:
        error(_("Description format \"%(value)s\" bukan angka.", value=values["description_format"]))
    else:
        row.description_format = description_format if values.get("description_format") else FORMAT_HTML
    row.scale = read_scale(number, values.get("scale_values", ""), values.get("scale_configuration", ""), preview,
                           required=is_framework)
    if is_framework:
        _framework_fields(row, values, preview)
    else:
        _competency_fields(row, values, preview)
    return row


def _framework_fields(row: MoodleRow, values: dict[str, str], preview: MoodlePreview) -> None:
    row.taxonomy = read_taxonomy(row.number, values.get("taxonomy", ""), preview.errors)
    if row.parent_id_number:
        preview.warnings.append(Issue((row.number,), _("Parent ID number baris kerangka diabaikan.")))


def _competency_fields(row: MoodleRow, values: dict[str, str], preview: MoodlePreview) -> None:
    if values.get("taxonomy"):
        preview.warnings.append(Issue((row.number,), _("Taxonomy hanya berlaku pada baris kerangka; diabaikan.")))
    row.rule_type = values.get("rule_type", "")
    outcome = _integer(values.get("rule_outcome", ""))
    if outcome is None:
        preview.errors.append(Issue((row.number,), _("Rule outcome \"%(value)s\" bukan angka.",
                                                     value=values["rule_outcome"])))
    else:
        row.rule_outcome = outcome
    config = values.get("rule_config", "")
    row.rule_config = None if config in ("", "null") else config
    row.related = [code.strip().replace("%2C", ",") for code in values.get("related", "").split(",")
                   if code.strip()]
    row.exported_id = values.get("exported_id", "")


def _integer(text: str) -> int | None:
    """An integer cell; empty is 0. None: not an integer."""
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        return None
