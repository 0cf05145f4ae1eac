"""The appraisal rules as pure functions, with worked numbers (consolidation's worked examples run through the
database, in test_appraisal_services)."""

from fractions import Fraction

import pytest

from competencies.appraisals.rules import (
    RatingCheck,
    achievement_ratio,
    behaviour_rating,
    core_value_names,
    performance_matrix,
    performance_rating,
    rating_problems,
    renormalised_weights,
    result_rating,
    suggested_level,
)

# Three levels with three indicators each: ids 11-13, 21-23, 31-33.
LEVELS = {1: [11, 12, 13], 2: [21, 22, 23], 3: [31, 32, 33]}
WEIGHTS = {"assessor": 40, "supervisor": 30, "peer": 15, "self": 15}


@pytest.mark.parametrize(("observed", "expected"), [
    ([], 0),
    ([11], 0),                          # one of three is not "mostly"
    ([11, 12], 1),
    ([11, 12, 21, 22], 2),
    ([11, 12, 13, 21, 22, 23, 31, 32, 33], 3),
    ([21, 22, 23, 31, 32, 33], 0),      # higher levels do not count while level 1 is not shown
    ([11, 12, 21, 31, 32, 33], 1),      # level 2 not mostly observed: level 3 does not count either
])
def test_the_suggested_level_is_the_highest_with_every_lower_level_mostly_observed(observed, expected):
    assert suggested_level(LEVELS, observed) == expected


def test_levels_without_indicators_neither_count_nor_block():
    assert suggested_level({1: [11, 12], 2: [], 3: [31]}, [11, 12, 31]) == 3
    assert suggested_level({1: [], 2: []}, []) is None


def test_half_of_an_even_number_of_indicators_is_not_mostly():
    assert suggested_level({1: [1, 2, 3, 4]}, [1, 2]) == 0
    assert suggested_level({1: [1, 2, 3, 4]}, [1, 2, 3]) == 1


@pytest.mark.parametrize(("check", "needs"), [
    (RatingCheck(2, 2, 2, "", ""), []),
    (RatingCheck(None, 2, 2, "", ""), ["Pilih level"]),
    (RatingCheck(3, 2, 3, "", ""), ["berbeda dari level yang didukung"]),
    (RatingCheck(3, 2, 3, "Sering memimpin rapat koordinasi", ""), []),
    (RatingCheck(1, 2, 2, "", ""), ["berbeda dari level yang didukung"]),
    (RatingCheck(3, 3, 2, "", ""), ["di atas level yang dipersyaratkan"]),
    (RatingCheck(3, 3, 2, "", "Menyusun SOP baru, Mei 2026"), []),
    (RatingCheck(4, 2, 2, "", ""), ["berbeda dari level yang didukung", "di atas level yang dipersyaratkan"]),
    (RatingCheck(2, None, 2, "", ""), ["tidak memiliki indikator"]),
    (RatingCheck(2, 2, 2, "   ", "  "), []),
])
def test_what_a_rating_must_explain(app, check, needs):
    with app.test_request_context():
        problems = rating_problems(check)
    assert len(problems) == len(needs)
    for problem, need in zip(problems, needs, strict=True):
        assert need in problem


def test_renormalised_weights_show_each_kinds_share():
    shares = renormalised_weights(WEIGHTS, ["supervisor", "self"])
    assert shares == {"supervisor": Fraction(2, 3), "self": Fraction(1, 3)}


@pytest.mark.parametrize(("ratio", "expected"), [
    (None, None), (0.5, "di_bawah_ekspektasi"), (0.899, "di_bawah_ekspektasi"), (0.9, "sesuai_ekspektasi"),
    (1.0, "sesuai_ekspektasi"), (1.099, "sesuai_ekspektasi"), (1.1, "di_atas_ekspektasi"),
])
def test_hasil_kerja_follows_the_thresholds(ratio, expected):
    assert result_rating(ratio, 0.9, 1.1) == expected


def test_the_achievement_ratio_waits_for_every_realisation():
    assert achievement_ratio([(100, 90), (10, 12)]) == pytest.approx((0.9 + 1.2) / 2)
    assert achievement_ratio([(100, 90), (10, None)]) is None
    assert achievement_ratio([]) is None


def test_perilaku_kerja_from_the_seven_core_values():
    keys = list(core_value_names())
    assert len(keys) == 7

    def rated(above: int, below: int) -> dict[str, str]:
        values = ["di_atas_ekspektasi"] * above + ["di_bawah_ekspektasi"] * below
        values += ["sesuai_ekspektasi"] * (7 - len(values))
        return dict(zip(keys, values, strict=True))

    assert behaviour_rating(rated(0, 0), keys) == "sesuai_ekspektasi"
    assert behaviour_rating(rated(4, 0), keys) == "di_atas_ekspektasi"   # mean 4/7 >= 1/2
    assert behaviour_rating(rated(3, 0), keys) == "sesuai_ekspektasi"    # 3/7 < 1/2
    assert behaviour_rating(rated(0, 4), keys) == "di_bawah_ekspektasi"
    assert behaviour_rating(rated(5, 1), keys) == "di_atas_ekspektasi"   # 4/7
    assert behaviour_rating({keys[0]: "sesuai_ekspektasi"}, keys) is None


def test_the_official_matrix_is_complete_and_read_from_the_reference_file():
    matrix = performance_matrix()
    assert len(matrix) == 9
    assert performance_rating("di_atas_ekspektasi", "di_atas_ekspektasi") == "sangat_baik"
    assert performance_rating("sesuai_ekspektasi", "sesuai_ekspektasi") == "baik"
    assert performance_rating("di_atas_ekspektasi", "di_bawah_ekspektasi") == "kurang"
    assert performance_rating("di_bawah_ekspektasi", "di_atas_ekspektasi") == "butuh_perbaikan"
    assert performance_rating("di_bawah_ekspektasi", "di_bawah_ekspektasi") == "sangat_kurang"
    assert performance_rating(None, "baik") is None
