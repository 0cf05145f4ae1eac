"""Forms of the HR course screens: course, its competencies and prerequisites, workshops, decisions, nominations."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from competencies.forms import CompetencyOption, competency_choices
from courses.models import COURSE_STATUS_LABELS, MANDATORY_PROGRAMME_LABELS, MODALITY_LABELS, Course, CourseStatus
from courses.siasn_forms import SiasnKindFields
from lms.auth.models import User, UserRole
from lms.extensions import db
from lms.formtools import Form, options
from lms.people import reference
from lms.people.models import Employee
from lms.people.nip import compact_nip

NIP_PATTERN = re.compile(r"\d{18}")


def trainer_choices() -> list[tuple[int, str]]:
    """Accounts with the trainer role, by name."""
    users = db.session.scalars(select(User).join(UserRole).where(UserRole.role == "trainer"))
    return sorted(((user.id, f"{user.display_name} ({user.login_name})") for user in users),
                  key=lambda item: item[1].lower())


def users_by_id(user_ids: list[int] | None) -> list[User]:
    return list(db.session.scalars(select(User).where(User.id.in_(user_ids or []))))


class CourseForm(SiasnKindFields):
    code = StringField(_l("Kode"), validators=[DataRequired(_l("Isi kode pelatihan.")), Length(max=40)])
    title = StringField(_l("Judul"), validators=[DataRequired(_l("Isi judul pelatihan.")), Length(max=200)])
    description = TextAreaField(_l("Deskripsi"), validators=[Length(max=5000)])
    hours_jp = IntegerField(_l("Jumlah JP (1 JP = 45 menit)"),
                            validators=[InputRequired(_l("Isi jumlah JP.")), NumberRange(1, 1000)])
    modality = SelectField(_l("Moda"), choices=options(MODALITY_LABELS.items()))
    provider = StringField(_l("Penyelenggara"), validators=[Length(max=200)], default="BKPSDM Kota Medan")
    min_attendance_pct = IntegerField(_l("Kehadiran minimal (%)"), default=80,
                                      validators=[InputRequired(_l("Isi kehadiran minimal.")), NumberRange(0, 100)])
    pass_mark = IntegerField(_l("Nilai lulus post-test (kosongkan bila tanpa post-test)"),
                             validators=[Optional(), NumberRange(0, 100)])
    competency_test = BooleanField(_l("Post-test adalah uji kompetensi: peserta yang lulus naik ke level yang "
                                      "diberikan pelatihan (tanpa uji kompetensi, pelatihan hanya menambah JP dan "
                                      "sertifikat)"))
    mandatory_programme = SelectField(_l("Pelatihan wajib jabatan"), coerce=lambda value: value or None,
                                      choices=options([("", _l("— bukan pelatihan wajib —")),
                                                       *MANDATORY_PROGRAMME_LABELS.items()]))
    certificate_validity_years = IntegerField(_l("Masa berlaku sertifikat (tahun; kosongkan bila seumur hidup)"),
                                              validators=[Optional(), NumberRange(1, 50)])
    status = SelectField(_l("Status"), choices=options(COURSE_STATUS_LABELS.items()), default=CourseStatus.DRAFT)

    def __init__(self, *args, course: Course | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course

    def validate_code(self, field):
        clash = db.session.scalar(select(Course.id).where(func.lower(Course.code) == field.data.strip().lower()))
        if clash is not None and (self.course is None or clash != self.course.id):
            raise ValidationError(_l("Kode ini sudah dipakai pelatihan lain."))

    def validate_competency_test(self, field):
        if field.data and self.pass_mark.data is None:
            raise ValidationError(_l("Uji kompetensi memerlukan nilai lulus post-test."))

    def values(self) -> dict:
        return {"code": self.code.data.strip(), "title": self.title.data.strip(),
                "description": self.description.data.strip(), "hours_jp": self.hours_jp.data,
                "modality": self.modality.data, "provider": self.provider.data.strip(),
                "min_attendance_pct": self.min_attendance_pct.data, "pass_mark": self.pass_mark.data,
                "competency_test": self.competency_test.data, "siasn_kind_id": self.siasn_kind_id.data,
                "structural_kind_id": self.structural_kind_id.data,
                "mandatory_programme": self.mandatory_programme.data,
                "certificate_validity_years": self.certificate_validity_years.data, "status": self.status.data}


class CourseCompetencyForm(Form):
    competency_id = SelectField(_l("Kompetensi"), coerce=int, validators=[DataRequired(_l("Pilih kompetensinya."))])
    entry_level = SelectField(_l("Level awal minimal"), coerce=int)
    granted_level = SelectField(_l("Level setelah lulus"), coerce=int)

    def __init__(self, *args, competencies: list[CompetencyOption], max_level: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.competency_id.choices = competency_choices(competencies)
        self.entry_level.choices = options([(0, _l("0 – tanpa syarat"))] +
                                           [(level, str(level)) for level in range(1, max_level)])
        self.granted_level.choices = options((level, str(level)) for level in range(1, max_level + 1))


class PrerequisiteCourseForm(Form):
    required_course_id = SelectField(_l("Pelatihan prasyarat"), coerce=int,
                                     validators=[DataRequired(_l("Pilih pelatihan prasyaratnya."))])

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        rows = db.session.execute(select(Course.id, Course.code, Course.title).where(Course.id != course.id)
                                  .order_by(Course.title))
        self.required_course_id.choices = options([(0, _l("— pilih pelatihan —"))] +
                                                  [(cid, f"{title} ({code})") for cid, code, title in rows])


class TrainersForm(Form):
    trainers = SelectMultipleField(_l("Pengajar"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trainers.choices = options(trainer_choices())

    def selected_users(self) -> list[User]:
        return users_by_id(self.trainers.data)


class WorkshopForm(Form):
    batch = StringField(_l("Angkatan"), validators=[DataRequired(_l("Isi nama angkatan.")), Length(max=100)],
                        description=_l("Misalnya: Angkatan I Tahun 2027"))
    capacity = IntegerField(_l("Kapasitas (orang)"), default=30,
                            validators=[InputRequired(_l("Isi kapasitas.")), NumberRange(1, 1000)])
    enrol_opens_on = DateField(_l("Pendaftaran dibuka"), validators=[InputRequired(_l("Isi tanggal buka."))])
    enrol_closes_on = DateField(_l("Pendaftaran ditutup"), validators=[InputRequired(_l("Isi tanggal tutup."))])
    requires_approval = BooleanField(_l("Perlu persetujuan atasan langsung"))
    venue = StringField(_l("Tempat"), validators=[Length(max=250)])
    online_link = StringField(_l("Tautan daring"), validators=[Optional(), Length(max=500),
                                                               URL(message=_l("Tautan tidak valid."))])
    eligible_position_kinds = SelectMultipleField(_l("Khusus jenis jabatan (kosong: semua pegawai)"),
                                                  choices=options(reference.POSITION_KIND_LABELS.items()))

    def validate_enrol_closes_on(self, field):
        if self.enrol_opens_on.data and field.data and field.data < self.enrol_opens_on.data:
            raise ValidationError(_l("Tanggal tutup pendaftaran tidak boleh sebelum tanggal buka."))

    def values(self) -> dict:
        return {"batch": self.batch.data.strip(), "capacity": self.capacity.data,
                "enrol_opens_on": self.enrol_opens_on.data, "enrol_closes_on": self.enrol_closes_on.data,
                "requires_approval": self.requires_approval.data, "venue": self.venue.data.strip(),
                "online_link": (self.online_link.data or "").strip(),
                "eligible_position_kinds": list(self.eligible_position_kinds.data or [])}


class NewWorkshopForm(WorkshopForm):
    trainers = SelectMultipleField(_l("Pengajar"), coerce=int,
                                   validators=[DataRequired(_l("Pilih paling sedikit satu pengajar."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trainers.choices = options(trainer_choices())


class ReasonForm(Form):
    reason = TextAreaField(_l("Alasan"), validators=[DataRequired(_l("Tuliskan alasannya.")), Length(max=1000)])


def nip_tokens(text: str) -> list[str]:
    """NIPs one per line or separated by commas, semicolons or spaces; a line (or a piece between commas) that is
    one NIP as printed, with spaces, dots or dashes ("19850317 201001 1 002"), is that NIP."""
    tokens: list[str] = []
    for piece in re.split(r"[\n,;]+", text):
        compact = compact_nip(piece)
        tokens.extend([compact] if NIP_PATTERN.fullmatch(compact) else piece.split())
    return tokens


class NominationForm(Form):
    nips = TextAreaField(_l("NIP pegawai (satu per baris, atau dipisah koma/spasi)"),
                         validators=[DataRequired(_l("Isi paling sedikit satu NIP."))])

    def validate_nips(self, field):
        tokens = nip_tokens(field.data or "")
        malformed = [token for token in tokens if not NIP_PATTERN.fullmatch(token)]
        if malformed:
            raise ValidationError(_l("Bukan NIP 18 digit: %(values)s", values=", ".join(malformed[:10])))
        self.nip_list = list(dict.fromkeys(tokens))
        found = set(db.session.scalars(select(Employee.nip).where(Employee.nip.in_(self.nip_list))))
        unknown = [nip for nip in self.nip_list if nip not in found]
        if unknown:
            raise ValidationError(_l("NIP tidak terdaftar: %(values)s", values=", ".join(unknown[:10])))
        if len(self.nip_list) > 500:
            raise ValidationError(_l("Paling banyak 500 pegawai sekali usul."))

    def employees(self) -> list[Employee]:
        by_nip = {employee.nip: employee for employee in db.session.scalars(
            select(Employee).where(Employee.nip.in_(self.nip_list)))}
        return [by_nip[nip] for nip in self.nip_list]
