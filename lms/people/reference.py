"""Reference facts shipped with the product (copied from the civil-service regulations into lms/data)."""

import csv
from functools import cache
from importlib import resources

from flask_babel import lazy_gettext as _l

from lms.people.models import PPPK_TYPES

# PPPK employees have their own grades, I..XVII (Perpres 98/2020).
PPPK_RANKS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
              "XV", "XVI", "XVII")

POSITION_KIND_LABELS = {
    "jpt": _l("JPT"),
    "administrator": _l("Administrator"),
    "pengawas": _l("Pengawas"),
    "fungsional_keahlian": _l("Fungsional Keahlian"),
    "fungsional_keterampilan": _l("Fungsional Keterampilan"),
    "pelaksana": _l("Pelaksana"),
}

UNIT_KIND_LABELS = {
    "pemkot": _l("Pemerintah Kota"),
    "opd": _l("Perangkat Daerah (OPD)"),
    "sekretariat": _l("Sekretariat"),
    "bagian": _l("Bagian"),
    "bidang": _l("Bidang"),
    "subbagian": _l("Subbagian"),
    "seksi": _l("Seksi"),
    "upt": _l("UPT"),
}


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("lms").joinpath("data", name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def pns_ranks() -> dict[str, str]:
    """Rank code (III/a) -> rank title (Penata Muda), in ascending order."""
    return {row["kode"]: row["pangkat"] for row in _rows("golongan-pns.csv")}


@cache
def position_grades() -> dict[str, tuple[str, ...]]:
    """Position kind -> its levels (jenjang) in descending order; empty when the kind has none."""
    grades: dict[str, list[str]] = {}
    for row in _rows("jenis-jabatan.csv"):
        kind = row["jenis"].lower().replace(" ", "_")
        grades.setdefault(kind, [])
        if row["jenjang"]:
            grades[kind].append(row["jenjang"])
    return {kind: tuple(levels) for kind, levels in grades.items()}


@cache
def city_agencies() -> list[tuple[str, str]]:
    """(abbreviation, full name) of Kota Medan's agencies (OPD)."""
    return [(row["singkatan"], row["nama"]) for row in _rows("opd-kota-medan.csv")]


def ranks_for(employment_type: str) -> tuple[str, ...]:
    return tuple(pns_ranks()) if employment_type == "pns" else PPPK_RANKS


def number_label(employment_type: str) -> str:
    """What the 18-digit number is called: NIP for PNS, NI PPPK (Nomor Induk PPPK) for PPPK (data/reference/pppk.md)."""
    return "NI PPPK" if employment_type in PPPK_TYPES else "NIP"


def rank_title(employment_type: str, rank_code: str) -> str:
    if employment_type == "pns":
        return pns_ranks().get(rank_code, "")
    return f"Golongan PPPK {rank_code}"
