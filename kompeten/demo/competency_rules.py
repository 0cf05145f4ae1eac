"""Which technical competencies a position of the demo city needs, and at which level: keyword rules on unit
names (support units, each agency, generic words), the profile of each agency, the own competency of each
functional family and pelaksana job, and the levels and counts by kind of position. Data read by the planner
of :mod:`kompeten.demo.competencies`."""

from __future__ import annotations

from dataclasses import dataclass

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
