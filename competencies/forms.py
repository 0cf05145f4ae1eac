"""Forms of the competency screens: requirement editor, prerequisites, bulk import of requirements."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from competencies import requirement_import
from competencies.models import Competency, Framework
from lms.extensions import db
from lms.formtools import Form, ImportConfirmForm, SpreadsheetUploadForm, options, spreadsheet_field

WEIGHT_CHOICES = [("critical", _l("Kritis")), ("normal", _l("Normal"))]


@dataclass(frozen=True)
class CompetencyOption:
    id: int
    code: str
    name: str
    framework_id: int
    framework_label: str


def competency_options() -> list[CompetencyOption]:
    """Every competency, grouped by framework (framework code, then the framework's own order)."""
    rows = db.session.execute(
        select(Competency.id, Competency.code, Competency.name, Framework.id, Framework.code, Framework.name)
        .join(Framework, Competency.framework_id == Framework.id)
        .order_by(Framework.code, Competency.sort_order, Competency.code))
    return [CompetencyOption(cid, code, name, framework_id, f"{framework_name} ({framework_code})")
            for cid, code, name, framework_id, framework_code, framework_name in rows]


def scales() -> dict[int, list[str]]:
    """Framework id -> its scale labels (the level select follows the chosen competency's framework)."""
    return {framework_id: list(scale) for framework_id, scale in db.session.execute(
        select(Framework.id, Framework.scale))}


def competency_choices(competencies: list[CompetencyOption], exclude: int | None = None) -> list[SelectChoice]:
    return [SelectChoice(0, _l("— pilih kompetensi —"))] + [
        SelectChoice(item.id, f"{item.code} – {item.name}", {"data-framework": str(item.framework_id)},
                     item.framework_label)
        for item in competencies if item.id != exclude]


def _level_choices(scale_by_framework: dict[int, list[str]]) -> list[SelectChoice]:
    """1..the longest scale; the service refuses a level beyond the chosen competency's own scale."""
    longest = max((len(scale) for scale in scale_by_framework.values()), default=0)
    return options((level, str(level)) for level in range(1, longest + 1))


class RequirementForm(Form):
    """Add or change a requirement of a position (saving an existing competency updates its row)."""

    competency_id = SelectField(_l("Kompetensi"), coerce=int,
                                validators=[DataRequired(_l("Pilih kompetensinya."))])
    level = SelectField(_l("Level yang dipersyaratkan"), coerce=int)
    weight = SelectField(_l("Bobot"), choices=options(WEIGHT_CHOICES), default="normal")

    def __init__(self, *args, competencies: list[CompetencyOption], scale_by_framework: dict[int, list[str]],
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.competency_id.choices = competency_choices(competencies)
        self.level.choices = _level_choices(scale_by_framework)


class PrerequisiteForm(Form):
    """``competency`` needs ``required_id`` at ``level`` first."""

    required_id = SelectField(_l("Kompetensi prasyarat"), coerce=int,
                              validators=[DataRequired(_l("Pilih kompetensi prasyaratnya."))])
    level = SelectField(_l("Level minimal"), coerce=int)

    def __init__(self, *args, competency: Competency, competencies: list[CompetencyOption],
                 scale_by_framework: dict[int, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        # The competency's own framework first: most prerequisites are found there.
        own = [item for item in competencies if item.framework_id == competency.framework_id]
        others = [item for item in competencies if item.framework_id != competency.framework_id]
        self.required_id.choices = competency_choices(own + others, exclude=competency.id)
        self.level.choices = _level_choices(scale_by_framework)


class RequirementUploadForm(SpreadsheetUploadForm):
    file = spreadsheet_field(_l("Berkas standar kompetensi (CSV atau XLSX)"))

    reader = staticmethod(requirement_import.read_requirements)


class RequirementConfirmForm(ImportConfirmForm):
    """The shared confirmation (stale-preview fingerprint, explicit valid-only choice) plus the deletion
    option."""

    stale_message = _l("Standar kompetensi berubah sejak pratinjau ditampilkan. Periksa pratinjau terbaru di bawah "
                       "ini lalu konfirmasi lagi.")
    delete_missing = BooleanField(_l("Hapus persyaratan yang tidak ada di berkas untuk jabatan di berkas"))
