"""The organisation of the demo Kota Medan: its agencies (OPD) with their sekretariat, bidang, seksi and UPTs
(such as the 41 puskesmas), and which families of positions and staff profiles each unit holds (named here,
described in :mod:`kompeten.demo.positions`). Reference tables the planner of :mod:`kompeten.demo.plan` reads."""

from __future__ import annotations

from dataclasses import dataclass

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
