"""Forms of the trainer screens: workshop settings, sessions, attendance, test scores, materials, proposals."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, FloatField, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import NumberInput

from courses.catalogue.forms import WorkshopForm
from courses.models import ATTENDANCE_LABELS, MATERIAL_KIND_LABELS, Enrolment
from courses.teaching import scores as score_import
from courses.teaching.attendance import MAX_SCORE, MIN_SCORE
from courses.teaching.materials import EXTENSIONS
from lms.formtools import Form, ImportConfirmForm, SpreadsheetUploadForm, options, spreadsheet_field


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class WorkshopSettingsForm(Form):
    """What the trainer of a workshop may change (HR changes the rest)."""

    capacity = IntegerField(_l("Kapasitas (orang)"),
                            validators=[InputRequired(_l("Isi kapasitas.")), NumberRange(1, 1000)])
    enrol_opens_on = DateField(_l("Pendaftaran dibuka"), validators=[InputRequired(_l("Isi tanggal buka."))])
    enrol_closes_on = DateField(_l("Pendaftaran ditutup"), validators=[InputRequired(_l("Isi tanggal tutup."))])
    venue = StringField(_l("Tempat"), filters=[_strip], validators=[Length(max=250)])
    online_link = StringField(_l("Tautan daring"), filters=[_strip],
                              validators=[Optional(), Length(max=500), URL(message=_l("Tautan tidak valid."))])

    def values(self) -> dict[str, Any]:
        return {"capacity": self.capacity.data, "enrol_opens_on": self.enrol_opens_on.data,
                "enrol_closes_on": self.enrol_closes_on.data, "venue": self.venue.data or "",
                "online_link": self.online_link.data or ""}


class SessionForm(Form):
    session_date = DateField(_l("Tanggal"), validators=[InputRequired(_l("Isi tanggal sesi."))])
    starts_at = TimeField(_l("Mulai"), validators=[InputRequired(_l("Isi jam mulai."))])
    ends_at = TimeField(_l("Selesai"), validators=[InputRequired(_l("Isi jam selesai."))])
    topic = StringField(_l("Topik"), filters=[_strip], validators=[Length(max=250)])
    venue = StringField(_l("Tempat (kosong: tempat kelas)"), filters=[_strip], validators=[Length(max=250)])
    online_link = StringField(_l("Tautan daring"), filters=[_strip],
                              validators=[Optional(), Length(max=500), URL(message=_l("Tautan tidak valid."))])

    def validate_ends_at(self, field):
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("Jam selesai harus setelah jam mulai."))

    def values(self) -> dict[str, Any]:
        return {"session_date": self.session_date.data, "starts_at": self.starts_at.data,
                "ends_at": self.ends_at.data, "topic": self.topic.data or "", "venue": self.venue.data or "",
                "online_link": self.online_link.data or ""}


class ProposalForm(WorkshopForm):
    """A trainer's proposal of a new workshop of a course they teach; who may enrol is HR's decision."""

    eligible_position_kinds = None
    note = TextAreaField(_l("Catatan untuk BKPSDM"), filters=[_strip], validators=[Length(max=2000)],
                         description=_l("Misalnya: alasan, sasaran peserta, usulan jadwal sesi."))

    def values(self) -> dict[str, Any]:
        return {"batch": self.batch.data.strip(), "capacity": self.capacity.data,
                "enrol_opens_on": self.enrol_opens_on.data, "enrol_closes_on": self.enrol_closes_on.data,
                "requires_approval": self.requires_approval.data, "venue": self.venue.data.strip(),
                "online_link": (self.online_link.data or "").strip(), "note": self.note.data or ""}


def attendance_form(enrolments: list[Enrolment], recorded: dict[int, str], **kwargs: Any) -> Form:
    """One radio group per enrolled participant (field ``e<enrolment id>``), preset to what is recorded."""

    class AttendanceForm(Form):
        def statuses(self) -> dict[int, str]:
            """{enrolment id: status} of the groups that were answered."""
            return {enrolment.id: self[f"e{enrolment.id}"].data for enrolment in enrolments
                    if self[f"e{enrolment.id}"].data}

    for enrolment in enrolments:
        setattr(AttendanceForm, f"e{enrolment.id}", RadioField(
            enrolment.employee.full_name, choices=options(ATTENDANCE_LABELS.items()), validators=[Optional()],
            default=recorded.get(enrolment.id)))
    return AttendanceForm(**kwargs)


class ScoreField(FloatField):
    """A score from 0 to 100; a decimal comma is accepted as well as a point."""

    widget = NumberInput(step="any", min=MIN_SCORE, max=MAX_SCORE)

    def process_formdata(self, valuelist):
        super().process_formdata([value.strip().replace(",", ".") for value in valuelist])


def scores_form(enrolments: list[Enrolment], **kwargs: Any) -> Form:
    """Pre- and post-test score per enrolled participant (fields ``pre<id>`` and ``post<id>``); empty: none."""
    score_range = NumberRange(MIN_SCORE, MAX_SCORE, message=_l("Nilai harus antara %(min)s dan %(max)s."))

    class ScoresForm(Form):
        def scores(self) -> dict[int, dict[str, float | None]]:
            return {enrolment.id: {"pre_score": self[f"pre{enrolment.id}"].data,
                                   "post_score": self[f"post{enrolment.id}"].data} for enrolment in enrolments}

    for enrolment in enrolments:
        name = enrolment.employee.full_name
        setattr(ScoresForm, f"pre{enrolment.id}", ScoreField(
            _l("Pre-test %(name)s", name=name), validators=[Optional(), score_range],
            default=enrolment.pre_score))
        setattr(ScoresForm, f"post{enrolment.id}", ScoreField(
            _l("Post-test %(name)s", name=name), validators=[Optional(), score_range],
            default=enrolment.post_score))
    return ScoresForm(**kwargs)


class ScoreUploadForm(SpreadsheetUploadForm):
    file = spreadsheet_field(_l("Berkas nilai (CSV atau XLSX)"))

    reader = staticmethod(score_import.read_scores)


class ScoreConfirmForm(ImportConfirmForm):
    stale_message = _l("Nilai peserta berubah sejak pratinjau ditampilkan. Periksa pratinjau terbaru di bawah ini "
                       "lalu konfirmasi lagi.")


class _MaterialForm(Form):
    title = StringField(_l("Judul"), filters=[_strip],
                        validators=[DataRequired(_l("Isi judul materi.")), Length(max=200)])
    kind = SelectField(_l("Jenis"), choices=options(MATERIAL_KIND_LABELS.items()), default="module")


class MaterialFileForm(_MaterialForm):
    file = FileField(_l("Berkas"), validators=[FileRequired(_l("Pilih berkas yang akan diunggah."))],
                     render_kw={"accept": ",".join(f".{extension}" for extension in EXTENSIONS)})


class MaterialLinkForm(_MaterialForm):
    url = StringField(_l("Tautan"), filters=[_strip],
                      validators=[DataRequired(_l("Isi tautannya.")), Length(max=500)],
                      render_kw={"placeholder": "https://"})
