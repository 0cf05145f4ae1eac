"""The positions of the demo Kota Medan: the functional families (jabatan fungsional) with their grades, titles
and share of women, the pelaksana jobs, and the staff profiles of the kinds of units (reference tables the
planner of :mod:`kompeten.demo.plan` and the people of :mod:`kompeten.demo.people` read)."""

from __future__ import annotations

from dataclasses import dataclass

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
