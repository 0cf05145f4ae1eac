"""The reports HR can make: each with its filter form (read from the query string) and its builder.

A builder takes the form's data as plain values (ids, years, dates: what a background job gets as parameters)
and returns a :class:`~kompeten.reports.document.Report`; it loads what it needs itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from kompeten.reports import forms
from kompeten.reports.appraisal_report import AppraisalReportFilters, build_appraisal_report
from kompeten.reports.document import Report
from kompeten.reports.effectiveness_report import EffectivenessFilters, build_effectiveness_report
from kompeten.reports.gap_report import build_gap_report
from kompeten.reports.hours_report import HoursReportFilters, build_hours_report
from kompeten.reports.training_report import PeriodFilters, build_certificate_report, build_workshop_report


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title: Any  # lazy string
    description: Any
    form: type[forms.ReportFilters]
    build: Callable[[dict[str, Any]], Report]


REPORTS = {spec.key: spec for spec in (
    ReportSpec("kesenjangan", _l("Laporan kesenjangan kompetensi"),
               _l("Pegawai, persyaratan terpenuhi, JPM, kompetensi dengan kesenjangan terbesar dan pegawai dengan "
                  "kesenjangan kritis, untuk unit, jabatan, kompetensi atau seluruh kota."),
               forms.GapReportFilters, build_gap_report),
    ReportSpec("kepatuhan-jp", _l("Laporan kepatuhan 20 JP"),
               _l("Pegawai aktif yang mencapai target jam pelajaran pelatihan dalam setahun, per unit, tren JP per "
                  "bulan, dan daftar pegawai yang belum mencapainya beserta kekurangannya."),
               HoursReportFilters, build_hours_report),
    ReportSpec("register-sertifikat", _l("Register sertifikat"),
               _l("Setiap sertifikat pelatihan yang terbit dalam suatu periode: nomor, pemegang, pelatihan, angkatan, "
                  "JP, status berlaku atau dicabut, dan jumlahnya per bulan."),
               PeriodFilters, build_certificate_report),
    ReportSpec("rekap-kelas", _l("Rekap kelas pelatihan"),
               _l("Per kelas yang dimulai dalam suatu periode: peserta, kehadiran, hasil (lulus, tidak lulus, tidak "
                  "hadir), nilai pre-test dan post-test, serta umpan balik peserta."),
               PeriodFilters, build_workshop_report),
    ReportSpec("efektivitas-pelatihan", _l("Laporan efektivitas pelatihan"),
               _l("Per pelatihan yang kelasnya selesai dalam suatu periode: peserta lulus, nilai pre-test dan "
                  "post-test, umpan balik, level kompetensi peserta sebelum dan sesudah, dan perubahan kesenjangan "
                  "perangkat daerah peserta."),
               EffectivenessFilters, build_effectiveness_report),
    ReportSpec("hasil-penilaian", _l("Laporan hasil penilaian"),
               _l("Sebaran predikat kinerja per unit terhadap batasnya, penilai yang longgar, ketat atau berefek "
                  "halo, selisih penilaian diri, dan sebaran level kompetensi hasil akhir suatu periode penilaian."),
               AppraisalReportFilters, build_appraisal_report),
)}
