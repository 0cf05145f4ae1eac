"""Forms of the training-record screens: external training, HR's rejection, workshop feedback."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from courses.records.services import MAX_HOURS_JP, SCAN_EXTENSIONS, ExternalTraining
from courses.siasn_forms import SiasnKindFields
from lms.formtools import Form, options


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class ExternalTrainingForm(SiasnKindFields):
    title = StringField(_l("Nama pelatihan"), filters=[_strip],
                        validators=[DataRequired(_l("Isi nama pelatihan.")), Length(max=250)])
    provider = StringField(_l("Penyelenggara"), filters=[_strip],
                           validators=[DataRequired(_l("Isi penyelenggaranya.")), Length(max=200)])
    starts_on = DateField(_l("Tanggal mulai"), validators=[InputRequired(_l("Isi tanggal mulai."))])
    ends_on = DateField(_l("Tanggal selesai"), validators=[InputRequired(_l("Isi tanggal selesai."))])
    hours_jp = IntegerField(_l("Jumlah JP (1 JP = 45 menit)"),
                            validators=[InputRequired(_l("Isi jumlah JP.")), NumberRange(1, MAX_HOURS_JP)])
    certificate_number = StringField(_l("Nomor sertifikat"), filters=[_strip],
                                     validators=[DataRequired(_l("Isi nomor sertifikat.")), Length(max=100)])
    scan = FileField(_l("Pindaian sertifikat"),
                     validators=[FileRequired(_l("Unggah pindaian sertifikatnya."))],
                     render_kw={"accept": ",".join(f".{extension}" for extension in SCAN_EXTENSIONS)})

    def values(self) -> ExternalTraining:
        return ExternalTraining(title=self.title.data, provider=self.provider.data,
                                siasn_kind_id=self.siasn_kind_id.data,
                                structural_kind_id=self.structural_kind_id.data,
                                starts_on=self.starts_on.data, ends_on=self.ends_on.data,
                                hours_jp=self.hours_jp.data, certificate_number=self.certificate_number.data)


class RejectForm(Form):
    reason = TextAreaField(_l("Alasan penolakan"), filters=[_strip],
                           validators=[DataRequired(_l("Tuliskan alasan penolakan.")), Length(max=2000)])


SCORE_CHOICES = options((score, str(score)) for score in range(1, 6))


def _score_field(label: Any) -> RadioField:
    return RadioField(label, coerce=int, choices=SCORE_CHOICES,
                      validators=[InputRequired(_l("Pilih nilai 1 sampai 5."))])


class FeedbackForm(Form):
    content_score = _score_field(_l("Materi pelatihan"))
    trainer_score = _score_field(_l("Pengajar"))
    relevance_score = _score_field(_l("Manfaat bagi pekerjaan"))
    comment = TextAreaField(_l("Komentar dan saran"), filters=[_strip], validators=[Length(max=2000)])
