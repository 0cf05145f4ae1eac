"""SIASN's kinds of training, as BKN's web service keys a riwayat diklat or kursus (reference lists "jenis diklat"
and "latihan struktural"; shared/data/reference/siasn-jenis-diklat.csv and siasn-latihan-struktural.csv, taken
from a snapshot of SIASN's reference data; ids and certificate codes verified there).

Structural leadership training (jenis 1) goes to SIASN's ``diklat/save`` with a ``latihanStrukturalId``; every
other kind to ``kursus/save`` with its ``jenisDiklatId`` and the kind's default ``jenisKursusSertipikat`` code.
The names are SIASN's own (Indonesian in either language of the interface: they are the official list).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiasnKind:
    name: str
    certificate_code: str  # jenisKursusSertipikat: T, F or P


STRUCTURAL = 1  # Diklat Struktural: needs a latihanStrukturalId
TECHNICAL = 3  # Diklat Teknis: the kind most of a city's own training is

JENIS_DIKLAT = {
    1: SiasnKind("Diklat Struktural", "T"),
    2: SiasnKind("Diklat Fungsional", "F"),
    3: SiasnKind("Diklat Teknis", "T"),
    4: SiasnKind("Workshop", "P"),
    5: SiasnKind("Pelatihan Manajerial", "T"),
    6: SiasnKind("Pelatihan Sosial Kultural", "T"),
    7: SiasnKind("Sosialisasi", "P"),
    8: SiasnKind("Bimbingan Teknis", "T"),
    9: SiasnKind("Seminar", "P"),
    10: SiasnKind("Magang", "T"),
    11: SiasnKind("Kursus", "T"),
    12: SiasnKind("Penataran", "T"),
    13: SiasnKind("Pengembangan Kompetensi Dalam Bentuk Pelatihan klasikal lainnya", "T"),
    14: SiasnKind("Coaching", "T"),
    15: SiasnKind("Mentoring", "T"),
    16: SiasnKind("E-Learning", "T"),
    17: SiasnKind("Pelatihan Jarak Jauh", "T"),
    18: SiasnKind("Detasering (Secondment)", "T"),
    19: SiasnKind("Pembelajaran Alam Terbuka (Outbond)", "T"),
    20: SiasnKind("Patok Banding (Benchmarking)", "T"),
    21: SiasnKind("Pertukaran Antara Pns Dengan Pegawai Swasta/Badan Usaha Milik Negara/ Badan Usaha Milik Daerah",
                   "T"),
    22: SiasnKind("Belajar Mandiri (Self Development)", "T"),
    23: SiasnKind("Komunitas Belajar (Community Of Practices)", "T"),
    24: SiasnKind("Bimbingan Di Tempat Kerja", "T"),
    25: SiasnKind("Pengembangan Kompetensi Dalam Bentuk Pelatihan Nonklasikal Lainnya", "T"),
}

# latihanStrukturalId: SIASN still names them after the old leadership training (Diklatpim).
LATIHAN_STRUKTURAL = {
    1: "SEPADA",
    2: "SEPALA/ADUM/DIKLAT PIM TK.IV",
    3: "SEPADYA/SPAMA/DIKLAT PIM TK. III",
    4: "SPAMEN/SESPA/SESPANAS/DIKLAT PIM TK. II",
    5: "SEPATI/DIKLAT PIM TK. I",
    6: "SESPIM",
    7: "SESPATI",
    8: "Diklat Struktural Lainnya",
}

# The kind a new course of each modality starts with (HR may choose another).
MODALITY_KINDS = {"pelatihan": TECHNICAL, "workshop": 4, "seminar": 9, "e_learning": 16, "coaching": 14,
                  "mentoring": 15, "magang": 10}


def kind_label(kind_id: int, structural_id: int | None = None) -> str:
    """"Diklat Teknis", or "Diklat Struktural – SEPALA/ADUM/DIKLAT PIM TK.IV"."""
    name = JENIS_DIKLAT[kind_id].name
    return f"{name} – {LATIHAN_STRUKTURAL[structural_id]}" if structural_id else name


def kind_choices() -> list[tuple[int, str]]:
    return [(kind_id, f"{kind_id}. {kind.name}") for kind_id, kind in JENIS_DIKLAT.items()]


def structural_choices() -> list[tuple[int, str]]:
    return [(structural_id, f"{structural_id}. {name}") for structural_id, name in LATIHAN_STRUKTURAL.items()]


def kind_constraints(kind_column: str, structural_column: str) -> tuple[str, str]:
    """Check constraints of a table holding a SIASN kind: a known id, and a structural id exactly with kind 1."""
    return (f"{kind_column} IN {tuple(JENIS_DIKLAT)!r}",
            f"({kind_column} = {STRUCTURAL}) = ({structural_column} IS NOT NULL) AND "
            f"({structural_column} IS NULL OR {structural_column} IN {tuple(LATIHAN_STRUKTURAL)!r})")
