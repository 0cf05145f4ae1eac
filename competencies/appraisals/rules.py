"""The rules of an appraisal as pure functions (no database): the level ticked indicators support, what a rating
must explain, the weights of the rater kinds, and the performance (SKP) ratings. How ratings combine is SQL, in
:mod:`competencies.appraisals.consolidation`."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from flask_babel import gettext as _

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")


def suggested_level(indicators_by_level: Mapping[int, Iterable[int]], observed: Iterable[int]) -> int | None:
    """The highest level whose indicators are mostly (more than half) observed, every lower level included.

    Levels without indicators neither count nor block. None when the competency has no indicators at all (the
    rater's level then always needs a justification); 0 when level 1 is not mostly observed.
    """
    seen = set(observed)
    suggestion = None
    for level in sorted(indicators_by_level):
        ids = set(indicators_by_level[level])
        if not ids:
            continue
        if 2 * len(ids & seen) <= len(ids):
            return suggestion if suggestion is not None else 0
        suggestion = level
    return suggestion


@dataclass(frozen=True)
class RatingCheck:
    """What the rules need to know of one rating."""

    level: int | None
    suggested: int | None
    required: int
    justification: str
    evidence_note: str


def rating_problems(check: RatingCheck) -> list[str]:
    """Why a rating cannot be submitted as it is (empty when it can)."""
    if check.level is None:
        return [_("Pilih level.")]
    problems = []
    if check.level != check.suggested and not check.justification.strip():
        if check.suggested is None:
            problems.append(_("Kompetensi ini tidak memiliki indikator: tuliskan alasan level yang dipilih."))
        else:
            problems.append(_("Level %(level)d berbeda dari level yang didukung indikator (%(suggested)d): "
                              "tuliskan alasannya.", level=check.level, suggested=check.suggested))
    if check.level > check.required and not check.evidence_note.strip():
        problems.append(_("Level %(level)d di atas level yang dipersyaratkan (%(required)d): tuliskan bukti yang "
                          "diamati (apa dan kapan).", level=check.level, required=check.required))
    return problems


def renormalised_weights(weights: Mapping[str, int], kinds: Iterable[str]) -> dict[str, Fraction]:
    """The share of each kind among ``kinds`` (for showing how an employee's result was weighed)."""
    present = [kind for kind in kinds if weights.get(kind)]
    total = sum(weights[kind] for kind in present)
    return {kind: Fraction(weights[kind], total) for kind in present} if total else {}


def achievement_ratio(targets: Iterable[tuple[float, float | None]]) -> float | None:
    """Mean of realisation / target over the work targets; None while a target has no realisation (or none
    exists)."""
    pairs = list(targets)
    if not pairs or any(actual is None for _target, actual in pairs):
        return None
    return sum(actual / target for target, actual in pairs) / len(pairs)


def result_rating(ratio: float | None, below: float, above: float) -> str | None:
    """Hasil kerja from the achievement ratio and the configured thresholds."""
    if ratio is None:
        return None
    if ratio < below:
        return "di_bawah_ekspektasi"
    return "di_atas_ekspektasi" if ratio >= above else "sesuai_ekspektasi"


EXPECTATION_SCORES = {"di_bawah_ekspektasi": -1, "sesuai_ekspektasi": 0, "di_atas_ekspektasi": 1}


def behaviour_rating(core_values: Mapping[str, str], keys: Iterable[str]) -> str | None:
    """Perilaku kerja from the seven BerAKHLAK ratings: their mean on -1 / 0 / +1, from +0.5 "di atas", to -0.5
    "di bawah", "sesuai" in between. None until every value is rated."""
    values = [core_values.get(key) for key in keys]
    if not values or any(value not in EXPECTATION_SCORES for value in values):
        return None
    mean = Fraction(sum(EXPECTATION_SCORES[value] for value in values), len(values))
    if mean >= Fraction(1, 2):
        return "di_atas_ekspektasi"
    return "di_bawah_ekspektasi" if mean <= Fraction(-1, 2) else "sesuai_ekspektasi"


PERFORMANCE_RATING_CODES = {"Sangat Baik": "sangat_baik", "Baik": "baik", "Butuh Perbaikan": "butuh_perbaikan",
                            "Kurang/Misconduct": "kurang", "Sangat Kurang": "sangat_kurang"}


@cache
def performance_matrix() -> dict[tuple[str, str], str]:
    """(hasil kerja, perilaku kerja) -> predikat kinerja, from the official matrix (PermenPANRB 6/2022)."""
    with open(os.path.join(DATA_DIR, "predikat-kinerja.csv"), encoding="utf-8") as handle:
        return {(row["hasil_kerja"], row["perilaku_kerja"]): PERFORMANCE_RATING_CODES[row["predikat"]]
                for row in csv.DictReader(handle)}


@cache
def core_value_names() -> dict[str, str]:
    """The BerAKHLAK values, {key: name} in their official order."""
    with open(os.path.join(DATA_DIR, "berakhlak.csv"), encoding="utf-8") as handle:
        return {row["kunci"]: row["nilai_dasar"] for row in csv.DictReader(handle)}


def performance_rating(result: str | None, behaviour: str | None) -> str | None:
    if result is None or behaviour is None:
        return None
    return performance_matrix()[(result, behaviour)]
