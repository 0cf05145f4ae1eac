"""The people of the demo Kota Medan: names as they are given in Medan, ages, and the golongan that fit a
position (reference tables the planner of :mod:`kompeten.demo.plan` reads)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kompeten.demo.positions import AM, AMD, AP, MH, PELAKSANA, PY, TR
from lms.people import reference

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
def pns_ranks() -> tuple[str, ...]:
    return tuple(reference.pns_ranks())


def rank_span(low: str, high: str) -> tuple[str, ...]:
    ranks = pns_ranks()
    return ranks[ranks.index(low):ranks.index(high) + 1]


def pns_rank_range(kind: str, grade: str | None, name: str) -> tuple[str, ...]:
    """The PNS ranks (golongan) plausible for a position."""
    if kind == "pelaksana":
        return rank_span(*PELAKSANA[name].ranks)
    return rank_span(*RANK_RANGES[(kind, grade)])


def pppk_rank_range(kind: str, grade: str | None, name: str) -> tuple[str, ...]:
    """PPPK grades by salary equivalence with the PNS ranks (V ~ II/a, IX ~ III/a, XIII ~ IV/a)."""
    ranks = pns_ranks()
    return tuple(reference.PPPK_RANKS[ranks.index(rank)] for rank in pns_rank_range(kind, grade, name))
