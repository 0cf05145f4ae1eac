"""The deterministic demo city: a realistic Pemerintah Kota Medan for demonstrations, manual testing and benchmarks.

``build_demo_city(employees, seed)`` writes (flushes, never commits) one organisation tree of about 650 units
(every OPD of ``lms/data/opd-kota-medan.csv`` with its sekretariat, bidang, seksi and UPTs such as the 41
puskesmas), about 4,000 positions of every kind with career paths, exactly ``employees`` employees with valid
NIPs and a supervisor tree, five demo accounts and one audit entry. The same seed gives the same city: the
planner uses only ``random.Random(seed)`` and counts ages from the fixed :data:`REFERENCE_DATE`.

The work is split in two: :func:`plan_city` is pure (plain data in, plain data out, no session) and
:func:`build_demo_city` writes the plan with a handful of bulk inserts, so 15,000 employees take seconds.

With fewer than about 1,100 employees the city cannot fill every structural post: the Sekretaris Daerah, the
heads of the OPDs and the posts behind the demo accounts are always filled, the remaining posts are filled
from the top down as far as 60% of the employees allow, and the staff of a vacant post report to the next
filled post above it (as a Plt. arrangement would in practice).
"""

from __future__ import annotations

import logging
import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import func, insert, select, update

from competencies.models import Requirement
from kompeten.demo.appraisals import appraisal_count, build_demo_appraisals
from kompeten.demo.catalogue import build_demo_catalogue, catalogue_counts
from kompeten.demo.competencies import build_demo_competencies, requirable_competency_count
from lms.audit import services as audit
from lms.auth.models import User, UserRole
from lms.auth.services import hash_password
from lms.cache import invalidate_graph
from lms.domain import DomainError
from lms.extensions import db, utcnow
from lms.people import reference
from lms.people.models import Employee, OrgUnit, Position, position_career_paths

logger = logging.getLogger(__name__)

ROOT_CODE = "PEMKOT-MEDAN"
ROOT_NAME = "Pemerintah Kota Medan"
# Documented in the README and printed by ``flask lms demo``; meets the password rules (>= 10, letters + digits).
DEMO_PASSWORD = "kompeten-demo-2026"  # noqa: S105 - a public, documented demo password
# Ages, service years and NIP dates are counted from this day, so that a seed gives the same city every day.
REFERENCE_DATE = date(2026, 1, 1)
LAST_TMT = (2025, 12)
EMAIL_DOMAIN = "pemkomedan.go.id"
MIN_EMPLOYEES = 100
MAX_EMPLOYEES = 100_000
# Share of the employees that structural posts may take when the city is too small to fill them all.
STRUCTURAL_SHARE = 0.6
PPPK_SHARE = 0.35
STAFF_EMAIL_SHARE = 0.65
STAFF_LEVEL = 9
COLLEAGUE_TRAINERS = 12  # trainer accounts besides the demo trainer's

# role label -> (e-mail of the account, roles)
DEMO_ACCOUNTS = {
    "admin": ("admin@kompeten.medan.go.id", ("admin",)),
    "hr": ("sdm@kompeten.medan.go.id", ("employee", "hr")),
    "trainer": ("pengajar@kompeten.medan.go.id", ("employee", "trainer")),
    "supervisor": ("atasan@kompeten.medan.go.id", ("employee",)),
    "employee": ("pegawai@kompeten.medan.go.id", ("employee",)),
}


@dataclass(frozen=True)
class DemoAccount:
    role: str
    login: str  # the NIP, or the e-mail for an account without employee
    email: str
    password: str


@dataclass
class DemoResult:
    created: bool
    employee_count: int
    unit_count: int
    position_count: int
    accounts: list[DemoAccount]
    requirement_count: int = 0  # standar kompetensi jabatan rows of the city's positions
    competency_count: int = 0  # ASN and technical competencies that positions can require
    course_count: int = 0  # demo training catalogue (kompeten.demo.catalogue)
    workshop_count: int = 0
    enrolment_count: int = 0
    appraisal_count: int = 0  # last year's demo appraisal cycle (kompeten.demo.appraisals)


# --- reference tables ----------------------------------------------------------------------------------------

KECAMATAN = (
    "Medan Amplas", "Medan Area", "Medan Barat", "Medan Baru", "Medan Belawan", "Medan Deli", "Medan Denai",
    "Medan Helvetia", "Medan Johor", "Medan Kota", "Medan Labuhan", "Medan Maimun", "Medan Marelan",
    "Medan Perjuangan", "Medan Petisah", "Medan Polonia", "Medan Selayang", "Medan Sunggal", "Medan Tembung",
    "Medan Timur", "Medan Tuntungan",
)

# The 41 puskesmas of Kota Medan, by kecamatan.
PUSKESMAS = {
    "Medan Amplas": ("Amplas",),
    "Medan Area": ("Kota Matsum", "Sukaramai", "Medan Area Selatan"),
    "Medan Barat": ("Glugur Kota", "Sei Agul"),
    "Medan Baru": ("Padang Bulan",),
    "Medan Belawan": ("Belawan",),
    "Medan Deli": ("Medan Deli", "Titi Papan"),
    "Medan Denai": ("Medan Denai", "Tegal Sari", "Desa Binjai"),
    "Medan Helvetia": ("Helvetia", "Dwikora"),
    "Medan Johor": ("Medan Johor", "Kedai Durian"),
    "Medan Kota": ("Teladan", "Pasar Merah", "Simpang Limun"),
    "Medan Labuhan": ("Medan Labuhan", "Martubung", "Pekan Labuhan"),
    "Medan Maimun": ("Kampung Baru",),
    "Medan Marelan": ("Terjun",),
    "Medan Perjuangan": ("Sentosa Baru",),
    "Medan Petisah": ("Rantang", "Darussalam", "Petisah"),
    "Medan Polonia": ("Polonia",),
    "Medan Selayang": ("PB Selayang II", "Tanjung Sari"),
    "Medan Sunggal": ("Sunggal", "Desa Lalang"),
    "Medan Tembung": ("Sering", "Mandala", "Bandar Selamat"),
    "Medan Timur": ("Glugur Darat", "Pulo Brayan"),
    "Medan Tuntungan": ("Tuntungan", "Simalingkar"),
}

KEAHLIAN = ("Ahli Utama", "Ahli Madya", "Ahli Muda", "Ahli Pertama")
KETERAMPILAN = ("Penyelia", "Mahir", "Terampil", "Pemula")
GRADE_CODES = {"Ahli Utama": "AU", "Ahli Madya": "AMD", "Ahli Muda": "AM", "Ahli Pertama": "AP",
               "Penyelia": "PY", "Mahir": "MH", "Terampil": "TR", "Pemula": "PM"}
# Next level of a functional family (career path inside the family).
NEXT_GRADE = {"Ahli Pertama": "Ahli Muda", "Ahli Muda": "Ahli Madya", "Ahli Madya": "Ahli Utama",
              "Pemula": "Terampil", "Terampil": "Mahir", "Mahir": "Penyelia"}


@dataclass(frozen=True)
class Family:
    """A functional position family (jabatan fungsional): code, its levels with their weight in an office
    section, the share of women, and the academic titles its holders usually carry."""

    code: str
    levels: tuple[tuple[str, int], ...]
    female: float = 0.5
    s1: tuple[str, ...] = ("S.Sos.",)
    d3: tuple[str, ...] = ()
    s2: tuple[str, ...] = ("M.Si.", "M.AP.")
    front: str = ""  # dr., drg., apt., drh.: the professional title replaces the bachelor's


AP, AM, AMD = "Ahli Pertama", "Ahli Muda", "Ahli Madya"
TR, MH, PY = "Terampil", "Mahir", "Penyelia"

FAMILIES = {
    "Analis Kebijakan": Family("AK", ((AP, 2), (AM, 1)), 0.5, ("S.Sos.", "S.IP.", "S.H.", "S.AP.", "S.E.")),
    "Perencana": Family("PRC", ((AP, 2), (AM, 2), (AMD, 1)), 0.5, ("S.T.", "S.E.", "S.P.W.K.", "S.Si."),
                        s2=("M.Si.", "M.T.", "M.E.")),
    "Pranata Komputer": Family("PKOM", ((TR, 1), (AP, 2), (AM, 1)), 0.35, ("S.Kom.", "S.T."),
                               ("A.Md.Kom.", "A.Md."), ("M.Kom.", "M.T.")),
    "Arsiparis": Family("ARS", ((TR, 2), (AP, 1)), 0.6, ("S.IP.", "S.Hum."), ("A.Md.",)),
    "Pranata Hubungan Masyarakat": Family("HMS", ((TR, 1), (AP, 2), (AM, 1)), 0.55, ("S.I.Kom.", "S.Sos."),
                                          ("A.Md.",), ("M.I.Kom.", "M.Si.")),
    "Analis SDM Aparatur": Family("ASDM", ((AP, 2), (AM, 2), (AMD, 1)), 0.6, ("S.Psi.", "S.Sos.", "S.AP.", "S.H."),
                                  s2=("M.Psi.", "M.Si.", "M.AP.")),
    "Pranata SDM Aparatur": Family("PSDM", ((TR, 2), (MH, 1)), 0.6, d3=("A.Md.",)),
    "Asesor SDM Aparatur": Family("ASES", ((AP, 1), (AM, 1)), 0.6, ("S.Psi.",), s2=("M.Psi.",)),
    "Widyaiswara": Family("WI", ((AP, 1), (AM, 2), (AMD, 2)), 0.45, ("S.Pd.", "S.Sos.", "S.E.", "S.H."),
                          s2=("M.Pd.", "M.Si.", "M.AP.")),
    "Analis Keuangan Pusat dan Daerah": Family("AKPD", ((AP, 2), (AM, 1)), 0.55, ("S.E.", "S.Ak."),
                                               s2=("M.Ak.", "M.Si.")),
    "Analis Anggaran": Family("ANG", ((AP, 2), (AM, 1)), 0.55, ("S.E.", "S.Ak."), s2=("M.Ak.", "M.Si.")),
    "Auditor": Family("AUD", ((AP, 3), (AM, 2), (AMD, 1)), 0.5, ("S.E.", "S.Ak.", "S.H."), s2=("M.Ak.", "M.Si.")),
    "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah": Family(
        "P2UPD", ((AP, 2), (AM, 1)), 0.45, ("S.H.", "S.IP.", "S.STP.")),
    "Administrator Database Kependudukan": Family("ADB", ((AP, 2), (AM, 1)), 0.45, ("S.Kom.", "S.T.", "S.Si.")),
    "Dokter": Family("DR", ((AP, 3), (AM, 2), (AMD, 1)), 0.6, ("",), s2=("M.Kes.", "M.K.M.", "Sp.PD.", "Sp.A."),
                     front="dr."),
    "Dokter Gigi": Family("DRG", ((AP, 2), (AM, 1)), 0.7, ("",), s2=("M.Kes.",), front="drg."),
    "Perawat": Family("PRW", ((TR, 4), (MH, 2), (PY, 1), (AP, 3), (AM, 1)), 0.75, ("S.Kep.",), ("A.Md.Kep.",),
                      ("M.Kep.",)),
    "Bidan": Family("BID", ((TR, 4), (MH, 2), (AP, 1)), 1.0, ("S.Tr.Keb.", "S.Keb."), ("A.Md.Keb.",), ("M.Keb.",)),
    "Apoteker": Family("APT", ((AP, 2), (AM, 1)), 0.7, ("S.Farm.",), s2=("M.Farm.",), front="apt."),
    "Asisten Apoteker": Family("AA", ((TR, 2), (MH, 1)), 0.75, d3=("A.Md.Farm.",)),
    "Pranata Laboratorium Kesehatan": Family("PLK", ((TR, 2), (AP, 1)), 0.7, ("S.Tr.AK.", "S.Si."), ("A.Md.AK.",)),
    "Nutrisionis": Family("GZ", ((TR, 1), (AP, 1)), 0.85, ("S.Gz.",), ("A.Md.Gz.",)),
    "Tenaga Sanitasi Lingkungan": Family("SAN", ((TR, 1), (AP, 1)), 0.6, ("S.KM.",), ("A.Md.KL.",)),
    "Penyuluh Kesehatan Masyarakat": Family("PKM", ((AP, 2), (AM, 1)), 0.7, ("S.KM.",), s2=("M.K.M.", "M.Kes.")),
    "Epidemiolog Kesehatan": Family("EPI", ((AP, 2), (AM, 1)), 0.6, ("S.KM.",), s2=("M.Epid.", "M.K.M.")),
    "Administrator Kesehatan": Family("ADK", ((AP, 2), (AM, 1)), 0.6, ("S.KM.",), s2=("M.Kes.", "M.K.M.")),
    "Radiografer": Family("RAD", ((TR, 2), (MH, 1)), 0.4, d3=("A.Md.Rad.",)),
    "Perekam Medis": Family("RM", ((TR, 2), (AP, 1)), 0.65, ("S.Tr.RMIK.",), ("A.Md.RMIK.",)),
    "Polisi Pamong Praja": Family("POLPP", ((TR, 8), (MH, 4), (PY, 2), (AP, 1)), 0.15, ("S.H.", "S.Sos.")),
    "Pemadam Kebakaran": Family("DMK", ((TR, 6), (MH, 3), (PY, 1)), 0.05),
    "Analis Kebakaran": Family("AKB", ((AP, 1), (AM, 1)), 0.2, ("S.T.",)),
    "Penguji Kendaraan Bermotor": Family("PKB", ((TR, 3), (MH, 2), (AP, 1)), 0.15, ("S.T.",), ("A.Md.T.",)),
    "Statistisi": Family("STAT", ((TR, 1), (AP, 2)), 0.55, ("S.Stat.", "S.Si."), ("A.Md.",)),
    "Sandiman": Family("SAND", ((TR, 1), (AP, 1)), 0.3, ("S.Kom.", "S.Tr.Sand."), ("A.Md.",)),
    "Pekerja Sosial": Family("PKS", ((TR, 2), (AP, 2), (AM, 1)), 0.65, ("S.Sos.", "S.Tr.Sos."), ("A.Md.",)),
    "Penyuluh Sosial": Family("PSOS", ((AP, 1), (AM, 1)), 0.55, ("S.Sos.",)),
    "Pengendali Dampak Lingkungan": Family("PDL", ((AP, 2), (AM, 1)), 0.5, ("S.T.", "S.Si.")),
    "Pengawas Lingkungan Hidup": Family("PLH", ((AP, 1), (AM, 1)), 0.45, ("S.T.", "S.Si.", "S.H.")),
    "Teknik Jalan dan Jembatan": Family("TJJ", ((TR, 2), (AP, 2), (AM, 1)), 0.2, ("S.T.",), ("A.Md.T.",), ("M.T.",)),
    "Teknik Pengairan": Family("TPG", ((TR, 1), (AP, 2), (AM, 1)), 0.2, ("S.T.",), ("A.Md.T.",), ("M.T.",)),
    "Penata Ruang": Family("PR", ((AP, 2), (AM, 1)), 0.45, ("S.T.", "S.P.W.K."), s2=("M.T.", "M.P.W.K.")),
    "Teknik Tata Bangunan dan Perumahan": Family("TTBP", ((TR, 1), (AP, 2), (AM, 1)), 0.3, ("S.T.", "S.Ars."),
                                                 ("A.Md.T.",), ("M.T.",)),
    "Pembina Jasa Konstruksi": Family("PJK", ((AP, 1), (AM, 1)), 0.3, ("S.T.",), s2=("M.T.",)),
    "Penyuluh Pertanian": Family("PPT", ((TR, 2), (AP, 2), (AM, 1)), 0.45, ("S.P.", "S.Pt."), ("A.Md.P.",)),
    "Medik Veteriner": Family("MV", ((AP, 1), (AM, 1)), 0.6, ("",), front="drh."),
    "Analis Ketahanan Pangan": Family("AKP", ((AP, 2), (AM, 1)), 0.6, ("S.P.", "S.TP.")),
    "Pengawas Koperasi": Family("PKOP", ((AP, 2), (AM, 1)), 0.5, ("S.E.",)),
    "Penera": Family("PNR", ((TR, 2), (AP, 1)), 0.3, ("S.T.", "S.Si."), ("A.Md.",)),
    "Pengawas Perdagangan": Family("PDAG", ((AP, 1), (AM, 1)), 0.5, ("S.E.", "S.H.")),
    "Penyuluh Keluarga Berencana": Family("PKBR", ((TR, 1), (AP, 2), (AM, 1)), 0.7, ("S.Sos.", "S.KM."), ("A.Md.",)),
    "Penggerak Swadaya Masyarakat": Family("PSM", ((AP, 2), (AM, 1)), 0.5, ("S.Sos.",)),
    "Mediator Hubungan Industrial": Family("MHI", ((AP, 1), (AM, 1)), 0.4, ("S.H.",), s2=("M.H.",)),
    "Pengantar Kerja": Family("PKJ", ((TR, 1), (AP, 2)), 0.55, ("S.Psi.", "S.Sos."), ("A.Md.",)),
    "Instruktur": Family("INS", ((TR, 2), (AP, 1)), 0.3, ("S.T.", "S.Kom."), ("A.Md.T.",)),
    "Adyatama Kepariwisataan dan Ekonomi Kreatif": Family("ADY", ((AP, 2), (AM, 1)), 0.6, ("S.Par.", "S.E.")),
    "Pustakawan": Family("PUS", ((TR, 2), (AP, 2), (AM, 1)), 0.7, ("S.Hum.", "S.IIP."), ("A.Md.",)),
    "Pamong Budaya": Family("PBD", ((AP, 2), (AM, 1)), 0.5, ("S.S.", "S.Sn.")),
    "Pengembang Teknologi Pembelajaran": Family("PTP", ((AP, 2), (AM, 1)), 0.55, ("S.Pd.", "S.Kom."),
                                                s2=("M.Pd.",)),
    "Peneliti": Family("PNL", ((AP, 2), (AM, 1)), 0.5, ("S.Si.", "S.E."), s2=("M.Si.", "M.Sc.")),
    "Perancang Peraturan Perundang-undangan": Family("PPUU", ((AP, 2), (AM, 1)), 0.5, ("S.H.",),
                                                     s2=("M.H.", "M.Kn.")),
    "Analis Hukum": Family("AH", ((AP, 2), (AM, 1)), 0.5, ("S.H.",), s2=("M.H.",)),
    "Pengelola Pengadaan Barang/Jasa": Family("PPBJ", ((AP, 2), (AM, 1)), 0.4, ("S.T.", "S.E.")),
}


@dataclass(frozen=True)
class Pelaksana:
    """A pelaksana position: code, PNS rank range (by the schooling it needs) and share of women."""

    code: str
    ranks: tuple[str, str]
    female: float = 0.5


PELAKSANA = {
    "Pengadministrasi Perkantoran": Pelaksana("ADM", ("II/a", "II/d"), 0.6),
    "Pengolah Data dan Informasi": Pelaksana("PDI", ("II/c", "III/b"), 0.55),
    "Penata Layanan Operasional": Pelaksana("PLO", ("III/a", "III/b"), 0.5),
    "Operator Layanan Operasional": Pelaksana("OLO", ("II/a", "II/c"), 0.35),
    "Pengelola Umum Operasional": Pelaksana("PUO", ("II/b", "II/d"), 0.3),
    "Penelaah Teknis Kebijakan": Pelaksana("PTK", ("III/a", "III/b"), 0.5),
    "Operator Layanan Kesehatan": Pelaksana("OLK", ("II/b", "II/d"), 0.7),
    "Penata Kelola Sistem dan Teknologi Informasi": Pelaksana("PKSTI", ("III/a", "III/b"), 0.3),
    "Pengelola Layanan Operasional": Pelaksana("PLYO", ("II/c", "III/a"), 0.5),
}

Profile = tuple[tuple[str, int], ...]  # (position title, weight) of the staff of a unit

# Staff of a UPT who work in its Subbagian Tata Usaha rather than in the field.
UPT_OFFICE = {"Pengadministrasi Perkantoran", "Pengolah Data dan Informasi"}
OFFICE_PELAKSANA: Profile = (("Pengadministrasi Perkantoran", 3), ("Pengolah Data dan Informasi", 2),
                             ("Penata Layanan Operasional", 2))

PROFILES: dict[str, Profile] = {
    "umpeg": (("Pengadministrasi Perkantoran", 3), ("Pengelola Umum Operasional", 2),
              ("Operator Layanan Operasional", 2), ("Arsiparis Terampil", 1), ("Analis SDM Aparatur Ahli Pertama", 1),
              ("Pranata SDM Aparatur Terampil", 1), ("Pranata Komputer Terampil", 1)),
    "keuangan": (("Pengadministrasi Perkantoran", 1), ("Penata Layanan Operasional", 2),
                 ("Pengolah Data dan Informasi", 1), ("Analis Keuangan Pusat dan Daerah Ahli Pertama", 1)),
    "program": (("Pengolah Data dan Informasi", 2), ("Perencana Ahli Pertama", 1), ("Perencana Ahli Muda", 1),
                ("Pranata Komputer Ahli Pertama", 1)),
    "puskesmas": (("Dokter Ahli Pertama", 3), ("Dokter Ahli Muda", 1), ("Dokter Gigi Ahli Pertama", 1),
                  ("Perawat Terampil", 5), ("Perawat Mahir", 2), ("Perawat Ahli Pertama", 3), ("Bidan Terampil", 5),
                  ("Bidan Mahir", 2), ("Bidan Ahli Pertama", 1), ("Apoteker Ahli Pertama", 1),
                  ("Asisten Apoteker Terampil", 1), ("Pranata Laboratorium Kesehatan Terampil", 1),
                  ("Nutrisionis Terampil", 1), ("Tenaga Sanitasi Lingkungan Terampil", 1),
                  ("Penyuluh Kesehatan Masyarakat Ahli Pertama", 1), ("Epidemiolog Kesehatan Ahli Pertama", 1),
                  ("Perekam Medis Terampil", 1), ("Pengadministrasi Perkantoran", 2),
                  ("Operator Layanan Kesehatan", 2), ("Pengolah Data dan Informasi", 1)),
    "labkesda": (("Pranata Laboratorium Kesehatan Terampil", 4), ("Pranata Laboratorium Kesehatan Ahli Pertama", 2),
                 ("Dokter Ahli Muda", 1), ("Pengadministrasi Perkantoran", 1), ("Operator Layanan Kesehatan", 1)),
    "damkar": (("Pemadam Kebakaran Terampil", 6), ("Pemadam Kebakaran Mahir", 3), ("Pemadam Kebakaran Penyelia", 1),
               ("Operator Layanan Operasional", 2), ("Pengadministrasi Perkantoran", 1)),
    "parkir": (("Operator Layanan Operasional", 4), ("Penata Layanan Operasional", 2),
               ("Pengadministrasi Perkantoran", 2), ("Pengolah Data dan Informasi", 1)),
    "pengujian": (("Penguji Kendaraan Bermotor Terampil", 3), ("Penguji Kendaraan Bermotor Mahir", 2),
                  ("Penguji Kendaraan Bermotor Ahli Pertama", 1), ("Operator Layanan Operasional", 2),
                  ("Pengadministrasi Perkantoran", 1)),
    "kebersihan": (("Operator Layanan Operasional", 5), ("Pengelola Umum Operasional", 3),
                   ("Pengendali Dampak Lingkungan Ahli Pertama", 1), ("Pengadministrasi Perkantoran", 1)),
    "pajak": (("Penata Layanan Operasional", 3), ("Pengolah Data dan Informasi", 2),
              ("Analis Keuangan Pusat dan Daerah Ahli Pertama", 1), ("Pengadministrasi Perkantoran", 2),
              ("Operator Layanan Operasional", 1)),
    "pelatihan": (("Instruktur Terampil", 2), ("Instruktur Ahli Pertama", 2), ("Pengadministrasi Perkantoran", 1),
                  ("Operator Layanan Operasional", 1)),
    "metrologi": (("Penera Terampil", 3), ("Penera Ahli Pertama", 1), ("Pengadministrasi Perkantoran", 1)),
    "keswan": (("Medik Veteriner Ahli Pertama", 2), ("Penyuluh Pertanian Terampil", 1),
               ("Operator Layanan Operasional", 2), ("Pengadministrasi Perkantoran", 1)),
    "sosial": (("Pekerja Sosial Terampil", 2), ("Pekerja Sosial Ahli Pertama", 2), ("Operator Layanan Operasional", 2),
               ("Pengadministrasi Perkantoran", 1)),
    "umum": (("Pengadministrasi Perkantoran", 3), ("Operator Layanan Operasional", 3),
             ("Penata Layanan Operasional", 2), ("Pengelola Umum Operasional", 2)),
    "widyaiswara": (("Widyaiswara Ahli Madya", 1), ("Widyaiswara Ahli Muda", 2), ("Widyaiswara Ahli Pertama", 1)),
    "irban": (("Auditor Ahli Pertama", 3), ("Auditor Ahli Muda", 2), ("Auditor Ahli Madya", 1),
              ("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Pertama", 2),
              ("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Muda", 1),
              ("Pengadministrasi Perkantoran", 1)),
}


@dataclass(frozen=True)
class Division:
    """A bidang (or bagian, or inspektorat pembantu) with its sections (seksi, subbidang or subbagian).

    ``families`` replaces the agency's functional families in its sections; ``staff`` names a profile for
    staff placed in the division itself (e.g. widyaiswara, auditors); ``weight`` scales its sections' staff.
    """

    name: str
    sections: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    staff: str = ""
    weight: float = 1.0
    head: str = ""


@dataclass(frozen=True)
class Upt:
    name: str
    profile: str
    weight: float
    supervisor: int  # index of the division whose head supervises the UPT's head


@dataclass(frozen=True)
class Agency:
    code: str
    share: float  # relative size of the agency's staff
    divisions: tuple[Division, ...]
    families: tuple[str, ...] = ("Analis Kebijakan",)
    upts: tuple[Upt, ...] = ()
    head: str = ""  # default: "Kepala " + the agency's name
    head_grade: str = "Pratama"
    # (unit kind, unit name, head title) of the secretariat; None: no secretariat (Setda)
    secretariat: tuple[str, str, str] | None = None
    has_secretariat: bool = True
    division_kind: str = "bidang"
    section_kind: str = "seksi"
    # (title of an assistant, indexes of the divisions reporting to the assistant), Setda only
    assistants: tuple[tuple[str, tuple[int, ...]], ...] = ()
    medical: bool = False  # heads are often physicians (dr.)
    s1: tuple[str, ...] = ("S.Sos.", "S.H.", "S.E.", "S.STP.", "S.IP.", "S.AP.", "S.T.", "S.Kom.", "S.Pd.")
    s2: tuple[str, ...] = ("M.Si.", "M.AP.", "M.M.", "M.H.")


def _div(name: str, *sections: str, **options) -> Division:
    return Division(name, tuple(sections), **options)


AGENCIES: dict[str, Agency] = {
    "Disdukcapil": Agency("DISDUKCAPIL", 3.0, (
        _div("Bidang Pelayanan Pendaftaran Penduduk", "Seksi Identitas Penduduk", "Seksi Pindah Datang Penduduk",
             "Seksi Pendataan Penduduk", weight=1.5),
        _div("Bidang Pelayanan Pencatatan Sipil", "Seksi Kelahiran", "Seksi Perkawinan dan Perceraian",
             "Seksi Perubahan Status Anak, Pewarganegaraan dan Kematian", weight=1.3),
        _div("Bidang Pengelolaan Informasi Administrasi Kependudukan",
             "Seksi Sistem Informasi Administrasi Kependudukan", "Seksi Pengolahan dan Penyajian Data Kependudukan",
             "Seksi Tata Kelola dan Sumber Daya Manusia Teknologi Informasi dan Komunikasi"),
        _div("Bidang Pemanfaatan Data dan Inovasi Pelayanan", "Seksi Kerja Sama", "Seksi Inovasi Pelayanan",
             "Seksi Pemanfaatan Data dan Dokumen Kependudukan"),
    ), families=("Administrator Database Kependudukan", "Pranata Komputer", "Analis Kebijakan")),
    "Dinkes": Agency("DINKES", 22.0, (
        _div("Bidang Kesehatan Masyarakat", "Seksi Kesehatan Keluarga dan Gizi",
             "Seksi Promosi dan Pemberdayaan Masyarakat", "Seksi Kesehatan Lingkungan, Kesehatan Kerja dan Olahraga"),
        _div("Bidang Pencegahan dan Pengendalian Penyakit", "Seksi Surveilans dan Imunisasi",
             "Seksi Pencegahan dan Pengendalian Penyakit Menular",
             "Seksi Pencegahan dan Pengendalian Penyakit Tidak Menular dan Kesehatan Jiwa"),
        _div("Bidang Pelayanan Kesehatan", "Seksi Pelayanan Kesehatan Primer", "Seksi Pelayanan Kesehatan Rujukan",
             "Seksi Mutu dan Akreditasi Fasilitas Pelayanan Kesehatan"),
        _div("Bidang Sumber Daya Kesehatan", "Seksi Kefarmasian", "Seksi Alat Kesehatan dan PKRT",
             "Seksi Sumber Daya Manusia Kesehatan"),
    ), families=("Administrator Kesehatan", "Epidemiolog Kesehatan", "Penyuluh Kesehatan Masyarakat", "Apoteker",
                 "Nutrisionis"),
        upts=(*(Upt(f"UPT Puskesmas {name}", "puskesmas", 5.0, 2) for names in PUSKESMAS.values() for name in names),
              Upt("UPT Laboratorium Kesehatan Daerah", "labkesda", 3.0, 3)),
        medical=True, s1=("S.KM.", "S.Kep.", "S.Farm.", "S.E."), s2=("M.Kes.", "M.K.M.", "M.Si.")),
    "Disdikbud": Agency("DISDIKBUD", 3.0, (
        _div("Bidang Pembinaan Sekolah Dasar", "Seksi Kurikulum dan Penilaian Sekolah Dasar",
             "Seksi Peserta Didik dan Pembangunan Karakter Sekolah Dasar", "Seksi Sarana dan Prasarana Sekolah Dasar"),
        _div("Bidang Pembinaan Sekolah Menengah Pertama", "Seksi Kurikulum dan Penilaian Sekolah Menengah Pertama",
             "Seksi Peserta Didik dan Pembangunan Karakter Sekolah Menengah Pertama",
             "Seksi Sarana dan Prasarana Sekolah Menengah Pertama"),
        _div("Bidang Pembinaan PAUD dan Pendidikan Nonformal", "Seksi Kurikulum PAUD dan Pendidikan Nonformal",
             "Seksi Kelembagaan PAUD dan Pendidikan Nonformal"),
        _div("Bidang Kebudayaan", "Seksi Cagar Budaya dan Permuseuman", "Seksi Kesenian dan Tradisi"),
    ), families=("Pengembang Teknologi Pembelajaran", "Pamong Budaya", "Analis Kebijakan"),
        s1=("S.Pd.", "S.Sos.", "S.E."), s2=("M.Pd.", "M.Si.", "M.AP.")),
    "Dinas SDABMBK": Agency("SDABMBK", 3.5, (
        _div("Bidang Sumber Daya Air", "Seksi Perencanaan dan Pengendalian Sumber Daya Air", "Seksi Drainase"),
        _div("Bidang Bina Marga", "Seksi Pembangunan Jalan dan Jembatan", "Seksi Pemeliharaan Jalan dan Jembatan",
             "Seksi Penerangan Jalan Umum"),
        _div("Bidang Bina Konstruksi", "Seksi Pengaturan dan Pembinaan Jasa Konstruksi",
             "Seksi Pengawasan Jasa Konstruksi"),
        _div("Bidang Operasi dan Pemeliharaan", "Seksi Operasi", "Seksi Pemeliharaan"),
    ), families=("Teknik Jalan dan Jembatan", "Teknik Pengairan", "Pembina Jasa Konstruksi"),
        upts=(Upt("UPT Alat Berat dan Perbekalan", "umum", 3.0, 3),),
        s1=("S.T.",), s2=("M.T.", "M.Si.")),
    "Dinas PKPCKTR": Agency("PKPCKTR", 2.5, (
        _div("Bidang Perumahan", "Seksi Perencanaan Perumahan", "Seksi Pembangunan Perumahan"),
        _div("Bidang Kawasan Permukiman", "Seksi Peningkatan Kualitas Permukiman Kumuh",
             "Seksi Prasarana, Sarana dan Utilitas Umum"),
        _div("Bidang Cipta Karya", "Seksi Bangunan Gedung", "Seksi Penataan Bangunan dan Lingkungan"),
        _div("Bidang Tata Ruang", "Seksi Perencanaan Tata Ruang", "Seksi Pemanfaatan dan Pengendalian Tata Ruang"),
    ), families=("Teknik Tata Bangunan dan Perumahan", "Penata Ruang", "Analis Kebijakan"),
        upts=(Upt("UPT Pemakaman Umum", "umum", 2.5, 1),), s1=("S.T.", "S.Ars."), s2=("M.T.", "M.Si.")),
    "Damkar": Agency("DAMKAR", 4.0, (
        _div("Bidang Pencegahan dan Penyuluhan", "Seksi Pencegahan", "Seksi Penyuluhan dan Pemberdayaan Masyarakat"),
        _div("Bidang Operasi dan Penyelamatan", "Seksi Operasi Pemadaman", "Seksi Penyelamatan dan Evakuasi",
             weight=2.0),
        _div("Bidang Sarana dan Prasarana", "Seksi Sarana", "Seksi Prasarana"),
    ), families=("Pemadam Kebakaran", "Analis Kebakaran"),
        upts=tuple(Upt(f"UPT Pos Pemadam Kebakaran {name}", "damkar", 3.0, 1)
                   for name in ("Medan Belawan", "Medan Amplas", "Medan Sunggal", "Medan Tembung", "Medan Johor",
                                "Medan Labuhan", "Medan Helvetia", "Medan Tuntungan"))),
    "Dinas P3APMP2KB": Agency("P3APMP2KB", 1.5, (
        _div("Bidang Perlindungan Perempuan dan Anak", "Seksi Perlindungan Hak Perempuan",
             "Seksi Perlindungan Khusus Anak"),
        _div("Bidang Pemberdayaan Perempuan dan Pemenuhan Hak Anak", "Seksi Kualitas Hidup Perempuan",
             "Seksi Pemenuhan Hak Anak"),
        _div("Bidang Pemberdayaan Masyarakat", "Seksi Kelembagaan dan Partisipasi Masyarakat",
             "Seksi Pemberdayaan Ekonomi Masyarakat"),
        _div("Bidang Pengendalian Penduduk dan Keluarga Berencana", "Seksi Pengendalian Penduduk",
             "Seksi Keluarga Berencana dan Ketahanan Keluarga"),
    ), families=("Penyuluh Keluarga Berencana", "Penggerak Swadaya Masyarakat", "Analis Kebijakan"),
        upts=(Upt("UPT Perlindungan Perempuan dan Anak", "sosial", 2.0, 0),)),
    "DKPPP": Agency("DKPPP", 2.0, (
        _div("Bidang Ketahanan Pangan", "Seksi Ketersediaan dan Distribusi Pangan",
             "Seksi Konsumsi dan Keamanan Pangan"),
        _div("Bidang Pertanian", "Seksi Tanaman Pangan dan Hortikultura", "Seksi Peternakan dan Kesehatan Hewan"),
        _div("Bidang Perikanan", "Seksi Perikanan Budidaya", "Seksi Perikanan Tangkap"),
        _div("Bidang Penyuluhan", "Seksi Kelembagaan dan Ketenagaan Penyuluhan",
             "Seksi Metode dan Informasi Penyuluhan"),
    ), families=("Penyuluh Pertanian", "Analis Ketahanan Pangan", "Medik Veteriner"),
        upts=(Upt("UPT Pusat Kesehatan Hewan", "keswan", 2.0, 1),), s1=("S.P.", "S.Pt.", "S.E."),
        s2=("M.Si.", "M.P.")),
    "Dinas KUKMPP": Agency("KUKMPP", 1.8, (
        _div("Bidang Koperasi", "Seksi Kelembagaan dan Perizinan Koperasi", "Seksi Pengawasan Koperasi"),
        _div("Bidang Usaha Kecil dan Menengah", "Seksi Pemberdayaan Usaha Kecil dan Menengah",
             "Seksi Pengembangan Usaha"),
        _div("Bidang Perindustrian", "Seksi Industri Agro dan Kimia", "Seksi Industri Logam, Mesin dan Aneka"),
        _div("Bidang Perdagangan", "Seksi Bina Usaha Perdagangan", "Seksi Stabilisasi Harga dan Distribusi"),
    ), families=("Pengawas Koperasi", "Pengawas Perdagangan", "Analis Kebijakan"),
        upts=(Upt("UPT Metrologi Legal", "metrologi", 2.0, 3),), s1=("S.E.", "S.Sos.", "S.H.")),
    "DLH": Agency("DLH", 6.0, (
        _div("Bidang Tata Lingkungan", "Seksi Inventarisasi dan Kajian Dampak Lingkungan",
             "Seksi Pemeliharaan Lingkungan"),
        _div("Bidang Pengelolaan Sampah dan Limbah B3", "Seksi Pengurangan Sampah", "Seksi Penanganan Sampah",
             "Seksi Limbah B3", weight=2.5),
        _div("Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan", "Seksi Pemantauan Lingkungan",
             "Seksi Pengawasan dan Penegakan Hukum Lingkungan"),
        _div("Bidang Penataan dan Peningkatan Kapasitas Lingkungan Hidup", "Seksi Peningkatan Kapasitas",
             "Seksi Pengaduan dan Penyelesaian Sengketa Lingkungan"),
    ), families=("Pengendali Dampak Lingkungan", "Pengawas Lingkungan Hidup"),
        upts=(Upt("UPT Tempat Pemrosesan Akhir Sampah Terjun", "kebersihan", 6.0, 1),
              Upt("UPT Laboratorium Lingkungan", "umum", 1.5, 2)), s1=("S.T.", "S.Si.", "S.E."), s2=("M.Si.", "M.T.")),
    "Dishub": Agency("DISHUB", 5.0, (
        _div("Bidang Lalu Lintas", "Seksi Manajemen dan Rekayasa Lalu Lintas",
             "Seksi Pengendalian dan Operasional Lalu Lintas", weight=2.0),
        _div("Bidang Angkutan", "Seksi Angkutan Orang", "Seksi Angkutan Barang"),
        _div("Bidang Sarana dan Prasarana", "Seksi Perlengkapan Jalan", "Seksi Terminal"),
    ), families=("Penguji Kendaraan Bermotor", "Analis Kebijakan"),
        upts=(Upt("UPT Perparkiran", "parkir", 6.0, 0), Upt("UPT Pengujian Kendaraan Bermotor", "pengujian", 3.0, 1),
              Upt("UPT Terminal Terpadu Amplas", "umum", 2.0, 2), Upt("UPT Terminal Pinang Baris", "umum", 2.0, 2))),
    "Diskominfo": Agency("DISKOMINFO", 1.5, (
        _div("Bidang Informasi dan Komunikasi Publik", "Seksi Pengelolaan Informasi Publik",
             "Seksi Layanan Komunikasi Publik", "Seksi Hubungan Media"),
        _div("Bidang Aplikasi Informatika", "Seksi Pengembangan Aplikasi", "Seksi Layanan E-Government"),
        _div("Bidang Infrastruktur Teknologi Informasi", "Seksi Infrastruktur Jaringan",
             "Seksi Pusat Data dan Integrasi Sistem"),
        _div("Bidang Persandian dan Statistik", "Seksi Persandian dan Keamanan Informasi", "Seksi Statistik Sektoral",
             families=("Sandiman", "Statistisi")),
    ), families=("Pranata Komputer", "Pranata Hubungan Masyarakat"), s1=("S.Kom.", "S.T.", "S.I.Kom.", "S.Sos."),
        s2=("M.Kom.", "M.Si.", "M.T.")),
    "DPMPTSP": Agency("DPMPTSP", 1.2, (
        _div("Bidang Perencanaan dan Pengembangan Iklim Penanaman Modal", "Seksi Perencanaan Penanaman Modal",
             "Seksi Promosi Penanaman Modal"),
        _div("Bidang Pelayanan Perizinan dan Nonperizinan", "Seksi Perizinan Usaha",
             "Seksi Perizinan Bangunan dan Lingkungan", "Seksi Nonperizinan", weight=1.5),
        _div("Bidang Pengendalian Pelaksanaan Penanaman Modal", "Seksi Pemantauan Penanaman Modal",
             "Seksi Pembinaan dan Pengawasan Penanaman Modal"),
        _div("Bidang Data, Informasi dan Pengaduan", "Seksi Data dan Sistem Informasi", "Seksi Pengaduan dan Advokasi"),
    ), families=("Analis Kebijakan", "Pranata Komputer")),
    "Dispora": Agency("DISPORA", 1.2, (
        _div("Bidang Kepemudaan", "Seksi Pemberdayaan Pemuda", "Seksi Pengembangan Kepemimpinan Pemuda"),
        _div("Bidang Keolahragaan", "Seksi Olahraga Pendidikan dan Rekreasi", "Seksi Olahraga Prestasi"),
        _div("Bidang Sarana dan Prasarana", "Seksi Sarana Kepemudaan dan Olahraga", "Seksi Kemitraan"),
    ), upts=(Upt("UPT Stadion Teladan", "umum", 2.0, 2),), s1=("S.Pd.", "S.Or.", "S.Sos.")),
    "Disnaker": Agency("DISNAKER", 1.2, (
        _div("Bidang Penempatan dan Perluasan Kesempatan Kerja", "Seksi Penempatan Tenaga Kerja",
             "Seksi Perluasan Kesempatan Kerja"),
        _div("Bidang Pelatihan dan Produktivitas", "Seksi Pelatihan Kerja", "Seksi Produktivitas"),
        _div("Bidang Hubungan Industrial dan Jaminan Sosial", "Seksi Persyaratan Kerja dan Kelembagaan",
             "Seksi Perselisihan Hubungan Industrial", "Seksi Pengupahan dan Jaminan Sosial"),
    ), families=("Mediator Hubungan Industrial", "Pengantar Kerja", "Instruktur"),
        upts=(Upt("UPT Balai Latihan Kerja", "pelatihan", 2.0, 1),)),
    "Dinsos": Agency("DINSOS", 1.8, (
        _div("Bidang Perlindungan dan Jaminan Sosial", "Seksi Perlindungan Sosial Korban Bencana",
             "Seksi Jaminan Sosial Keluarga"),
        _div("Bidang Rehabilitasi Sosial", "Seksi Rehabilitasi Sosial Anak dan Lanjut Usia",
             "Seksi Rehabilitasi Sosial Penyandang Disabilitas", "Seksi Rehabilitasi Sosial Tuna Sosial"),
        _div("Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin", "Seksi Pemberdayaan Sosial",
             "Seksi Penanganan Fakir Miskin", "Seksi Data dan Informasi Kesejahteraan Sosial"),
    ), families=("Pekerja Sosial", "Penyuluh Sosial"),
        upts=(Upt("UPT Pelayanan Sosial Lanjut Usia", "sosial", 2.0, 1),)),
    "Dispar": Agency("DISPAR", 1.0, (
        _div("Bidang Destinasi Pariwisata", "Seksi Pengembangan Daya Tarik Wisata", "Seksi Tata Kelola Destinasi"),
        _div("Bidang Pemasaran Pariwisata", "Seksi Promosi Pariwisata", "Seksi Kemitraan dan Event"),
        _div("Bidang Ekonomi Kreatif", "Seksi Pengembangan Ekonomi Kreatif", "Seksi Fasilitasi Usaha Kreatif"),
    ), families=("Adyatama Kepariwisataan dan Ekonomi Kreatif", "Analis Kebijakan"), s1=("S.Par.", "S.E.", "S.Sos.")),
    "Dinas Perpustakaan dan Kearsipan": Agency("DISPUSIP", 1.0, (
        _div("Bidang Layanan dan Pengembangan Perpustakaan", "Seksi Layanan Perpustakaan",
             "Seksi Pengembangan Koleksi", "Seksi Pembinaan Perpustakaan"),
        _div("Bidang Pengelolaan Arsip", "Seksi Akuisisi dan Pengolahan Arsip", "Seksi Preservasi Arsip"),
        _div("Bidang Pembinaan Kearsipan", "Seksi Pembinaan Arsiparis", "Seksi Pengawasan Kearsipan"),
    ), families=("Pustakawan", "Arsiparis")),
    "Satpol PP": Agency("SATPOL-PP", 8.0, (
        _div("Bidang Penegakan Peraturan Daerah", "Seksi Pembinaan, Pengawasan dan Penyuluhan",
             "Seksi Penyelidikan dan Penyidikan"),
        _div("Bidang Ketenteraman dan Ketertiban Umum", "Seksi Operasi dan Pengendalian", "Seksi Kerja Sama",
             weight=2.5),
        _div("Bidang Perlindungan Masyarakat", "Seksi Satuan Perlindungan Masyarakat",
             "Seksi Bina Potensi Masyarakat"),
        _div("Bidang Sumber Daya Aparatur", "Seksi Pelatihan Dasar", "Seksi Teknis Fungsional"),
    ), families=("Polisi Pamong Praja",), s1=("S.H.", "S.Sos.", "S.STP.", "S.IP.")),
    "Bappeda": Agency("BAPPEDA", 1.2, (
        _div("Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan", "Subbidang Perencanaan Pembangunan",
             "Subbidang Pengendalian dan Evaluasi Pembangunan"),
        _div("Bidang Pemerintahan dan Pembangunan Manusia", "Subbidang Pemerintahan",
             "Subbidang Pembangunan Manusia"),
        _div("Bidang Perekonomian dan Sumber Daya Alam", "Subbidang Perekonomian", "Subbidang Sumber Daya Alam"),
        _div("Bidang Infrastruktur dan Kewilayahan", "Subbidang Infrastruktur", "Subbidang Kewilayahan"),
    ), families=("Perencana", "Statistisi"), s1=("S.T.", "S.E.", "S.P.W.K.", "S.Si."), s2=("M.Si.", "M.T.", "M.E.")),
    "BKPSDM": Agency("BKPSDM", 1.3, (
        _div("Bidang Pengadaan dan Informasi Kepegawaian", "Subbidang Pengadaan dan Pemberhentian",
             "Subbidang Data dan Informasi Kepegawaian"),
        _div("Bidang Mutasi dan Promosi", "Subbidang Mutasi", "Subbidang Promosi dan Kepangkatan"),
        _div("Bidang Pengembangan Kompetensi", "Subbidang Pengembangan Kompetensi Manajerial dan Sosial Kultural",
             "Subbidang Pengembangan Kompetensi Teknis dan Fungsional",
             families=("Analis SDM Aparatur", "Asesor SDM Aparatur"), staff="widyaiswara"),
        _div("Bidang Penilaian Kinerja dan Penghargaan", "Subbidang Penilaian Kinerja Aparatur",
             "Subbidang Penghargaan dan Disiplin"),
    ), families=("Analis SDM Aparatur", "Pranata SDM Aparatur", "Asesor SDM Aparatur"),
        s1=("S.Psi.", "S.Sos.", "S.AP.", "S.H.", "S.E."), s2=("M.Si.", "M.AP.", "M.Psi.")),
    "BRIDA": Agency("BRIDA", 0.6, (
        _div("Bidang Riset dan Inovasi Pemerintahan dan Pembangunan Manusia", "Subbidang Riset Pemerintahan",
             "Subbidang Riset Pembangunan Manusia"),
        _div("Bidang Riset dan Inovasi Ekonomi dan Pembangunan", "Subbidang Riset Ekonomi",
             "Subbidang Riset Pembangunan dan Kewilayahan"),
        _div("Bidang Difusi Inovasi dan Kekayaan Intelektual", "Subbidang Difusi Inovasi",
             "Subbidang Kekayaan Intelektual"),
    ), families=("Peneliti", "Analis Kebijakan"), s2=("M.Si.", "M.Sc.", "M.AP.")),
    "BKAD": Agency("BKAD", 2.5, (
        _div("Bidang Anggaran", "Subbidang Penyusunan Anggaran", "Subbidang Pengendalian Anggaran",
             families=("Analis Anggaran",)),
        _div("Bidang Perbendaharaan", "Subbidang Pengelolaan Kas Daerah", "Subbidang Penatausahaan Belanja"),
        _div("Bidang Akuntansi dan Pelaporan", "Subbidang Akuntansi", "Subbidang Pelaporan Keuangan"),
        _div("Bidang Aset", "Subbidang Perencanaan dan Penatausahaan Aset", "Subbidang Pemanfaatan dan Pengamanan Aset",
             "Subbidang Penghapusan Aset"),
    ), families=("Analis Keuangan Pusat dan Daerah", "Analis Anggaran"), s1=("S.E.", "S.Ak."),
        s2=("M.Si.", "M.Ak.", "M.M.")),
    "Bapenda": Agency("BAPENDA", 3.5, (
        _div("Bidang Pajak Bumi dan Bangunan dan BPHTB", "Subbidang Pendataan dan Penilaian", "Subbidang Penetapan"),
        _div("Bidang Pajak Daerah Lainnya", "Subbidang Pajak Barang dan Jasa Tertentu",
             "Subbidang Pajak Reklame dan Air Tanah"),
        _div("Bidang Penagihan dan Keberatan", "Subbidang Penagihan", "Subbidang Keberatan dan Banding"),
        _div("Bidang Perencanaan dan Pengembangan Pendapatan", "Subbidang Perencanaan Pendapatan",
             "Subbidang Pengembangan Sistem Informasi Pendapatan"),
    ), families=("Analis Keuangan Pusat dan Daerah", "Pranata Komputer"),
        upts=tuple(Upt(f"UPT Pelayanan Pajak Daerah Wilayah {r}", "pajak", 3.0, 2) for r in ("I", "II", "III", "IV")),
        s1=("S.E.", "S.Ak.", "S.H."), s2=("M.Si.", "M.Ak.", "M.M.")),
    "Kesbangpol": Agency("KESBANGPOL", 0.7, (
        _div("Bidang Ideologi, Wawasan Kebangsaan dan Karakter Bangsa", "Seksi Ideologi dan Wawasan Kebangsaan",
             "Seksi Karakter Bangsa"),
        _div("Bidang Politik Dalam Negeri dan Organisasi Kemasyarakatan", "Seksi Politik Dalam Negeri",
             "Seksi Organisasi Kemasyarakatan"),
        _div("Bidang Kewaspadaan Nasional dan Penanganan Konflik", "Seksi Kewaspadaan Dini",
             "Seksi Penanganan Konflik"),
    )),
    "Inspektorat": Agency("INSPEKTORAT", 1.5, tuple(
        _div(f"Inspektorat Pembantu Wilayah {r}", staff="irban", weight=4.0, head=f"Inspektur Pembantu Wilayah {r}")
        for r in ("I", "II", "III", "IV")
    ), families=("Auditor",), head="Inspektur", s1=("S.E.", "S.Ak.", "S.H."), s2=("M.Ak.", "M.Si.", "M.H.")),
    "Setda": Agency("SETDA", 5.0, (
        _div("Bagian Tata Pemerintahan", "Subbagian Pemerintahan Umum", "Subbagian Otonomi Daerah",
             "Subbagian Administrasi Kewilayahan"),
        _div("Bagian Hukum", "Subbagian Perundang-undangan", "Subbagian Bantuan Hukum",
             "Subbagian Dokumentasi dan Informasi Hukum",
             families=("Perancang Peraturan Perundang-undangan", "Analis Hukum")),
        _div("Bagian Kesejahteraan Rakyat", "Subbagian Bina Mental dan Spiritual",
             "Subbagian Kesejahteraan Masyarakat"),
        _div("Bagian Perekonomian dan Sumber Daya Alam", "Subbagian Perekonomian", "Subbagian Sumber Daya Alam",
             "Subbagian Pembinaan BUMD"),
        _div("Bagian Administrasi Pembangunan", "Subbagian Penyusunan Program Pembangunan",
             "Subbagian Pengendalian Administrasi Pembangunan", "Subbagian Evaluasi dan Pelaporan Pembangunan"),
        _div("Bagian Pengadaan Barang dan Jasa", "Subbagian Pengelolaan Pengadaan Barang dan Jasa",
             "Subbagian Layanan Pengadaan Secara Elektronik", "Subbagian Pembinaan dan Advokasi Pengadaan",
             families=("Pengelola Pengadaan Barang/Jasa",)),
        _div("Bagian Organisasi", "Subbagian Kelembagaan dan Analisis Jabatan",
             "Subbagian Pelayanan Publik dan Tata Laksana", "Subbagian Kinerja dan Reformasi Birokrasi",
             families=("Analis Kebijakan", "Analis SDM Aparatur")),
        _div("Bagian Umum", "Subbagian Tata Usaha Pimpinan", "Subbagian Rumah Tangga", "Subbagian Perlengkapan",
             families=("Arsiparis",), weight=2.0),
        _div("Bagian Protokol dan Komunikasi Pimpinan", "Subbagian Protokol", "Subbagian Komunikasi Pimpinan",
             "Subbagian Dokumentasi Pimpinan", families=("Pranata Hubungan Masyarakat",)),
        _div("Bagian Perencanaan dan Keuangan", "Subbagian Perencanaan", "Subbagian Keuangan",
             families=("Perencana", "Analis Keuangan Pusat dan Daerah")),
    ), head="Sekretaris Daerah", head_grade="Madya", has_secretariat=False, division_kind="bagian",
        section_kind="subbagian",
        assistants=(("Asisten Pemerintahan dan Kesejahteraan Rakyat", (0, 1, 2)),
                    ("Asisten Perekonomian dan Pembangunan", (3, 4, 5)),
                    ("Asisten Administrasi Umum", (6, 7, 8, 9)))),
    "RSUD Pirngadi": Agency("RSUD-PIRNGADI", 10.0, (
        _div("Bidang Pelayanan Medik", "Seksi Pelayanan Medik Rawat Jalan",
             "Seksi Pelayanan Medik Rawat Inap dan Gawat Darurat", families=("Dokter", "Dokter Gigi", "Perawat"),
             weight=5.0),
        _div("Bidang Keperawatan", "Seksi Asuhan Keperawatan", "Seksi Etika dan Mutu Keperawatan",
             families=("Perawat", "Bidan"), weight=8.0),
        _div("Bidang Penunjang Medik dan Nonmedik", "Seksi Penunjang Medik", "Seksi Penunjang Nonmedik",
             families=("Apoteker", "Asisten Apoteker", "Pranata Laboratorium Kesehatan", "Radiografer", "Nutrisionis"),
             weight=4.0),
        _div("Bidang Pengembangan dan Rekam Medik", "Seksi Rekam Medik", "Seksi Pengembangan dan Kerja Sama",
             families=("Perekam Medis", "Pranata Komputer"), weight=1.5),
    ), secretariat=("bagian", "Bagian Tata Usaha", "Kepala Bagian Tata Usaha"), medical=True,
        s1=("S.KM.", "S.Kep.", "S.E."), s2=("M.Kes.", "M.K.M.", "M.A.R.S.")),
    "RSUD Bachtiar Djafar": Agency("RSUD-BD", 3.5, (
        _div("Bidang Pelayanan Medik dan Keperawatan", "Seksi Pelayanan Medik", "Seksi Keperawatan",
             families=("Dokter", "Perawat", "Bidan"), weight=6.0),
        _div("Bidang Penunjang Medik dan Nonmedik", "Seksi Penunjang Medik", "Seksi Penunjang Nonmedik",
             families=("Apoteker", "Asisten Apoteker", "Pranata Laboratorium Kesehatan", "Radiografer"), weight=3.0),
        _div("Bidang Perencanaan dan Rekam Medik", "Seksi Perencanaan dan Evaluasi", "Seksi Rekam Medik",
             families=("Perekam Medis", "Perencana"), weight=1.2),
    ), secretariat=("bagian", "Bagian Tata Usaha", "Kepala Bagian Tata Usaha"), medical=True,
        s1=("S.KM.", "S.Kep.", "S.E."), s2=("M.Kes.", "M.K.M.", "M.A.R.S.")),
}

GENERIC_DIVISIONS = (
    _div("Bidang Perencanaan dan Pengembangan", "Seksi Perencanaan", "Seksi Pengembangan"),
    _div("Bidang Pelayanan", "Seksi Pelayanan Umum", "Seksi Pelayanan Teknis"),
    _div("Bidang Pengendalian dan Evaluasi", "Seksi Pengendalian", "Seksi Evaluasi dan Pelaporan"),
)

SECRETARIAT_SECTIONS = (("Subbagian Umum dan Kepegawaian", "UMPEG", "umpeg", 1.5),
                        ("Subbagian Keuangan", "KEU", "keuangan", 1.0),
                        ("Subbagian Perencanaan dan Pelaporan", "PROG", "program", 0.8))

# --- people ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameStyle:
    """How people of one background in Medan are usually named."""

    weight: int
    male: tuple[str, ...]
    female: tuple[str, ...]
    male_second: tuple[str, ...] = ()
    female_second: tuple[str, ...] = ()
    second: float = 0.5  # chance of a second given name
    surnames: tuple[str, ...] = ()  # marga or family name
    surname: float = 0.0
    boru: float = 0.0  # Batak women written "X br. Marga"
    male_prefix: str = ""  # Teuku, Tengku
    female_prefix: str = ""  # Cut, Tengku
    prefix: float = 0.0
    muslim: bool = True


MUSLIM_MALE = ("Muhammad", "Ahmad", "Rahmat", "Syahrul", "Irwan", "Fauzi", "Ridwan", "Zulkarnain", "Khairul", "Amir",
               "Hasan", "Ismail", "Yusuf", "Ibrahim", "Hamdan", "Azhar", "Faisal", "Arief", "Rizky", "Fadli", "Hendra",
               "Taufik", "Imran", "Iqbal", "Zulfikar", "Nurdin", "Darwin", "Erwin", "Fahmi", "Ilham", "Rizal",
               "Syamsul")
MUSLIM_MALE_2 = ("Fauzi", "Hidayat", "Ramadhan", "Syahputra", "Rizki", "Hakim", "Anwar", "Effendi", "Arifin", "Saleh",
                 "Maulana", "Fikri", "Akbar", "Hamzah", "Bahri", "Rasyid", "Amin", "Ikhsan", "Firdaus",
                 "Syahrial")
MUSLIM_FEMALE = ("Siti", "Nur", "Nurul", "Rahmawati", "Fitri", "Aisyah", "Halimah", "Hafsah", "Lailan", "Fatimah",
                 "Rahmah", "Maimunah", "Zuraidah", "Rosmiati", "Fauziah", "Ernita", "Rizka", "Annisa", "Putri", "Dewi",
                 "Mutia", "Zahara", "Syafrida", "Nurlela", "Yulia", "Indah", "Rina", "Hasnah", "Intan", "Elvi")
MUSLIM_FEMALE_2 = ("Aisyah", "Hidayah", "Sari", "Rahmadani", "Amelia", "Wahyuni", "Handayani", "Fitriani", "Khairani",
                   "Maharani", "Syahfitri", "Ramadhani", "Hasanah", "Safitri", "Lestari", "Anggraini", "Aini", "Zahra")
CHRISTIAN_MALE = ("Daniel", "Yosua", "Hotman", "Parulian", "Jonathan", "Fernando", "Roy", "Tigor", "Marihot", "Sahat",
                  "Bonar", "Hendrik", "Ronald", "Martin", "Frans", "Poltak", "Maruli", "Togar", "Samuel", "Robert",
                  "Benny", "Rudolf", "Binsar", "Hisar", "Jansen", "Richard", "Andreas", "Immanuel", "Ferdinand",
                  "Rikardo", "Edison", "Juliper")
CHRISTIAN_MALE_2 = ("Parlindungan", "Hamonangan", "Halomoan", "Marudut", "Pangihutan", "Sahala", "Tumpal", "Mangatas",
                    "Christian", "Saut")
CHRISTIAN_FEMALE = ("Rosmawati", "Lasmaria", "Rotua", "Debora", "Elisabeth", "Kristina", "Maria", "Hotmaida", "Tiurma",
                    "Rumondang", "Sarma", "Lenni", "Yohana", "Ester", "Rina", "Novita", "Friska", "Herlina", "Melva",
                    "Roslina", "Nurmala", "Hotnida", "Juliana", "Lusiana", "Rosdiana", "Santi", "Lidya", "Agustina",
                    "Desi", "Margaretha", "Imelda", "Sondang", "Lamria", "Tetty")
CHRISTIAN_FEMALE_2 = ("Natalia", "Veronika", "Romauli", "Magdalena", "Oktavia", "Theresia", "Uli", "Christina")

NAME_STYLES = {
    "mandailing": NameStyle(14, MUSLIM_MALE, MUSLIM_FEMALE, MUSLIM_MALE_2, MUSLIM_FEMALE_2, 0.6,
                            ("Nasution", "Lubis", "Harahap", "Siregar", "Hasibuan", "Daulay", "Pulungan", "Rangkuti",
                             "Batubara", "Matondang", "Ritonga", "Dalimunthe", "Pohan", "Tanjung", "Parinduri"), 0.95),
    "toba": NameStyle(14, CHRISTIAN_MALE, CHRISTIAN_FEMALE, CHRISTIAN_MALE_2, CHRISTIAN_FEMALE_2, 0.3,
                      ("Simanjuntak", "Hutapea", "Sinaga", "Siahaan", "Simatupang", "Situmorang", "Sitorus",
                       "Panjaitan", "Pardede", "Manurung", "Sihombing", "Hutagalung", "Napitupulu", "Nainggolan",
                       "Silalahi", "Marpaung", "Simbolon", "Tampubolon", "Pasaribu", "Sianturi", "Hutabarat",
                       "Lumbantobing", "Sitompul", "Gultom", "Aritonang", "Siregar"), 1.0, boru=0.3, muslim=False),
    "karo": NameStyle(7, (*CHRISTIAN_MALE, "Bastanta", "Terkelin", "Nanta", "Sura", "Jusua", "Ngadap"),
                      (*CHRISTIAN_FEMALE, "Ernawati", "Rosita", "Tioria", "Rasmi", "Ninta", "Jelita", "Herawati"),
                      (), (), 0.0,
                      ("Ginting", "Tarigan", "Sembiring", "Perangin-angin", "Karo-karo", "Sitepu", "Barus",
                       "Sinulingga", "Bangun", "Surbakti", "Sebayang", "Kaban", "Meliala", "Milala"), 1.0, boru=0.5,
                      muslim=False),
    "simalungun": NameStyle(3, CHRISTIAN_MALE, CHRISTIAN_FEMALE, (), (), 0.0,
                            ("Saragih", "Damanik", "Purba", "Girsang", "Sipayung", "Sinaga"), 1.0, boru=0.3,
                            muslim=False),
    "nias": NameStyle(1, CHRISTIAN_MALE, CHRISTIAN_FEMALE, (), (), 0.0,
                      ("Zebua", "Harefa", "Gulo", "Telaumbanua", "Laia", "Zalukhu"), 1.0, muslim=False),
    "jawa": NameStyle(24, ("Agus", "Budi", "Joko", "Bambang", "Eko", "Wahyu", "Dwi", "Teguh", "Hadi", "Slamet",
                           "Sugeng", "Bayu", "Andi", "Rudi", "Heru", "Arif", "Sigit", "Tri", "Yudi", "Adi",
                           "Sutrisno", "Sugiarto", "Suparman", "Gunawan", "Widodo", "Purwanto", "Mulyadi", "Suyanto"),
                      ("Sri", "Endang", "Dwi", "Tri", "Siti", "Wulan", "Rini", "Yuni", "Ratna", "Sulastri", "Suryani",
                       "Retno", "Ani", "Eka", "Dyah", "Puji", "Kartini", "Sumarni", "Ayu", "Diah", "Novi", "Indri"),
                      ("Santoso", "Prasetyo", "Susilo", "Wibowo", "Setiawan", "Suprapto", "Wahyudi", "Hidayat",
                       "Cahyono", "Prayitno", "Purnomo", "Kurniawan", "Saputra", "Nugroho", "Raharjo", "Utomo",
                       "Sulistyo", "Hartono", "Firmansyah", "Pratama"),
                      ("Wahyuni", "Susilawati", "Lestari", "Handayani", "Rahayu", "Sari", "Astuti", "Kartika",
                       "Dewi", "Purwanti", "Ningsih", "Utami", "Pratiwi", "Rahmawati", "Wulandari", "Setyaningsih",
                       "Kurniasih", "Anggraeni"), 0.8),
    "melayu": NameStyle(12, ("Syahrial", "Zulkifli", "Azhar", "Khairil", "Zainal", "Rizal", "Syamsul", "Muhammad",
                             "Amran", "Darmawan", "Ikhwan", "Jamaluddin", "Kamaruddin", "Mahyuddin", "Nasrul",
                             "Razali", "Syafruddin", "Zulham"),
                        ("Nurul", "Rahmadani", "Syarifah", "Zuraidah", "Rosnah", "Fadhilah", "Nurhasanah", "Mariani",
                         "Azizah", "Rosmala", "Salmah", "Juliani", "Maya", "Ratna"),
                        ("Anwar", "Abidin", "Bahri", "Fahmi", "Effendi", "Syah", "Husin", "Ramli", "Yusuf"),
                        ("Hidayah", "Aini", "Khairani", "Zahra", "Mardiah", "Sari", "Fitri"), 0.6,
                        male_prefix="Tengku", female_prefix="Tengku", prefix=0.08),
    "minang": NameStyle(9, ("Afrizal", "Syafrizal", "Yusrizal", "Hendri", "Rahmat", "Zulhendri", "Irwan", "Deni",
                            "Fauzan", "Yasrul", "Asrul", "Novrizal", "Jufri", "Yondri", "Rusdi"),
                        ("Yusnidar", "Fitri", "Elvi", "Yulia", "Desi", "Nofri", "Mardiana", "Syafriani", "Yenni",
                         "Rosmaini", "Yuliarni", "Elfira", "Rahmi", "Vivi"),
                        ("Efendi", "Syahputra", "Hidayat", "Saputra"), ("Yanti", "Rahmi", "Yenti", "Ratnasari"), 0.35,
                        ("Tanjung", "Chaniago", "Piliang", "Koto", "Sikumbang", "Jambak"), 0.25),
    "aceh": NameStyle(6, ("Muhammad", "Ridwan", "Iqbal", "Nasir", "Zulkifli", "Muzakir", "Fadli", "Husaini",
                          "Safrizal", "Mukhlis", "Munawar", "Azwar", "Khairul", "Syarifuddin", "Marzuki"),
                      ("Nurul", "Rahmah", "Mutia", "Zahara", "Nurlaila", "Fatimah", "Rahmi", "Rosnani", "Mauliza",
                       "Safriana", "Yusrawati", "Nuraini", "Intan", "Raudhatul"),
                      ("Nasir", "Iqbal", "Maulana", "Fadhil", "Ridha", "Akmal", "Mahdi"),
                      ("Akmal", "Fitri", "Jannah", "Husna", "Zahra", "Aini"), 0.5,
                      male_prefix="Teuku", female_prefix="Cut", prefix=0.2),
    "tionghoa": NameStyle(4, ("Hendra", "Rudy", "Andi", "Suwandi", "Johan", "Willy", "Kevin", "Edy", "Ferry", "Tommy",
                              "Lukas", "Vincent", "Steven", "Hendry"),
                          ("Lily", "Susanti", "Meiliana", "Linda", "Wenny", "Yenny", "Elvina", "Cindy", "Sherly",
                           "Fenny", "Lisa", "Merry", "Vivian", "Mei Ling"), (), (), 0.0,
                          ("Wijaya", "Gunawan", "Halim", "Salim", "Tanoto", "Tanjaya", "Sutanto", "Kurniawan",
                           "Santoso", "Hartono", "Setiawan", "Lim", "Tan", "Chandra", "Susanto"), 0.9, muslim=False),
}
# A lone "Siti" or "Sri" is not a name: these always take a second given name.
NEEDS_SECOND = {"Siti", "Nur", "Nurul", "Sri", "Dwi", "Tri", "Eka", "Putri", "Dewi", "Muhammad", "Ahmad"}

# Age range at REFERENCE_DATE and minimum years of service, per (position kind, grade); grade None: no grade.
AGES = {
    ("jpt", "Madya"): (50, 58, 22), ("jpt", "Pratama"): (45, 58, 18),
    ("administrator", None): (40, 57, 12), ("pengawas", None): (32, 56, 6),
    ("fungsional_keahlian", AMD): (45, 58, 14), ("fungsional_keahlian", AM): (32, 56, 6),
    ("fungsional_keahlian", AP): (23, 45, 0),
    ("fungsional_keterampilan", PY): (38, 58, 12), ("fungsional_keterampilan", MH): (28, 55, 5),
    ("fungsional_keterampilan", TR): (22, 50, 0), ("fungsional_keterampilan", "Pemula"): (22, 35, 0),
    ("pelaksana", None): (22, 58, 0),
}
# PNS rank range per (position kind, grade); pelaksana ranks depend on the position (see PELAKSANA).
RANK_RANGES = {
    ("jpt", "Madya"): ("IV/d", "IV/e"), ("jpt", "Pratama"): ("IV/c", "IV/d"),
    ("administrator", None): ("IV/a", "IV/b"), ("pengawas", None): ("III/c", "III/d"),
    ("fungsional_keahlian", AMD): ("IV/a", "IV/c"), ("fungsional_keahlian", AM): ("III/c", "III/d"),
    ("fungsional_keahlian", AP): ("III/a", "III/b"),
    ("fungsional_keterampilan", PY): ("III/c", "III/d"), ("fungsional_keterampilan", MH): ("III/a", "III/b"),
    ("fungsional_keterampilan", TR): ("II/b", "II/d"), ("fungsional_keterampilan", "Pemula"): ("II/a", "II/a"),
}
# Levels that PPPK employees hold; PPPK never hold structural posts.
PPPK_GRADES = {None, TR, MH, AP, AM}
PPPK_YEARS = ((2019, 1), (2021, 3), (2022, 3), (2023, 2), (2024, 3), (2025, 2))


@cache
def _pns_ranks() -> tuple[str, ...]:
    return tuple(reference.pns_ranks())


def rank_span(low: str, high: str) -> tuple[str, ...]:
    ranks = _pns_ranks()
    return ranks[ranks.index(low):ranks.index(high) + 1]


def pns_rank_range(kind: str, grade: str | None, name: str) -> tuple[str, ...]:
    """The PNS ranks (golongan) plausible for a position."""
    if kind == "pelaksana":
        return rank_span(*PELAKSANA[name].ranks)
    return rank_span(*RANK_RANGES[(kind, grade)])


def pppk_rank_range(kind: str, grade: str | None, name: str) -> tuple[str, ...]:
    """PPPK grades by salary equivalence with the PNS ranks (V ~ II/a, IX ~ III/a, XIII ~ IV/a)."""
    ranks = _pns_ranks()
    return tuple(reference.PPPK_RANKS[ranks.index(rank)] for rank in pns_rank_range(kind, grade, name))


# --- the plan ----------------------------------------------------------------------------------------------------

@dataclass
class UnitPlan:
    code: str
    name: str
    kind: str
    parent: str | None
    agency: str  # code of the OPD the unit belongs to
    head: str | None = None  # code of the head position
    staff_weight: float = 0.0


@dataclass
class PositionPlan:
    code: str
    name: str
    kind: str
    grade: str | None
    unit: str
    agency: str
    # 0 Sekda, 1 JPT Pratama, 2 administrator, 3 pengawas, 4 pengawas under a pengawas (Subbagian Tata Usaha
    # of a UPT); None for staff. A post reports to a post of a lower level.
    level: int | None = None
    reports_to: str | None = None
    family: str | None = None
    female: float = 0.5
    leads_to: list[str] = field(default_factory=list)
    weight: int = 0  # share of the unit's staff


@dataclass
class EmployeePlan:
    nip: str
    name: str
    front_title: str
    back_title: str
    employment_type: str
    rank_code: str
    gender: str
    birth_date: date
    position: str
    unit: str
    supervisor: str | None  # NIP
    email: str | None
    level: int  # of the post (STAFF_LEVEL for staff): inserting by level writes supervisors first


@dataclass
class CityPlan:
    units: list[UnitPlan]
    positions: dict[str, PositionPlan]
    employees: list[EmployeePlan]
    accounts: dict[str, str | None]  # role label -> NIP (None for the admin)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")


def _parse_title(title: str) -> tuple[str, str | None, str | None]:
    """(kind, grade, family) of a staff position title."""
    if title in PELAKSANA:
        return "pelaksana", None, None
    for grade in KEAHLIAN + KETERAMPILAN:
        if title.endswith(" " + grade):
            family = title[: -len(grade) - 1]
            if family in FAMILIES:
                kind = "fungsional_keahlian" if grade in KEAHLIAN else "fungsional_keterampilan"
                return kind, grade, family
    raise ValueError(f"unknown position title in the demo tables: {title}")


class _Planner:
    def __init__(self, employees: int, seed: int, taken_nips: set[str], taken_emails: set[str]):
        self.total = employees
        self.rng = random.Random(seed)
        self.units: list[UnitPlan] = []
        self.unit_by_code: dict[str, UnitPlan] = {}
        self.positions: dict[str, PositionPlan] = {}
        self.taken_nips = set(taken_nips)
        self.taken_emails = {email.lower() for email in taken_emails}
        self.nip_sequences: dict[str, int] = {}
        self.agency_of: dict[str, Agency] = {}
        self.staff_units: list[UnitPlan] = []
        self.agency_shares: dict[str, float] = {}

    # organisation ------------------------------------------------------------------------------------------

    def unit(self, code: str, name: str, kind: str, parent: UnitPlan | None, agency: str,
             staff_weight: float = 0.0) -> UnitPlan:
        unit = UnitPlan(code, name, kind, parent.code if parent else None, agency, staff_weight=staff_weight)
        self.units.append(unit)
        self.unit_by_code[code] = unit
        if staff_weight:
            self.staff_units.append(unit)
        return unit

    def head(self, unit: UnitPlan, name: str, kind: str, level: int, reports_to: str | None,
             grade: str | None = None, suffix: str = "KA") -> PositionPlan:
        position = PositionPlan(f"{unit.code}.{suffix}", name, kind, grade, unit.code, unit.agency, level=level,
                                reports_to=reports_to, female={0: 0.2, 1: 0.25, 2: 0.35, 3: 0.45, 4: 0.55}[level])
        self.positions[position.code] = position
        if suffix == "KA":
            unit.head = position.code
        return position

    def staff(self, unit: UnitPlan, profile: Profile) -> None:
        for title, weight in profile:
            kind, grade, family = _parse_title(title)
            code = PELAKSANA[title].code if family is None else f"{FAMILIES[family].code}-{GRADE_CODES[grade]}"
            female = PELAKSANA[title].female if family is None else FAMILIES[family].female
            position_code = f"{unit.code}.{code}"
            if position_code in self.positions:
                self.positions[position_code].weight += weight
                continue
            self.positions[position_code] = PositionPlan(position_code, title, kind, grade, unit.code, unit.agency,
                                                         family=family, female=female, weight=weight)

    @staticmethod
    def section_profile(families: tuple[str, ...]) -> Profile:
        return OFFICE_PELAKSANA + tuple((f"{family} {grade}", weight)
                                        for family in families for grade, weight in FAMILIES[family].levels)

    def organisation(self) -> None:
        root = self.unit(ROOT_CODE, ROOT_NAME, "pemkot", None, ROOT_CODE)
        agencies = reference.city_agencies()
        setda = next((abbr for abbr, _name in agencies if abbr == "Setda"), None)
        sekda_code = f"{AGENCIES['Setda'].code}.KA" if setda else None
        for abbr, name in agencies:
            agency = AGENCIES.get(abbr) or Agency(_slug(abbr)[:16], 1.0, GENERIC_DIVISIONS)
            self.agency_of[agency.code] = agency
            self.agency_shares[agency.code] = agency.share
            opd = self.unit(agency.code, name, "opd", root, agency.code)
            is_sekda = agency.head_grade == "Madya"
            head = self.head(opd, agency.head or (f"Direktur {name}" if abbr.startswith("RSUD") else f"Kepala {name}"),
                             "jpt", 0 if is_sekda else 1, None if is_sekda else sekda_code, agency.head_grade)
            assistants: dict[int, str] = {}
            for number, (title, indexes) in enumerate(agency.assistants, start=1):
                assistant = self.head(opd, title, "jpt", 1, head.code, "Pratama", suffix=f"AS{number}")
                assistants.update(dict.fromkeys(indexes, assistant.code))
            secretary = self.secretariat(agency, opd, name, head)
            division_heads = []
            for index, division in enumerate(agency.divisions, start=1):
                unit = self.unit(f"{agency.code}-B{index}", division.name, agency.division_kind, opd, agency.code,
                                 division.weight if division.staff else 0.0)
                boss = assistants.get(index - 1, head.code)
                division_head = self.head(unit, division.head or f"Kepala {division.name}", "administrator", 2, boss)
                division_head.leads_to = [boss] + ([secretary] if secretary else [])
                division_heads.append(division_head.code)
                if division.staff:
                    self.staff(unit, PROFILES[division.staff])
                families = division.families
                for number, section_name in enumerate(division.sections, start=1):
                    section = self.unit(f"{unit.code}S{number}", section_name, agency.section_kind, unit, agency.code,
                                        division.weight)
                    self.head(section, f"Kepala {section_name}", "pengawas", 3, division_head.code)
                    if not division.families:
                        count = len(agency.families)
                        families = tuple(dict.fromkeys(agency.families[(number - 1 + offset) % count]
                                                       for offset in range(min(2, count))))
                    self.staff(section, self.section_profile(families))
            for number, upt in enumerate(agency.upts, start=1):
                self.upt(agency, opd, upt, number, division_heads[upt.supervisor])
        self.career_paths()

    def upt(self, agency: Agency, opd: UnitPlan, upt: Upt, number: int, supervisor: str) -> None:
        """A UPT with its Subbagian Tata Usaha (the office staff) under its head."""
        profile = PROFILES[upt.profile]
        office = tuple((title, weight) for title, weight in profile if title in UPT_OFFICE)
        field_staff = tuple((title, weight) for title, weight in profile if title not in UPT_OFFICE)
        office_share = sum(weight for _title, weight in office) / sum(weight for _title, weight in profile)
        prefix = "PKM" if upt.profile == "puskesmas" else "UPT"
        unit = self.unit(f"{agency.code}-{prefix}{number:02d}", upt.name, "upt", opd, agency.code,
                         upt.weight * (1 - office_share) if field_staff else 0.0)
        head = self.head(unit, f"Kepala {upt.name}", "pengawas", 3, supervisor)
        self.staff(unit, field_staff)
        office_unit = self.unit(f"{unit.code}-TU", f"Subbagian Tata Usaha {upt.name}", "subbagian", unit,
                                agency.code, upt.weight * office_share)
        self.head(office_unit, f"Kepala Subbagian Tata Usaha {upt.name}", "pengawas", 4, head.code)
        self.staff(office_unit, office)

    def secretariat(self, agency: Agency, opd: UnitPlan, name: str, head: PositionPlan) -> str | None:
        if not agency.has_secretariat:
            return None
        kind, unit_name, title = agency.secretariat or ("sekretariat", f"Sekretariat {name}", f"Sekretaris {name}")
        unit = self.unit(f"{agency.code}-SET", unit_name, kind, opd, agency.code)
        secretary = self.head(unit, title, "administrator", 2, head.code)
        for section_name, suffix, profile, weight in SECRETARIAT_SECTIONS:
            section = self.unit(f"{unit.code}-{suffix}", section_name, "subbagian", unit, agency.code, weight)
            self.head(section, f"Kepala {section_name}", "pengawas", 3, secretary.code)
            self.staff(section, PROFILES[profile])
        return secretary.code

    def career_paths(self) -> None:
        """Pelaksana -> head of their section; heads -> the post above; a functional level -> the next level
        of the same family, in the same unit or else in the same agency."""
        by_family: dict[tuple[str, str, str], list[str]] = {}
        for position in self.positions.values():
            if position.family:
                by_family.setdefault((position.agency, position.family, position.grade or ""), []).append(position.code)
        for position in self.positions.values():
            if position.level is not None:
                if not position.leads_to and position.reports_to:
                    position.leads_to = [position.reports_to]
            elif position.kind == "pelaksana":
                head = self.unit_by_code[position.unit].head
                if head:
                    position.leads_to = [head]
            elif position.grade in NEXT_GRADE:
                candidates = by_family.get((position.agency, position.family or "", NEXT_GRADE[position.grade]), [])
                same_unit = f"{position.unit}.{FAMILIES[position.family or ''].code}-"
                target = next((code for code in candidates if code.startswith(same_unit)),
                              candidates[0] if candidates else None)
                if target:
                    position.leads_to = [target]

    # people --------------------------------------------------------------------------------------------------

    def fill(self) -> tuple[list[EmployeePlan], dict[str, str | None]]:
        structural = [p for p in self.positions.values() if p.level is not None]
        pinned_posts, pinned_staff, supervisor_post = self.demo_posts()
        must = [p for p in structural if p.level <= 1 or p.code in pinned_posts]
        rest = [p for p in structural if p.level > 1 and p.code not in pinned_posts]
        budget = max(len(must), min(len(structural), int(self.total * STRUCTURAL_SHARE)))
        for level in (2, 3, 4):
            tier = [p for p in rest if p.level == level]
            self.rng.shuffle(tier)
            take = max(0, min(len(tier), budget - len(must)))
            must.extend(tier[:take])
        filled = {p.code for p in must}
        filled_sorted = [p for p in structural if p.code in filled]

        slots: list[tuple[PositionPlan, bool]] = [(p, True) for p in filled_sorted]
        slots += [(self.positions[code], True) for code in pinned_staff]
        staff_total = self.total - len(slots)
        if staff_total < 0:
            raise ValueError(f"the demo city needs at least {len(slots)} employees")
        slots += [(position, False) for position in self.allocate(staff_total)]

        eligible = sum(1 for position, pinned in slots
                       if not pinned and position.level is None and position.grade in PPPK_GRADES)
        pppk_chance = min(0.9, PPPK_SHARE * self.total / eligible) if eligible else 0.0

        holders: dict[str, str] = {}
        people: list[EmployeePlan] = []
        for position, pinned in slots:
            pppk = (not pinned and position.level is None and position.grade in PPPK_GRADES
                    and self.rng.random() < pppk_chance)
            person = self.person(position, "pppk" if pppk else "pns")
            people.append(person)
            if position.level is not None:
                holders[position.code] = person.nip
        for person in people:
            person.supervisor = self.supervisor(self.positions[person.position], holders)
        # The pinned staff follow the structural posts in ``slots``: HR, trainer, then the supervisor's pelaksana.
        first_staff = len(filled_sorted)
        accounts = {"admin": None, "hr": people[first_staff].nip, "trainer": people[first_staff + 1].nip,
                    "supervisor": holders[supervisor_post], "employee": people[first_staff + 2].nip}
        return people, accounts

    def demo_posts(self) -> tuple[set[str], list[str], str]:
        """Posts that must be filled for the demo accounts: the supervisor's chain and staff, HR, trainer."""
        def find(agency: str, name: str, under: str = "") -> PositionPlan:
            for position in self.positions.values():
                if position.agency == agency and position.name == name and position.unit.startswith(under):
                    return position
            raise LookupError(f"the demo city needs the position {name!r} in {agency}")

        supervisor = find("DISDUKCAPIL", "Kepala Seksi Identitas Penduduk")
        section = supervisor.unit
        section_staff = [p for p in self.positions.values() if p.unit == section and p.level is None]
        pelaksana = next(p for p in section_staff if p.kind == "pelaksana")
        others = [p for p in section_staff if p is not pelaksana][:2]
        hr = find("BKPSDM", "Analis SDM Aparatur Ahli Muda", "BKPSDM-B3")
        trainer = find("BKPSDM", "Widyaiswara Ahli Madya")
        chain = {supervisor.code}
        boss = supervisor.reports_to
        while boss:
            chain.add(boss)
            boss = self.positions[boss].reports_to
        chain.add(self.unit_by_code[trainer.unit].head or "")
        staff = [hr.code, trainer.code, pelaksana.code] + [p.code for p in others]
        return chain, staff, supervisor.code

    def allocate(self, count: int) -> list[PositionPlan]:
        """``count`` staff posts spread over the units by the agencies' sizes and the units' weights."""
        agency_weight: dict[str, float] = {}
        for unit in self.staff_units:
            agency_weight[unit.agency] = agency_weight.get(unit.agency, 0.0) + unit.staff_weight
        share_total = sum(self.agency_shares[code] for code in agency_weight)
        weights = [self.agency_shares[unit.agency] / share_total * unit.staff_weight / agency_weight[unit.agency]
                   * self.rng.uniform(0.8, 1.25) for unit in self.staff_units]
        scale = count / sum(weights)
        quotas = [weight * scale for weight in weights]
        counts = [math.floor(quota) for quota in quotas]
        by_remainder = sorted(range(len(quotas)), key=lambda i: counts[i] - quotas[i])
        for index in by_remainder[:count - sum(counts)]:
            counts[index] += 1
        unit_positions: dict[str, list[PositionPlan]] = {}
        for position in self.positions.values():
            if position.level is None:
                unit_positions.setdefault(position.unit, []).append(position)
        chosen: list[PositionPlan] = []
        for unit, number in zip(self.staff_units, counts, strict=True):
            candidates = unit_positions[unit.code]
            chosen.extend(self.rng.choices(candidates, weights=[p.weight for p in candidates], k=number))
        return chosen

    def supervisor(self, position: PositionPlan, holders: dict[str, str]) -> str | None:
        """The holder of the nearest filled post above ``position``."""
        boss = position.reports_to if position.level is not None else self.unit_head(position.unit)
        while boss is not None and boss not in holders:
            boss = self.positions[boss].reports_to
        return holders.get(boss) if boss else None

    def unit_head(self, unit_code: str | None) -> str | None:
        while unit_code is not None:
            unit = self.unit_by_code[unit_code]
            if unit.head:
                return unit.head
            unit_code = unit.parent
        return None

    def person(self, position: PositionPlan, employment_type: str) -> EmployeePlan:
        rng = self.rng
        gender = "P" if rng.random() < position.female else "L"
        style = rng.choices(list(NAME_STYLES.values()), weights=[s.weight for s in NAME_STYLES.values()])[0]
        name = self.name(style, gender)
        low, high, service = AGES[(position.kind, position.grade)]
        age = rng.randint(low, high)
        birth = self.birth_date(age)
        if employment_type == "pns":
            ranks = pns_rank_range(position.kind, position.grade, position.name)
            entry_age = rng.randint(22, max(22, min(35, age - service)))
            months = birth.month - 1 + rng.randint(0, 11)
            tmt = min((birth.year + entry_age + months // 12, months % 12 + 1), LAST_TMT)
            middle = f"{tmt[0]:04d}{tmt[1]:02d}"
        else:
            ranks = pppk_rank_range(position.kind, position.grade, position.name)[:2]
            years = [year for year, _weight in PPPK_YEARS if year >= birth.year + 22] or [LAST_TMT[0]]
            weights = [weight for year, weight in PPPK_YEARS if year in years] or [1]
            middle = f"{rng.choices(years, weights=weights)[0]:04d}21"  # NI PPPK: appointment year, then 21
        spread = (age - low) / max(1, high - low)
        rank = ranks[min(len(ranks) - 1, max(0, int((spread + rng.uniform(-0.3, 0.3)) * len(ranks))))]
        nip = self.nip(f"{birth:%Y%m%d}{middle}{1 if gender == 'L' else 2}")
        schooling = rank if employment_type == "pns" else _pns_ranks()[reference.PPPK_RANKS.index(rank)]
        front, back = self.titles(position, schooling, age, gender, style)
        email = None
        if position.level is not None or rng.random() < STAFF_EMAIL_SHARE:
            email = self.email(name)
        return EmployeePlan(nip, name, front, back, employment_type, rank, gender, birth, position.code,
                            position.unit, None, email, STAFF_LEVEL if position.level is None else position.level)

    def name(self, style: NameStyle, gender: str) -> str:
        rng = self.rng
        firsts, seconds = (style.male, style.male_second) if gender == "L" else (style.female, style.female_second)
        first = rng.choice(firsts)
        words = [first]
        if seconds and (first in NEEDS_SECOND or rng.random() < style.second):
            second = rng.choice(seconds)
            if second != first:
                words.append(second)
        prefix = style.male_prefix if gender == "L" else style.female_prefix
        if prefix and rng.random() < style.prefix:
            words.insert(0, prefix)
        given = " ".join(words)
        if style.surnames and rng.random() < style.surname:
            marga = rng.choice(style.surnames)
            if gender == "P" and rng.random() < style.boru:
                return f"{given} br. {marga}"
            return f"{given} {marga}"
        if len(words) == 1 and first in NEEDS_SECOND:
            return f"{given} {rng.choice(MUSLIM_FEMALE_2 if gender == 'P' else MUSLIM_MALE_2)}"
        return given

    def birth_date(self, age: int) -> date:
        """A birthday giving ``age`` full years on REFERENCE_DATE (never on 1 January itself)."""
        start = date(REFERENCE_DATE.year - 1 - age, 1, 2)
        return start + timedelta(days=self.rng.randint(0, (date(start.year, 12, 31) - start).days))

    def nip(self, prefix: str) -> str:
        """Prefix (birth date, TMT or appointment, gender digit) plus the next free sequence number."""
        sequence = self.nip_sequences.get(prefix, 0)
        while True:
            sequence += 1
            nip = f"{prefix}{sequence:03d}"
            if nip not in self.taken_nips:
                break
        self.nip_sequences[prefix] = sequence
        self.taken_nips.add(nip)
        return nip

    def email(self, name: str) -> str:
        words = [re.sub(r"[^a-z]", "", word.lower()) for word in name.replace(" br. ", " ").split()]
        words = [word for word in words if word and word not in ("tengku", "teuku", "cut")] or ["pegawai"]
        local = ".".join(dict.fromkeys([words[0], words[-1]]))
        candidate, number = local, 1
        while f"{candidate}@{EMAIL_DOMAIN}" in self.taken_emails:
            number += 1
            candidate = f"{local}{number}"
        email = f"{candidate}@{EMAIL_DOMAIN}"
        self.taken_emails.add(email)
        return email

    def titles(self, position: PositionPlan, rank: str, age: int, gender: str,
               style: NameStyle) -> tuple[str, str]:
        """Academic (and hajj) titles plausible for the position, its level and the person; ``rank`` is the
        PNS rank, or its equivalent for PPPK, which tells the schooling of a pelaksana."""
        rng = self.rng
        front: list[str] = []
        back: list[str] = []
        agency = self.agency_of.get(position.agency)
        if position.level is not None and agency is not None:
            level = position.level
            medical = agency.medical and level < 4 and rng.random() < (0.4 if level == 2 else 0.6)
            if rng.random() < {0: 0.3, 1: 0.25, 2: 0.08}.get(level, 0.0):
                front.append("Dr.")
            if medical:
                front.append("dr.")
            else:
                back.append(rng.choice(agency.s1))
            if rng.random() < {0: 1.0, 1: 1.0, 2: 0.7, 3: 0.35, 4: 0.2}[level]:
                back.append(rng.choice(("M.Kes.", "M.K.M.") if medical else agency.s2))
        elif position.family:
            family = FAMILIES[position.family]
            if position.kind == "fungsional_keahlian":
                if family.front:
                    front.append(family.front)
                if position.family == "Perawat":
                    front.append("Ns.")
                if family.s1[0]:
                    back.append(rng.choice(family.s1))
                chance = {AP: 0.08, AM: 0.35, AMD: 0.7}.get(position.grade or "", 0.0)
                if rng.random() < chance:
                    back.append(rng.choice(family.s2))
                if position.grade == AMD and not family.front and rng.random() < 0.3:
                    front.insert(0, "Dr.")
            elif family.d3 and rng.random() < 0.85:
                back.append(rng.choice(family.d3))
        elif rank.startswith("III"):
            back.append(rng.choice(("S.E.", "S.Sos.", "S.Kom.", "S.H.", "S.AP.", "S.Pd.", "S.I.Kom.")))
        elif rank in ("II/c", "II/d") and rng.random() < 0.6:
            back.append(rng.choice(("A.Md.", "A.Md.Kom.", "A.Md.Ak.")))
        if style.muslim and age >= 40 and rng.random() < 0.2:
            front.append("H." if gender == "L" else "Hj.")
        return " ".join(front), ", ".join(back)


def plan_city(employees: int, seed: int, taken_nips: set[str] | None = None,
              taken_emails: set[str] | None = None) -> CityPlan:
    """The whole demo city as plain data (no database access). Deterministic for a seed and the taken sets."""
    planner = _Planner(employees, seed, taken_nips or set(), taken_emails or set())
    planner.organisation()
    people, accounts = planner.fill()
    return CityPlan(planner.units, planner.positions, people, accounts)


# --- writing the plan ----------------------------------------------------------------------------------------------

def build_demo_city(employees: int, seed: int, close_past: bool = True) -> DemoResult:
    """Write the demo city (flush, no commit); when it already exists, change nothing and return its accounts.
    ``close_past=False`` leaves every past workshop waiting to be closed (faster: used by most tests)."""
    root = db.session.scalar(select(OrgUnit).where(OrgUnit.code == ROOT_CODE))
    if root is not None:
        return _existing_city(root)
    if not MIN_EMPLOYEES <= employees <= MAX_EMPLOYEES:
        raise DomainError(_("Jumlah pegawai kota demo harus antara %(low)d dan %(high)d.",
                            low=MIN_EMPLOYEES, high=MAX_EMPLOYEES), "employees")
    taken_nips = set(db.session.scalars(select(Employee.nip)))
    taken_emails = set(db.session.scalars(select(Employee.email).where(Employee.email.is_not(None))))
    plan = plan_city(employees, seed, taken_nips, taken_emails)
    _check_free(plan)
    password_hash = hash_password(DEMO_PASSWORD)  # once: scrypt is slow on purpose

    unit_ids = _insert_units(plan.units)
    position_ids = _insert_positions(plan, unit_ids)
    links = [{"position_id": position_ids[position.code], "next_position_id": position_ids[target]}
             for position in plan.positions.values() for target in position.leads_to]
    db.session.execute(insert(position_career_paths), links)
    invalidate_graph()
    employee_ids = _insert_employees(plan, unit_ids, position_ids)
    accounts = _insert_accounts(plan, employee_ids, password_hash)
    colleagues = _insert_colleague_trainers(plan, employee_ids, password_hash)
    # ASN and technical frameworks (installed when missing) and the requirements of every position.
    competency_counts = build_demo_competencies(seed, ROOT_CODE)
    competency_count = competency_counts["asn_competencies"] + competency_counts["technical_competencies"]
    # Last year's appraisal cycle before the catalogue: the ledger then shows this year's course completions
    # raising the levels that appraisal set, in the order they would have happened.
    hr_user = db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS["hr"][0]))
    appraisals = build_demo_appraisals(seed, ROOT_CODE, hr_actor=hr_user)
    catalogue = build_demo_catalogue(seed, {role: DEMO_ACCOUNTS[role][0] for role in ("trainer", "employee")},
                                     ROOT_CODE, close_past=close_past)

    pppk = sum(1 for person in plan.employees if person.employment_type == "pppk")
    counts = {"units": len(plan.units), "positions": len(plan.positions), "career_paths": len(links),
              "employees": len(plan.employees), "pns": len(plan.employees) - pppk, "pppk": pppk,
              "accounts": len(accounts) + colleagues, "competencies": competency_count,
              "prerequisites": competency_counts["prerequisites"],
              "requirements": competency_counts["requirements"], "appraisals": appraisals["appraisals"], "seed": seed}
    audit.record_many([audit.entry_values(
        None, "import", "org_unit", unit_ids[ROOT_CODE], f"{ROOT_NAME} (kota demo)", counts,
        note=f"Kota demo dibuat: {len(plan.employees)} pegawai, {len(plan.units)} unit, "
             f"{len(plan.positions)} jabatan, {competency_counts['requirements']} standar kompetensi jabatan "
             f"(seed {seed}).")])
    db.session.flush()
    logger.info("demo city created: %(employees)d employees, %(units)d units, %(positions)d positions, "
                "%(requirements)d requirements", counts)
    return DemoResult(True, len(plan.employees), len(plan.units), len(plan.positions), accounts,
                      competency_counts["requirements"], competency_count, catalogue["courses"],
                      catalogue["workshops"], catalogue["enrolments"], appraisals["appraisals"])


def _existing_city(root: OrgUnit) -> DemoResult:
    subtree = select(OrgUnit.id).where(OrgUnit.path.startswith(root.path, autoescape=True))
    units = db.session.scalar(select(func.count()).where(OrgUnit.path.startswith(root.path, autoescape=True)))
    positions = db.session.scalar(select(func.count()).where(Position.unit_id.in_(subtree)))
    employees = db.session.scalar(select(func.count()).where(Employee.unit_id.in_(subtree)))
    emails = [email for email, _roles in DEMO_ACCOUNTS.values()]
    logins = dict(db.session.execute(
        select(User.email, Employee.nip).outerjoin(Employee, User.employee_id == Employee.id)
        .where(User.email.in_(emails))).all())
    accounts = [DemoAccount(role, logins[email] or email, email, DEMO_PASSWORD)
                for role, (email, _roles) in DEMO_ACCOUNTS.items() if email in logins]
    requirements = db.session.scalar(select(func.count()).select_from(Requirement).where(
        Requirement.position_id.in_(select(Position.id).where(Position.unit_id.in_(subtree)))))
    catalogue = catalogue_counts()
    return DemoResult(False, employees or 0, units or 0, positions or 0, accounts, requirements or 0,
                      requirable_competency_count(), catalogue["courses"], catalogue["workshops"],
                      catalogue["enrolments"], appraisal_count())


def _check_free(plan: CityPlan) -> None:
    """Refuse, before writing anything, when codes or account e-mails of the plan are already in use."""
    clashes = list(db.session.scalars(select(OrgUnit.code).where(OrgUnit.code.in_([u.code for u in plan.units]))))
    clashes += db.session.scalars(select(Position.code).where(Position.code.in_(list(plan.positions))))
    clashes += db.session.scalars(select(User.email).where(
        User.email.in_([email for email, _roles in DEMO_ACCOUNTS.values()])))
    if clashes:
        raise DomainError(_("Kota demo tidak dapat dibuat: kode atau e-mail berikut sudah dipakai: %(items)s.",
                            items=", ".join(sorted(clashes)[:5])))


def _insert_returning_keys(model: type, key: str, rows: list[dict]) -> dict[str, int]:
    """Bulk-insert ``rows`` and return {natural key: id}, in multi-row statements.

    A Core insert into the table, RETURNING the key with the id: the ORM's bulk insert asks for the ids in
    parameter order, which makes SQLite fall back to one row per statement (minutes for 15,000 employees).
    """
    table = model.__table__  # type: ignore[attr-defined]
    ids = dict(db.session.execute(insert(table).returning(table.c[key], table.c.id), rows).all())
    if len(ids) != len(rows):
        raise RuntimeError(f"bulk insert into {table.name} returned {len(ids)} ids for {len(rows)} rows")
    return ids


def _insert_units(units: list[UnitPlan]) -> dict[str, int]:
    """Insert the tree level by level (parents first, ids read back by RETURNING), then set every path."""
    depth: dict[str, int] = {}
    for unit in units:
        depth[unit.code] = 0 if unit.parent is None else depth[unit.parent] + 1
    ids: dict[str, int] = {}
    for level in range(max(depth.values()) + 1):
        batch = [unit for unit in units if depth[unit.code] == level]
        rows = [{"code": unit.code, "name": unit.name, "kind": unit.kind, "path": "",
                 "parent_id": ids[unit.parent] if unit.parent else None} for unit in batch]
        ids.update(_insert_returning_keys(OrgUnit, "code", rows))
    paths: dict[str, str] = {}
    for unit in units:
        paths[unit.code] = f"{paths[unit.parent] if unit.parent else '/'}{ids[unit.code]}/"
    db.session.execute(update(OrgUnit), [{"id": ids[code], "path": path} for code, path in paths.items()])
    return ids


def _insert_positions(plan: CityPlan, unit_ids: dict[str, int]) -> dict[str, int]:
    positions = list(plan.positions.values())
    rows = [{"code": p.code, "name": p.name, "kind": p.kind, "grade": p.grade, "unit_id": unit_ids[p.unit]}
            for p in positions]
    return _insert_returning_keys(Position, "code", rows)


def _insert_employees(plan: CityPlan, unit_ids: dict[str, int], position_ids: dict[str, int]) -> dict[str, int]:
    """Insert supervisors before their staff (one statement per level), so supervisor ids are known."""
    now = utcnow()
    ids: dict[str, int] = {}
    for level in sorted({person.level for person in plan.employees}):
        batch = [person for person in plan.employees if person.level == level]
        rows = [{"nip": e.nip, "name": e.name, "front_title": e.front_title, "back_title": e.back_title,
                 "employment_type": e.employment_type, "rank_code": e.rank_code, "gender": e.gender,
                 "birth_date": e.birth_date, "position_id": position_ids[e.position], "unit_id": unit_ids[e.unit],
                 "supervisor_id": ids[e.supervisor] if e.supervisor else None, "email": e.email,
                 "is_active": True, "created_at": now, "updated_at": now} for e in batch]
        ids.update(_insert_returning_keys(Employee, "nip", rows))
    return ids


def _insert_colleague_trainers(plan: CityPlan, employee_ids: dict[str, int], password_hash: str) -> int:
    """Trainer accounts (log-in by NIP, the demo password) for the other widyaiswara and experts (fungsional
    keahlian) of BKPSDM, who teach the demo classes the demo trainer does not."""
    codes = {code for code, position in plan.positions.items()
             if position.agency == "BKPSDM" and position.kind == "fungsional_keahlian"}
    taken = set(plan.accounts.values())
    nips = [person.nip for person in plan.employees if person.position in codes and person.nip not in taken]
    nips = nips[:COLLEAGUE_TRAINERS]
    db.session.add_all([User(employee_id=employee_ids[nip], password_hash=password_hash, is_enabled=True,
                             must_change_password=False, session_version=1,
                             role_rows=[UserRole(role="employee"), UserRole(role="trainer")]) for nip in nips])
    db.session.flush()
    return len(nips)


def _insert_accounts(plan: CityPlan, employee_ids: dict[str, int], password_hash: str) -> list[DemoAccount]:
    accounts = []
    for role, (email, roles) in DEMO_ACCOUNTS.items():
        nip = plan.accounts[role]
        db.session.add(User(email=email, employee_id=employee_ids[nip] if nip else None, password_hash=password_hash,
                            is_enabled=True, must_change_password=False, session_version=1,
                            role_rows=[UserRole(role=name) for name in roles]))
        accounts.append(DemoAccount(role, nip or email, email, DEMO_PASSWORD))
    db.session.flush()
    return accounts
