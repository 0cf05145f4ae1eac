from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from lms.extensions import db
from lms.formtools import Form, options
from lms.people import reference
from lms.people.models import EMPLOYMENT_TYPE_LABELS, UNIT_KINDS, Employee, OrgUnit, Position
from lms.people.nip import compact_nip
from lms.people.queries import positions_for_unit, unit_choices

CODE = Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Kode hanya boleh berisi huruf, angka, titik, garis bawah "
                                                 "dan tanda hubung."))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class EmployeeForm(Form):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            options["filters"] = [*unbound_field.kwargs.get("filters", ()), _strip]  # a field's own ones first
            return unbound_field.bind(form=form, **options)

    nip = StringField(_l("NIP"), filters=[compact_nip], validators=[DataRequired(), Length(min=18, max=18,
                                             message=_l("NIP harus terdiri dari tepat 18 angka."))])
    front_title = StringField(_l("Gelar depan"), validators=[Optional(), Length(max=40)])
    name = StringField(_l("Nama lengkap (tanpa gelar)"), validators=[DataRequired(), Length(max=150)])
    back_title = StringField(_l("Gelar belakang"), validators=[Optional(), Length(max=80)])
    employment_type = SelectField(_l("Jenis pegawai"), choices=options(EMPLOYMENT_TYPE_LABELS.items()))
    rank_code = SelectField(_l("Golongan"), validators=[DataRequired()])
    unit_id = SelectField(_l("Unit kerja"), coerce=int, validators=[DataRequired()])
    position_id = SelectField(_l("Jabatan"), coerce=int, validators=[DataRequired()])
    supervisor_nip = StringField(_l("NIP atasan langsung"), filters=[compact_nip],
                                 validators=[Optional(), Length(min=18, max=18)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    is_active = BooleanField(_l("Aktif"), default=True)

    def __init__(self, *args, employee: Employee | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        self.rank_code.choices = options([("", "—")] + [
            (code, f"{code} – {title}") for code, title in reference.pns_ranks().items()
        ] + [(code, f"PPPK {code}") for code in reference.PPPK_RANKS])
        self.unit_id.choices = options(unit_choices(keep=employee.unit_id if employee else None))
        unit_id = self.unit_id.data or (self.unit_id.choices[0].value if self.unit_id.choices else None)
        self.position_id.choices = options(
            (p.id, f"{p.name} ({p.unit.name})")
            for p in (positions_for_unit(unit_id, keep=employee.position_id if employee else None) if unit_id else []))
        self.supervisor = None

    def validate_nip(self, field):
        owner = db.session.scalar(select(Employee.id).where(Employee.nip == field.data))
        if owner is not None and (self.employee is None or owner != self.employee.id):
            raise ValidationError(_l("NIP ini sudah terdaftar untuk pegawai lain."))

    def validate_email(self, field):
        if not field.data:
            return
        owner = db.session.scalar(select(Employee.id).where(Employee.email == field.data.lower()))
        if owner is not None and (self.employee is None or owner != self.employee.id):
            raise ValidationError(_l("E-mail ini sudah dipakai pegawai lain."))

    def validate_supervisor_nip(self, field):
        if not field.data:
            return
        self.supervisor = db.session.scalar(select(Employee).where(Employee.nip == field.data))
        if self.supervisor is None:
            raise ValidationError(_l("Tidak ada pegawai dengan NIP ini."))

    def values(self) -> dict:
        return {
            "nip": self.nip.data,
            "front_title": self.front_title.data or "",
            "name": self.name.data,
            "back_title": self.back_title.data or "",
            "employment_type": self.employment_type.data,
            "rank_code": self.rank_code.data,
            "unit_id": self.unit_id.data,
            "position_id": self.position_id.data,
            "supervisor_id": self.supervisor.id if self.supervisor else None,
            "email": self.email.data.lower() if self.email.data else None,
            "is_active": self.is_active.data,
        }


class UnitForm(Form):
    code = StringField(_l("Kode"), validators=[DataRequired(), Length(max=40), CODE])
    name = StringField(_l("Nama unit"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Jenis unit"), choices=options((k, reference.UNIT_KIND_LABELS[k]) for k in UNIT_KINDS))
    parent_id = SelectField(_l("Unit induk"), coerce=int)

    def __init__(self, *args, unit: OrgUnit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.parent_id.choices = options([(0, _l("— (puncak pohon)")),
                                          *unit_choices(keep=unit.parent_id if unit else None)])

    def validate_code(self, field):
        owner = db.session.execute(select(OrgUnit.id, OrgUnit.deleted_at).where(OrgUnit.code == field.data)).first()
        if owner is not None and (self.unit is None or owner.id != self.unit.id):
            raise ValidationError(_l("Kode unit sudah dipakai oleh unit yang dihapus; pulihkan unit itu.")
                                  if owner.deleted_at else _l("Kode unit sudah dipakai."))


class PositionForm(Form):
    code = StringField(_l("Kode"), validators=[DataRequired(), Length(max=40), CODE])
    name = StringField(_l("Nama jabatan"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Jenis jabatan"), choices=options(reference.POSITION_KIND_LABELS.items()))
    grade = SelectField(_l("Jenjang"), validators=[Optional()])
    unit_id = SelectField(_l("Unit"), coerce=int)
    leads_to = SelectMultipleField(_l("Jenjang karier (jabatan berikutnya)"), coerce=int)

    def __init__(self, *args, position: Position | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.position = position
        grades = sorted({g for levels in reference.position_grades().values() for g in levels})
        self.grade.choices = options([("", "—")] + [(g, g) for g in grades])
        self.unit_id.choices = options(unit_choices(keep=position.unit_id if position else None))
        candidates = db.session.execute(
            select(Position.id, Position.name, OrgUnit.name).join(OrgUnit).where(Position.deleted_at.is_(None))
            .order_by(Position.name)).all()
        self.leads_to.choices = options((pid, f"{name} — {unit}") for pid, name, unit in candidates)

    def validate_code(self, field):
        owner = db.session.execute(select(Position.id, Position.deleted_at).where(Position.code == field.data)).first()
        if owner is not None and (self.position is None or owner.id != self.position.id):
            raise ValidationError(_l("Kode jabatan sudah dipakai oleh jabatan yang dihapus; pulihkan jabatan itu.")
                                  if owner.deleted_at else _l("Kode jabatan sudah dipakai."))
