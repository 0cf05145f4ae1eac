"""Competencies of the demo city: the technical framework TEKNIS-MEDAN and a complete standar kompetensi jabatan
(requirements) for every position of the demo Kota Medan.

``build_demo_competencies(seed)`` is called by ``city.build_demo_city`` right after the city is written. It
installs (or completes) the built-in ASN framework and the technical framework, adds the technical prerequisites
and gives every position of the city that has no requirement yet:

- every ASN managerial and socio-cultural competency, at the level of the managerial table
  (:func:`competencies.builtin.required_managerial_level`, configurable through ``MANAGERIAL_LEVELS``);
- three to five technical competencies: the core competency of the position's unit (weight "critical"), the
  competency of the position's own profession (functional family or pelaksana job), the performance-planning
  competency for structural heads, then competencies of the unit's context and agency and cross-agency ones.
  Levels depend on the position (:data:`TECHNICAL_LEVELS`): structural heads higher, functional posts by
  grade, pelaksana lower; the own professional competency at the same level as the core one, the others one
  level below.

The planning (:func:`plan_requirements`) is pure and deterministic for a seed; the writing is a handful of bulk
inserts (about 50,000 requirement rows for the 3,800 positions of the city). Flush, never commit.

The technical competencies live in ``kompeten/demo/data/kompetensi-teknis-medan.csv`` (group rows have no parent; each
competency row names its topic and three typical activities), their prerequisites in
``data/prasyarat-teknis-medan.csv``. Level descriptions and indicators are generated from the templates below,
filled with each competency's topic and activities.

Positions are read from the database (this package must not import ``kompeten.demo.city``): a position's agency is the
code of the OPD above its unit, and its unit context is the names of its unit and the units above it, up to
the OPD.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import networkx as nx
from sqlalchemy import exists, func, insert, select

from competencies.builtin import (
    CompetencySpec,
    FrameworkSpec,
    LevelSpec,
    asn_framework_spec,
    install_framework,
    managerial_levels,
    required_managerial_level,
)
from competencies.models import Competency, CompetencyLevel, Framework, Prerequisite, Requirement
from kompeten.demo import read_csv
from lms.cache import invalidate_graph
from lms.extensions import db
from lms.people.models import OrgUnit, Position

logger = logging.getLogger(__name__)

ROOT_CODE = "PEMKOT-MEDAN"  # the demo city's root unit (kompeten.demo.city.ROOT_CODE)
TECHNICAL_CODE = "TEKNIS-MEDAN"
TECHNICAL_NAME = "Kompetensi Teknis Pemerintah Kota Medan"
TECHNICAL_SCALE = ("Level 1", "Level 2", "Level 3", "Level 4", "Level 5")
TECHNICAL_PROFICIENT = 3
TECHNICAL_DESCRIPTION = (
    "Kompetensi teknis perangkat daerah Pemerintah Kota Medan (data demo), dikelompokkan per bidang urusan. "
    "Setiap kompetensi memiliki lima level dengan indikator perilaku; level 3 dianggap mahir."
)

# Level descriptions and indicators; {topic} and {a1}..{a3} are filled from the competency's CSV row.
LEVEL_TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Memahami ketentuan dasar {topic} dan melaksanakan tugas sederhana dengan bimbingan.",
     ("Menjelaskan ketentuan dan alur kerja {topic} dengan benar",
      "Melakukan {a1} sesuai petunjuk atasan",
      "Meminta arahan ketika menghadapi kasus yang tidak diatur dalam prosedur")),
    ("Melaksanakan {topic} secara mandiri untuk pekerjaan rutin sesuai standar operasional prosedur.",
     ("Melaksanakan {a1} secara mandiri sesuai SOP",
      "Menyelesaikan {a2} secara akurat dan tepat waktu",
      "Mendokumentasikan dan melaporkan hasil pekerjaannya secara tertib")),
    ("Menangani permasalahan {topic} yang kompleks, menganalisis penyebabnya dan membimbing rekan kerja.",
     ("Melaksanakan {a3}, termasuk pada kasus yang sulit atau tidak rutin",
      "Menganalisis data dan kendala {topic} lalu mengusulkan perbaikan",
      "Membimbing rekan kerja dalam {a1}")),
    ("Mengembangkan standar, prosedur dan inovasi {topic} di tingkat perangkat daerah.",
     ("Menyusun dan memperbarui SOP serta standar {topic}",
      "Mengevaluasi mutu {a2} dan menetapkan langkah perbaikan",
      "Mengoordinasikan {topic} dengan unit kerja dan instansi terkait")),
    ("Merumuskan kebijakan dan strategi {topic} tingkat kota serta menjadi rujukan bagi instansi lain.",
     ("Merumuskan kebijakan daerah di bidang {topic}",
      "Menjadi narasumber {topic} bagi perangkat daerah dan instansi lain",
      "Memimpin inovasi {topic} yang berdampak luas bagi layanan kota")),
)

# --- which technical competencies a position needs ---------------------------------------------------------------

Rule = tuple[tuple[str, ...], str]  # (keywords, any of which in a unit name, lower case) -> competency code

# Secretariat-type units of every agency: checked before the agency's own rules.
SUPPORT_RULES: tuple[Rule, ...] = (
    (("umum dan kepegawaian",), "T.SDM.01"),
    (("subbagian keuangan",), "T.KEU.01"),
    (("perencanaan dan pelaporan",), "T.UMM.08"),
    (("tata usaha",), "T.UMM.06"),
    (("sekretariat",), "T.UMM.08"),
)
# Generic words, checked after the agency's rules (and the only rules of an agency without its own).
GENERIC_RULES: tuple[Rule, ...] = (
    (("perencanaan",), "T.UMM.08"),
    (("pengendalian", "evaluasi"), "T.UMM.08"),
    (("pengembangan",), "T.UMM.07"),
    (("pelayanan", "layanan"), "T.UMM.05"),
    (("data", "informasi"), "T.UMM.09"),
    (("sarana", "prasarana", "aset"), "T.KEU.04"),
    (("pengadaan barang",), "T.UMM.02"),
)
GENERIC_CORE = "T.UMM.08"
GENERIC_POOL = ("T.UMM.08", "T.UMM.07", "T.UMM.05", "T.UMM.09", "T.UMM.06")


@dataclass(frozen=True)
class AgencyProfile:
    core: str  # core competency of the agency's head and of units no rule matches
    pool: tuple[str, ...]  # the agency's other competencies, most relevant first
    rules: tuple[Rule, ...] = ()


AGENCY_PROFILES: dict[str, AgencyProfile] = {
    "DISDUKCAPIL": AgencyProfile("T.DUK.01", ("T.DUK.02", "T.DUK.03", "T.DUK.04", "T.DUK.08", "T.DUK.05"), (
        (("identitas",), "T.DUK.02"),
        (("pindah datang",), "T.DUK.05"),
        (("pendataan penduduk", "pendaftaran penduduk"), "T.DUK.01"),
        (("kelahiran", "kematian"), "T.DUK.03"),
        (("perkawinan",), "T.DUK.06"),
        (("pencatatan sipil",), "T.DUK.03"),
        (("sistem informasi", "pengolahan dan penyajian data", "teknologi informasi", "pengelolaan informasi"),
         "T.DUK.04"),
        (("kerja sama", "pemanfaatan data"), "T.DUK.07"),
        (("inovasi pelayanan",), "T.DUK.08"),
    )),
    "DINKES": AgencyProfile("T.KES.01", ("T.KES.02", "T.KES.03", "T.KES.09", "T.KES.04", "T.KES.07"), (
        (("puskesmas",), "T.KES.01"),
        (("laboratorium",), "T.KES.08"),
        (("keluarga dan gizi",), "T.KES.12"),
        (("promosi",), "T.KES.09"),
        (("kesehatan lingkungan",), "T.KES.13"),
        (("surveilans", "penyakit"), "T.KES.02"),
        (("kesehatan primer",), "T.KES.03"),
        (("rujukan",), "T.KES.10"),
        (("mutu dan akreditasi",), "T.KES.04"),
        (("kefarmasian", "alat kesehatan"), "T.KES.07"),
        (("sumber daya manusia kesehatan",), "T.SDM.01"),
        (("kesehatan masyarakat",), "T.KES.09"),
        (("pelayanan kesehatan",), "T.KES.01"),
        (("sumber daya kesehatan",), "T.KES.07"),
    )),
    "RSUD-PIRNGADI": AgencyProfile("T.KES.10", ("T.KES.04", "T.KES.05", "T.KES.11", "T.KES.10"), (
        (("gawat darurat", "pelayanan medik"), "T.KES.10"),
        (("etika dan mutu",), "T.KES.04"),
        (("keperawatan",), "T.KES.05"),
        (("penunjang medik",), "T.KES.08"),
        (("penunjang nonmedik",), "T.KES.04"),
        (("rekam medik",), "T.KES.11"),
    )),
    "DISDIKBUD": AgencyProfile("T.PDK.01", ("T.PDK.02", "T.PDK.03", "T.UMM.07"), (
        (("paud", "nonformal"), "T.PDK.02"),
        (("budaya", "kesenian", "permuseuman"), "T.PDK.03"),
        (("sekolah", "kurikulum", "peserta didik"), "T.PDK.01"),
    )),
    "SDABMBK": AgencyProfile("T.PUR.01", ("T.PUR.02", "T.PUR.03", "T.UMM.02"), (
        (("sumber daya air", "drainase"), "T.PUR.02"),
        (("konstruksi",), "T.PUR.03"),
        (("jalan", "bina marga", "operasi", "pemeliharaan", "alat berat"), "T.PUR.01"),
    )),
    "PKPCKTR": AgencyProfile("T.PUR.04", ("T.PUR.05", "T.PUR.06", "T.UMM.02"), (
        (("tata ruang",), "T.PUR.04"),
        (("bangunan", "cipta karya"), "T.PUR.05"),
        (("perumahan", "permukiman", "prasarana, sarana", "pemakaman"), "T.PUR.06"),
    )),
    "DAMKAR": AgencyProfile("T.DMK.01", ("T.DMK.02", "T.DMK.03"), (
        (("pencegahan", "penyuluhan"), "T.DMK.03"),
        (("penyelamatan",), "T.DMK.02"),
        (("pemadam", "operasi", "sarana", "prasarana"), "T.DMK.01"),
    )),
    "P3APMP2KB": AgencyProfile("T.SOS.04", ("T.SOS.05", "T.SOS.06"), (
        (("pengendalian penduduk", "keluarga berencana", "ketahanan keluarga"), "T.SOS.06"),
        (("pemberdayaan masyarakat", "partisipasi masyarakat", "ekonomi masyarakat"), "T.SOS.05"),
        (("perempuan", "anak"), "T.SOS.04"),
    )),
    "DKPPP": AgencyProfile("T.EKO.05", ("T.EKO.06", "T.EKO.07", "T.EKO.08"), (
        (("peternakan", "kesehatan hewan"), "T.EKO.07"),
        (("perikanan",), "T.EKO.08"),
        (("pertanian", "tanaman", "penyuluhan"), "T.EKO.06"),
        (("pangan",), "T.EKO.05"),
    )),
    "KUKMPP": AgencyProfile("T.EKO.01", ("T.EKO.03", "T.EKO.02", "T.EKO.04"), (
        (("metrologi",), "T.EKO.04"),
        (("perdagangan", "harga"), "T.EKO.03"),
        (("industri",), "T.EKO.02"),
        (("koperasi", "usaha"), "T.EKO.01"),
    )),
    "DLH": AgencyProfile("T.LH.01", ("T.LH.02", "T.LH.03"), (
        (("sampah", "limbah"), "T.LH.01"),
        (("dampak", "tata lingkungan", "pemeliharaan lingkungan"), "T.LH.03"),
        (("pencemaran", "pemantauan", "penegakan hukum", "laboratorium", "pengaduan", "kapasitas"), "T.LH.02"),
    )),
    "DISHUB": AgencyProfile("T.HUB.01", ("T.HUB.02", "T.HUB.04", "T.HUB.03"), (
        (("parkir",), "T.HUB.04"),
        (("pengujian",), "T.HUB.03"),
        (("angkutan", "terminal"), "T.HUB.02"),
        (("lalu lintas", "perlengkapan jalan", "sarana dan prasarana"), "T.HUB.01"),
    )),
    "DISKOMINFO": AgencyProfile("T.TIK.01", ("T.TIK.02", "T.TIK.03", "T.TIK.05", "T.TIK.04"), (
        (("informasi publik", "komunikasi publik", "media"), "T.TIK.05"),
        (("persandian", "keamanan informasi"), "T.TIK.02"),
        (("statistik",), "T.TIK.06"),
        (("pengembangan aplikasi",), "T.TIK.03"),
        (("e-government", "aplikasi"), "T.TIK.01"),
        (("infrastruktur", "jaringan", "pusat data"), "T.TIK.04"),
    )),
    "DPMPTSP": AgencyProfile("T.EKO.09", ("T.EKO.10", "T.UMM.05", "T.TIK.01"), (
        (("perizinan",), "T.EKO.09"),
        (("pengaduan",), "T.UMM.05"),
        (("penanaman modal",), "T.EKO.10"),
        (("data dan sistem informasi",), "T.UMM.09"),
    )),
    "DISPORA": AgencyProfile("T.PDK.05", ("T.PDK.04",), (
        (("pemuda",), "T.PDK.04"),
        (("olahraga", "stadion", "sarana", "kemitraan"), "T.PDK.05"),
    )),
    "DISNAKER": AgencyProfile("T.EKO.11", ("T.EKO.13", "T.EKO.12"), (
        (("penempatan", "kesempatan kerja"), "T.EKO.11"),
        (("pelatihan", "produktivitas", "latihan kerja"), "T.EKO.12"),
        (("hubungan industrial", "perselisihan", "pengupahan", "persyaratan kerja"), "T.EKO.13"),
    )),
    "DINSOS": AgencyProfile("T.SOS.01", ("T.SOS.02", "T.SOS.03"), (
        (("rehabilitasi", "lanjut usia"), "T.SOS.01"),
        (("perlindungan", "jaminan", "bencana"), "T.SOS.02"),
        (("fakir miskin", "pemberdayaan sosial", "kesejahteraan sosial"), "T.SOS.03"),
    )),
    "DISPAR": AgencyProfile("T.EKO.14", ("T.EKO.15",), (
        (("ekonomi kreatif", "usaha kreatif"), "T.EKO.15"),
        (("destinasi", "daya tarik", "pemasaran", "promosi", "event"), "T.EKO.14"),
    )),
    "DISPUSIP": AgencyProfile("T.PDK.06", ("T.UMM.01",), (
        (("perpustakaan", "koleksi"), "T.PDK.06"),
        (("arsip",), "T.UMM.01"),
    )),
    "SATPOL-PP": AgencyProfile("T.TRT.02", ("T.TRT.01", "T.TRT.03"), (
        (("penegakan", "penyelidikan", "penyidikan", "penyuluhan"), "T.TRT.01"),
        (("ketenteraman", "operasi", "kerja sama"), "T.TRT.02"),
        (("perlindungan masyarakat", "potensi masyarakat"), "T.TRT.03"),
        (("sumber daya aparatur", "pelatihan", "teknis fungsional"), "T.SDM.02"),
    )),
    "BAPPEDA": AgencyProfile("T.REN.01", ("T.REN.02", "T.UMM.07", "T.TIK.06"), (
        (("pengendalian", "evaluasi"), "T.REN.02"),
        (("perencanaan", "pemerintahan", "manusia", "perekonomian", "sumber daya alam", "infrastruktur",
          "kewilayahan"), "T.REN.01"),
    )),
    "BKPSDM": AgencyProfile("T.SDM.01", ("T.SDM.02", "T.SDM.03", "T.SDM.04"), (
        (("pengembangan kompetensi",), "T.SDM.02"),
        (("penilaian kinerja", "penghargaan", "disiplin"), "T.SDM.03"),
        (("pengadaan", "pemberhentian", "kepegawaian", "mutasi", "promosi", "kepangkatan"), "T.SDM.01"),
    )),
    "BRIDA": AgencyProfile("T.REN.03", ("T.UMM.07", "T.REN.01"), (
        (("riset", "inovasi", "kekayaan intelektual"), "T.REN.03"),
    )),
    "BKAD": AgencyProfile("T.KEU.01", ("T.KEU.02", "T.KEU.03", "T.KEU.04"), (
        (("anggaran",), "T.KEU.02"),
        (("akuntansi", "pelaporan keuangan"), "T.KEU.03"),
        (("aset",), "T.KEU.04"),
        (("perbendaharaan", "kas daerah", "belanja"), "T.KEU.01"),
    )),
    "BAPENDA": AgencyProfile("T.KEU.05", ("T.KEU.06", "T.KEU.07", "T.UMM.05"), (
        (("pendataan dan penilaian", "bumi dan bangunan"), "T.KEU.06"),
        (("penagihan", "keberatan"), "T.KEU.07"),
        (("pajak", "pendapatan", "penetapan"), "T.KEU.05"),
    )),
    "KESBANGPOL": AgencyProfile("T.TRT.04", ("T.TRT.05",), (
        (("kewaspadaan", "konflik"), "T.TRT.05"),
        (("ideologi", "kebangsaan", "karakter", "politik", "organisasi kemasyarakatan"), "T.TRT.04"),
    )),
    "INSPEKTORAT": AgencyProfile("T.PEM.03", ("T.PEM.04", "T.KEU.03")),
    "SETDA": AgencyProfile("T.PEM.01", ("T.PEM.05", "T.UMM.07", "T.EKO.16"), (
        (("tata pemerintahan", "pemerintahan umum", "otonomi", "kewilayahan", "asisten pemerintahan"), "T.PEM.01"),
        (("hukum", "perundang-undangan"), "T.PEM.02"),
        (("kesejahteraan", "bina mental"), "T.PEM.07"),
        (("perekonomian", "sumber daya alam", "bumd"), "T.EKO.16"),
        (("administrasi pembangunan", "program pembangunan", "pengendalian administrasi", "evaluasi dan pelaporan"),
         "T.REN.02"),
        (("pengadaan",), "T.UMM.02"),
        (("organisasi", "kelembagaan", "tata laksana", "kinerja dan reformasi"), "T.PEM.05"),
        (("protokol", "komunikasi pimpinan", "dokumentasi pimpinan"), "T.PEM.06"),
        (("perencanaan dan keuangan", "keuangan"), "T.KEU.01"),
        (("bagian umum", "rumah tangga", "perlengkapan", "tata usaha pimpinan", "administrasi umum"), "T.UMM.06"),
    )),
}
AGENCY_PROFILES["RSUD-BD"] = AGENCY_PROFILES["RSUD-PIRNGADI"]

# The own competency of a functional family; a tuple: the first one that belongs to the agency's set, else the first.
FAMILY_COMPETENCIES: dict[str, tuple[str, ...]] = {
    "Analis Kebijakan": ("T.UMM.07",),
    "Perencana": ("T.REN.01",),
    "Pranata Komputer": ("T.DUK.04", "T.TIK.03"),
    "Arsiparis": ("T.UMM.01",),
    "Pranata Hubungan Masyarakat": ("T.TIK.05",),
    "Analis SDM Aparatur": ("T.SDM.01",),
    "Pranata SDM Aparatur": ("T.SDM.01",),
    "Asesor SDM Aparatur": ("T.SDM.04",),
    "Widyaiswara": ("T.SDM.05",),
    "Analis Keuangan Pusat dan Daerah": ("T.KEU.05", "T.KEU.01"),
    "Analis Anggaran": ("T.KEU.02",),
    "Auditor": ("T.PEM.03",),
    "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah": ("T.PEM.04",),
    "Administrator Database Kependudukan": ("T.DUK.04",),
    "Dokter": ("T.KES.10", "T.KES.01"),
    "Dokter Gigi": ("T.KES.10", "T.KES.01"),
    "Perawat": ("T.KES.05",),
    "Bidan": ("T.KES.06",),
    "Apoteker": ("T.KES.07",),
    "Asisten Apoteker": ("T.KES.07",),
    "Pranata Laboratorium Kesehatan": ("T.KES.08",),
    "Nutrisionis": ("T.KES.12",),
    "Tenaga Sanitasi Lingkungan": ("T.KES.13",),
    "Penyuluh Kesehatan Masyarakat": ("T.KES.09",),
    "Epidemiolog Kesehatan": ("T.KES.02",),
    "Administrator Kesehatan": ("T.KES.03",),
    "Radiografer": ("T.KES.14",),
    "Perekam Medis": ("T.KES.11",),
    "Polisi Pamong Praja": ("T.TRT.02",),
    "Pemadam Kebakaran": ("T.DMK.01",),
    "Analis Kebakaran": ("T.DMK.03",),
    "Penguji Kendaraan Bermotor": ("T.HUB.03",),
    "Statistisi": ("T.TIK.06",),
    "Sandiman": ("T.TIK.02",),
    "Pekerja Sosial": ("T.SOS.01", "T.SOS.04"),
    "Penyuluh Sosial": ("T.SOS.03",),
    "Pengendali Dampak Lingkungan": ("T.LH.03",),
    "Pengawas Lingkungan Hidup": ("T.LH.02",),
    "Teknik Jalan dan Jembatan": ("T.PUR.01",),
    "Teknik Pengairan": ("T.PUR.02",),
    "Penata Ruang": ("T.PUR.04",),
    "Teknik Tata Bangunan dan Perumahan": ("T.PUR.05",),
    "Pembina Jasa Konstruksi": ("T.PUR.03",),
    "Penyuluh Pertanian": ("T.EKO.06",),
    "Medik Veteriner": ("T.EKO.07",),
    "Analis Ketahanan Pangan": ("T.EKO.05",),
    "Pengawas Koperasi": ("T.EKO.01",),
    "Penera": ("T.EKO.04",),
    "Pengawas Perdagangan": ("T.EKO.03",),
    "Penyuluh Keluarga Berencana": ("T.SOS.06",),
    "Penggerak Swadaya Masyarakat": ("T.SOS.05",),
    "Mediator Hubungan Industrial": ("T.EKO.13",),
    "Pengantar Kerja": ("T.EKO.11",),
    "Instruktur": ("T.EKO.12",),
    "Adyatama Kepariwisataan dan Ekonomi Kreatif": ("T.EKO.14", "T.EKO.15"),
    "Pustakawan": ("T.PDK.06",),
    "Pamong Budaya": ("T.PDK.03",),
    "Pengembang Teknologi Pembelajaran": ("T.PDK.01",),
    "Peneliti": ("T.REN.03",),
    "Perancang Peraturan Perundang-undangan": ("T.PEM.02",),
    "Analis Hukum": ("T.PEM.02",),
    "Pengelola Pengadaan Barang/Jasa": ("T.UMM.02",),
}
FUNCTIONAL_GRADES = ("Ahli Utama", "Ahli Madya", "Ahli Muda", "Ahli Pertama", "Penyelia", "Mahir", "Terampil",
                     "Pemula")

# The own competency of a pelaksana job, and the cross-agency ones that suit it.
PELAKSANA_COMPETENCIES: dict[str, tuple[str, ...]] = {
    "Pengadministrasi Perkantoran": ("T.UMM.06", "T.UMM.01"),
    "Pengolah Data dan Informasi": ("T.UMM.09", "T.UMM.04"),
    "Penata Layanan Operasional": ("T.UMM.05", "T.UMM.09"),
    "Operator Layanan Operasional": ("T.UMM.05", "T.UMM.04"),
    "Pengelola Umum Operasional": ("T.UMM.06", "T.KEU.04"),
    "Penelaah Teknis Kebijakan": ("T.UMM.07", "T.UMM.09"),
    "Operator Layanan Kesehatan": ("T.UMM.05", "T.KES.11"),
    "Penata Kelola Sistem dan Teknologi Informasi": ("T.TIK.01", "T.UMM.04"),
    "Pengelola Layanan Operasional": ("T.UMM.05", "T.UMM.06"),
}
PERFORMANCE_PLANNING = "T.UMM.03"  # Penyusunan SKP: every structural head plans and appraises staff performance
ROLE_EXTRAS: dict[str, tuple[str, ...]] = {
    "jpt": ("T.UMM.02", "T.UMM.08", "T.UMM.07"),
    "administrator": ("T.UMM.08", "T.UMM.02", "T.UMM.04"),
    "pengawas": ("T.UMM.04", "T.UMM.05", "T.UMM.01"),
    "fungsional_keahlian": ("T.UMM.04", "T.UMM.09", "T.UMM.05"),
    "fungsional_keterampilan": ("T.UMM.04", "T.UMM.05", "T.UMM.01"),
    "pelaksana": ("T.UMM.04", "T.UMM.05", "T.UMM.01"),
}
STRUCTURAL_KINDS = ("jpt", "administrator", "pengawas")
FALLBACK = ("T.UMM.04", "T.UMM.05", "T.UMM.06", "T.UMM.01", "T.UMM.09")

# Level of the core technical competency by (kind, grade); other technical competencies one level lower.
TECHNICAL_LEVELS: dict[tuple[str, str | None], int] = {
    ("jpt", "Utama"): 5, ("jpt", "Madya"): 5, ("jpt", "Pratama"): 4,
    ("administrator", None): 4, ("pengawas", None): 3,
    ("fungsional_keahlian", "Ahli Utama"): 5, ("fungsional_keahlian", "Ahli Madya"): 4,
    ("fungsional_keahlian", "Ahli Muda"): 3, ("fungsional_keahlian", "Ahli Pertama"): 2,
    ("fungsional_keterampilan", "Penyelia"): 3, ("fungsional_keterampilan", "Mahir"): 2,
    ("fungsional_keterampilan", "Terampil"): 2, ("fungsional_keterampilan", "Pemula"): 1,
    ("pelaksana", None): 2,
}
TECHNICAL_LEVEL_BY_KIND = {"jpt": 4, "administrator": 4, "pengawas": 3, "fungsional_keahlian": 2,
                           "fungsional_keterampilan": 2, "pelaksana": 2}
# How many technical competencies a position requires, by kind (inclusive range, within 3..5).
TECHNICAL_COUNT = {"jpt": (4, 5), "administrator": (4, 5), "pengawas": (4, 5), "fungsional_keahlian": (3, 5),
                   "fungsional_keterampilan": (3, 4), "pelaksana": (3, 4)}


# --- the technical framework -------------------------------------------------------------------------------------

@cache
def technical_framework_spec() -> FrameworkSpec:
    competencies = []
    for number, row in enumerate(read_csv("kompetensi-teknis-medan.csv"), start=1):
        parent = row["induk"] or None
        levels: tuple[LevelSpec, ...] = ()
        if parent is not None:
            words = {"topic": row["topik"], "a1": row["kegiatan_1"], "a2": row["kegiatan_2"], "a3": row["kegiatan_3"]}
            levels = tuple(LevelSpec(level, description.format(**words),
                                     tuple(indicator.format(**words) for indicator in indicators))
                           for level, (description, indicators) in enumerate(LEVEL_TEMPLATES, start=1))
        competencies.append(CompetencySpec(row["kode"], row["nama"], "teknis", row["deskripsi"], parent, number,
                                           levels))
    spec = FrameworkSpec(TECHNICAL_CODE, TECHNICAL_NAME, "Data demo Kompeten", TECHNICAL_DESCRIPTION,
                         TECHNICAL_SCALE, TECHNICAL_PROFICIENT, 1, tuple(competencies), version="demo")
    spec.check()
    return spec


@cache
def technical_prerequisites() -> tuple[tuple[str, str, int], ...]:
    """(competency code, required competency code, level) of the technical framework."""
    return tuple((row["kode"], row["prasyarat"], int(row["level"])) for row in read_csv("prasyarat-teknis-medan.csv"))


# --- planning the requirements (pure) ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PositionRow:
    id: int
    code: str
    name: str
    kind: str
    grade: str | None
    unit_id: int


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


class PlannedRequirement(NamedTuple):
    position_id: int
    competency_code: str
    level: int
    weight: str


def _match(text: str, rules: tuple[Rule, ...]) -> str | None:
    for keywords, code in rules:
        if any(keyword in text for keyword in keywords):
            return code
    return None


def _family(position: PositionRow) -> str | None:
    if position.grade in FUNCTIONAL_GRADES and position.name.endswith(" " + position.grade):
        return position.name[: -len(position.grade) - 1]
    return None


def _unique(codes) -> list[str]:
    return list(dict.fromkeys(code for code in codes if code))


class _Planner:
    def __init__(self, units: list[UnitRow], seed: int, managerial: dict[str, int], asn_codes: list[str]):
        self.units = {unit.id: unit for unit in units}
        self.rng = random.Random(f"kompeten-demo-competencies-{seed}")
        self.managerial = managerial
        self.asn_codes = asn_codes
        self.known = {c.code for c in technical_framework_spec().competencies if c.parent is not None}
        self.contexts: dict[int, tuple[AgencyProfile | None, tuple[Rule, ...], list[str | None]]] = {}

    def context(self, unit_id: int) -> tuple[AgencyProfile | None, tuple[Rule, ...], list[str | None]]:
        """(profile of the OPD above the unit, its rules, the rule matches of the units from the unit up to,
        without, the OPD); computed once per unit."""
        if unit_id not in self.contexts:
            chain: list[UnitRow] = []
            agency = None
            unit: UnitRow | None = self.units.get(unit_id)
            while unit is not None:
                if unit.kind == "opd":
                    agency = unit.code
                    break
                chain.append(unit)
                unit = self.units.get(unit.parent_id) if unit.parent_id is not None else None
            profile = AGENCY_PROFILES.get(agency or "")
            rules = SUPPORT_RULES + (profile.rules if profile else ()) + GENERIC_RULES
            self.contexts[unit_id] = (profile, rules, [_match(unit.name.lower(), rules) for unit in chain])
        return self.contexts[unit_id]

    def plan(self, position: PositionRow) -> list[PlannedRequirement]:
        asn_level = required_managerial_level(position.kind, position.grade, self.managerial)
        rows = [PlannedRequirement(position.id, code, asn_level, "normal") for code in self.asn_codes]
        base = TECHNICAL_LEVELS.get((position.kind, position.grade), TECHNICAL_LEVEL_BY_KIND.get(position.kind, 2))
        core, own, others = self.technical(position)
        rows.append(PlannedRequirement(position.id, core, base, "critical"))
        rows += [PlannedRequirement(position.id, code, base, "normal") for code in own]
        rows += [PlannedRequirement(position.id, code, max(1, base - 1), "normal") for code in others]
        return rows

    def technical(self, position: PositionRow) -> tuple[str, list[str], list[str]]:
        """The position's technical competencies, 3 to 5 in all: (the core competency of its unit, its own
        professional competency if another one, the others)."""
        profile, rules, unit_matches = self.context(position.unit_id)
        matches = list(unit_matches)
        if position.kind == "jpt" and position.name.startswith("Asisten "):  # the Sekda's assistants
            matches.insert(0, _match(position.name.lower(), rules))
        unit = self.units.get(position.unit_id)
        if (position.kind in STRUCTURAL_KINDS and unit is not None and unit.kind == "upt"
                and "puskesmas" in unit.name.lower()):
            matches.insert(0, "T.KES.03")  # the head of a puskesmas manages it
        core = next((code for code in matches if code), None) or (profile.core if profile else GENERIC_CORE)
        pool = list(profile.pool if profile else GENERIC_POOL)

        own: list[str] = []  # the position's own profession, at the core level
        family = _family(position)
        if family in FAMILY_COMPETENCIES:
            options = FAMILY_COMPETENCIES[family]
            agency_set = {core, *pool, *(code for code in matches if code)}
            own.append(next((code for code in options if code in agency_set), options[0]))
        elif position.kind == "pelaksana" and position.name in PELAKSANA_COMPETENCIES:
            own.append(PELAKSANA_COMPETENCIES[position.name][0])
            pool = [*PELAKSANA_COMPETENCIES[position.name][1:], *pool]
        own = [code for code in _unique(own) if code != core]
        must = [core, *own] + ([PERFORMANCE_PLANNING] if position.kind in STRUCTURAL_KINDS else [])
        must = _unique(must)
        # Candidates: first the unit context and the agency, then cross-agency competencies of the position kind.
        relevant = [code for code in _unique([*matches, *pool]) if code not in must]
        extras = [code for code in _unique([*ROLE_EXTRAS.get(position.kind, ()), *FALLBACK])
                  if code not in must and code not in relevant]
        low, high = TECHNICAL_COUNT.get(position.kind, (3, 4))
        count = min(high, max(len(must), self.rng.randint(low, high)))
        others = must[1 + len(own):]
        free = count - len(must)
        if free > 0 and relevant:
            others.append(relevant.pop(0))  # the most relevant: the parent unit's or the agency's first one
            free -= 1
        if free > 0:
            from_extras = min(len(extras), 1 if free < len(relevant) + 1 else free - len(relevant))
            others += (self.rng.sample(relevant, min(len(relevant), free - from_extras))
                       + self.rng.sample(extras, from_extras))
        unknown = [code for code in [core, *own, *others] if code not in self.known]
        if unknown:
            raise ValueError(f"demo competency tables name unknown technical competencies: {unknown}")
        return core, own, others


def plan_requirements(positions: list[PositionRow], units: list[UnitRow], seed: int,
                      managerial: dict[str, int], asn_codes: list[str]) -> list[PlannedRequirement]:
    """Every position's requirements, as plain data; deterministic for a seed (positions in code order)."""
    planner = _Planner(units, seed, managerial, asn_codes)
    planned: list[PlannedRequirement] = []
    for position in sorted(positions, key=lambda p: p.code):
        planned.extend(planner.plan(position))
    return planned


# --- writing -------------------------------------------------------------------------------------------------------

def build_demo_competencies(seed: int, root_code: str = ROOT_CODE) -> dict[str, int]:
    """Install the frameworks and write the requirements of every position under ``root_code`` that has none.

    Returns counts of what this call added. Flush, never commit.
    """
    asn = install_framework(asn_framework_spec(), audit_log=False)
    technical = install_framework(technical_framework_spec(), audit_log=False)
    ids = _competency_ids(asn.framework, technical.framework)
    prerequisites = _insert_prerequisites(ids[technical.framework.id])

    root = db.session.execute(select(OrgUnit.id, OrgUnit.path).where(OrgUnit.code == root_code)).first()
    requirements = positions = 0
    if root is not None:
        subtree = OrgUnit.path.startswith(root.path, autoescape=True)
        units = [UnitRow(*row) for row in db.session.execute(
            select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id).where(subtree))]
        rows = [PositionRow(*row) for row in db.session.execute(
            select(Position.id, Position.code, Position.name, Position.kind, Position.grade, Position.unit_id)
            .where(Position.unit_id.in_(select(OrgUnit.id).where(subtree)),
                   ~exists().where(Requirement.position_id == Position.id)))]
        asn_codes = [c.code for c in asn_framework_spec().competencies]
        planned = plan_requirements(rows, units, seed, managerial_levels(), asn_codes)
        by_code = {**ids[asn.framework.id], **ids[technical.framework.id]}
        if planned:
            _insert_requirements([{"position_id": p.position_id, "competency_id": by_code[p.competency_code],
                                        "level": p.level, "weight": p.weight} for p in planned])
        requirements, positions = len(planned), len(rows)

    counts = {"asn_competencies": len(ids[asn.framework.id]),
              "technical_competencies": len(ids[technical.framework.id]),
              "prerequisites": prerequisites, "requirements": requirements, "positions_with_requirements": positions}
    if prerequisites or requirements:
        invalidate_graph()
    db.session.flush()
    logger.info("demo competencies: %s", counts)
    return counts


def _insert_requirements(rows: list[dict]) -> None:
    """Bulk-insert requirement rows: COPY on PostgreSQL, one executemany elsewhere.

    On PostgreSQL a plain executemany sends one statement per row, and multi-row INSERTs spend seconds in
    psycopg's client-side query parsing; COPY through the session's connection (same transaction) writes the
    city's 50,000 rows in a fraction of a second.
    """
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        db.session.execute(insert(Requirement.__table__), rows)  # Core: no per-row ORM bookkeeping
        return
    columns = ("position_id", "competency_id", "level", "weight")
    statement = f"COPY {Requirement.__tablename__} ({', '.join(columns)}) FROM STDIN"
    with (connection.connection.driver_connection.cursor() as cursor,  # type: ignore[union-attr]
          cursor.copy(statement) as copy):
        for row in rows:
            copy.write_row([row[column] for column in columns])


def requirable_competency_count() -> int:
    """ASN and technical competencies with levels (the ones positions can require) in the database."""
    return db.session.scalar(
        select(func.count(func.distinct(Competency.id)))
        .join(Framework, Competency.framework_id == Framework.id)
        .join(CompetencyLevel, CompetencyLevel.competency_id == Competency.id)
        .where(Framework.code.in_([asn_framework_spec().code, TECHNICAL_CODE]))) or 0


def _competency_ids(*frameworks: Framework) -> dict[int, dict[str, int]]:
    """{framework id: {competency code: id}} (competencies with levels only: groups are not required)."""
    ids: dict[int, dict[str, int]] = {framework.id: {} for framework in frameworks}
    with_levels = {c.code for spec in (asn_framework_spec(), technical_framework_spec())
                   for c in spec.competencies if c.levels}
    for framework_id, code, competency_id in db.session.execute(
            select(Competency.framework_id, Competency.code, Competency.id)
            .where(Competency.framework_id.in_(list(ids)))):
        if code in with_levels:
            ids[framework_id][code] = competency_id
    return ids


def _insert_prerequisites(ids: dict[str, int]) -> int:
    """Add the technical prerequisites that are missing (those whose competencies exist).

    One that would close a cycle with prerequisites already in the database (added by HR) is left out.
    """
    existing = {(row[0], row[1]) for row in db.session.execute(
        select(Prerequisite.competency_id, Prerequisite.required_id))}
    graph = nx.DiGraph((required, competency) for competency, required in existing)
    rows = []
    for code, required, level in technical_prerequisites():
        if code not in ids or required not in ids or (ids[code], ids[required]) in existing:
            continue
        if graph.has_node(ids[code]) and graph.has_node(ids[required]) and nx.has_path(graph, ids[code],
                                                                                          ids[required]):
            logger.warning("demo prerequisite %s <- %s left out: it would close a cycle", code, required)
            continue
        graph.add_edge(ids[required], ids[code])
        rows.append({"competency_id": ids[code], "required_id": ids[required], "level": level})
    if rows:
        db.session.execute(insert(Prerequisite), rows)
    return len(rows)
