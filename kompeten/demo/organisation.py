"""The organisation of the demo Kota Medan: its agencies (OPD) with their sekretariat, bidang, seksi and UPTs,
and the families of positions each unit holds (reference tables the planner of :mod:`kompeten.demo.plan` reads).
Mostly data, hence its length."""

from __future__ import annotations

from dataclasses import dataclass

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
