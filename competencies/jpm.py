"""Job Person Match (JPM) as BKN computes it, and its categories: the one implementation every page, report
and export uses.

The rule, with its sources (data/reference/jpm-bkn.md):

- JPM = sum of the levels the employee achieved / sum of the levels the position's standar kompetensi jabatan
  requires x 100: a ratio of sums, not a mean of per-competency ratios. The comparison of achieved with required
  levels is the one of the regulation on uji kompetensi for JFKK inpassing (Berita Negara 2020 Nomor 35, part D
  "Kelulusan Uji Kompetensi"); assessment-centre reports write it "total individual score X of the total standard
  Y = Z% JPM". A competency without evidence counts level 0, as in the gap analysis. Worked example: 24 / 27 =
  88.89%.
- The figure is rounded to two decimals, as those reports write it (88.89%), and the category is read from the
  rounded figure, so that the figure shown and its category always agree.
- Categories, each lower bound inclusive (exactly 90 is Optimal, exactly 68 is Masih Memenuhi Syarat):
  - mapping (pemetaan), beside every JPM: Optimal >= 90, Cukup Optimal >= 78, Kurang Optimal below. Seen in public
    assessment software only; often attributed to Peraturan BKN 26/2019, whose text was not seen (unverified).
  - selection (seleksi, promosi, uji kompetensi), where a person is compared with a position they may move to:
    Memenuhi Syarat >= 80, Masih Memenuhi Syarat >= 68, Kurang Memenuhi Syarat below (the same Berita Negara
    2020 Nomor 35 regulation; the JFKK test passes from Masih Memenuhi Syarat).
  Instances set their own schemes (Permen KKP 39/2023 Pasal 52 uses 91 / 85 and 85 / 75), so all four bounds are
  settings with these values as defaults: ``JPM_OPTIMAL_FROM``, ``JPM_FAIRLY_OPTIMAL_FROM``,
  ``JPM_QUALIFIED_FROM``, ``JPM_STILL_QUALIFIED_FROM``.
- Capping: no regulation says. ``JPM_CAP_PER_COMPETENCY`` (default off: no implementation seen counts a level
  above the standard as the standard) counts each achieved level only up to its required level;
  ``JPM_CAP_AT_100`` (default on, as one public assessment system does before categorising) shows and
  categorises the total at 100 at most. With Integritas 4 instead of 3 the worked example gives 25 / 27 = 92.59%
  (Optimal) uncapped and 24 / 27 = 88.89% (Cukup Optimal) capped per competency.
- Weights: every public implementation sums managerial, socio-cultural and technical levels alike, which is the
  default (``JPM_TECHNICAL_WEIGHT`` None). The JFKK regulation weighs technical against managerial plus
  socio-cultural by level (Ahli Madya 40/60, Ahli Muda 50/50, Ahli Pertama 60/40); with ``JPM_TECHNICAL_WEIGHT``
  set to a percentage, JPM = that share of the technical ratio plus the rest of the managerial and socio-cultural
  ratio (each a ratio of sums); a position requiring only one of the two groups gets that group's ratio.
- The requirement weight (critical / normal) is this application's own: it orders gaps and the training plan and
  plays no part in JPM.

Callers sum the levels, either in SQL (:func:`sum_columns`, then :func:`sums_from_row`) or in memory
(:func:`sums_of`), and :func:`value` turns the sums into the figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, case, func

from competencies.ledger import EVIDENCE_SOURCE_LABELS

TECHNICAL = "teknis"  # Competency.type of technical competencies; the others are managerial or socio-cultural
MAPPING = "mapping"
SELECTION = "selection"
PURPOSES = (MAPPING, SELECTION)


# --- the rule (settings) ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """How JPM is computed and categorised; the defaults are the values of the module docstring."""

    cap_per_competency: bool = False
    cap_at_100: bool = True
    technical_weight: float | None = None  # percent of the technical ratio; None: every competency alike
    optimal_from: float = 90.0
    fairly_optimal_from: float = 78.0
    qualified_from: float = 80.0
    still_qualified_from: float = 68.0

    def __post_init__(self) -> None:
        if self.technical_weight is not None and not 0 <= self.technical_weight <= 100:
            raise ValueError("JPM_TECHNICAL_WEIGHT must be a percentage between 0 and 100, or null")
        for name, upper, lower in (("JPM_OPTIMAL_FROM / JPM_FAIRLY_OPTIMAL_FROM", self.optimal_from,
                                    self.fairly_optimal_from),
                                   ("JPM_QUALIFIED_FROM / JPM_STILL_QUALIFIED_FROM", self.qualified_from,
                                    self.still_qualified_from)):
            if not 0 < lower < upper <= 100:
                raise ValueError(f"{name} must satisfy 0 < lower < upper <= 100 (got {upper} / {lower})")

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Rule:
        weight = config.get("JPM_TECHNICAL_WEIGHT")
        return cls(cap_per_competency=bool(config.get("JPM_CAP_PER_COMPETENCY", False)),
                   cap_at_100=bool(config.get("JPM_CAP_AT_100", True)),
                   technical_weight=None if weight is None else float(weight),
                   optimal_from=float(config.get("JPM_OPTIMAL_FROM", 90)),
                   fairly_optimal_from=float(config.get("JPM_FAIRLY_OPTIMAL_FROM", 78)),
                   qualified_from=float(config.get("JPM_QUALIFIED_FROM", 80)),
                   still_qualified_from=float(config.get("JPM_STILL_QUALIFIED_FROM", 68)))


def current_rule() -> Rule:
    """The rule of the running application's configuration."""
    return Rule.from_config(current_app.config)


# --- sums and the figure ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sums:
    """Required and achieved levels of one person's requirements, technical and the others apart (achieved
    levels already capped at the requirement when the rule says so)."""

    technical_required: int = 0
    technical_achieved: int = 0
    other_required: int = 0
    other_achieved: int = 0

    @property
    def required(self) -> int:
        return self.technical_required + self.other_required

    @property
    def achieved(self) -> int:
        return self.technical_achieved + self.other_achieved


def achieved_level(required: int, current: int, rule: Rule) -> int:
    return min(current, required) if rule.cap_per_competency else current


def sums_of(requirements: Iterable[tuple[int, int, str]], rule: Rule) -> Sums:
    """The sums of (required level, current level, competency type) rows."""
    totals = [0, 0, 0, 0]
    for required, current, competency_type in requirements:
        offset = 0 if competency_type == TECHNICAL else 2
        totals[offset] += required
        totals[offset + 1] += achieved_level(required, current, rule)
    return Sums(*totals)


def _ratio(achieved: int, required: int) -> float:
    return 100 * achieved / required


def value(sums: Sums, rule: Rule) -> float | None:
    """JPM in percent, rounded to two decimals; None without requirements."""
    if not sums.required:
        return None
    if rule.technical_weight is None or not sums.technical_required or not sums.other_required:
        figure = _ratio(sums.achieved, sums.required)
    else:
        share = rule.technical_weight / 100
        figure = (share * _ratio(sums.technical_achieved, sums.technical_required)
                  + (1 - share) * _ratio(sums.other_achieved, sums.other_required))
    if rule.cap_at_100:
        figure = min(figure, 100.0)
    return round(figure, 2)


def of_requirements(requirements: Iterable[tuple[int, int, str]], rule: Rule | None = None) -> float | None:
    """JPM of (required level, current level, competency type) rows, by the application's rule by default."""
    rule = rule or current_rule()
    return value(sums_of(requirements, rule), rule)


SUM_LABELS = ("jpm_technical_required", "jpm_technical_achieved", "jpm_other_required", "jpm_other_achieved")


def sum_columns(required: Any, current: Any, competency_type: Any, rule: Rule) -> list[ColumnElement]:
    """The four sums of :class:`Sums` as labelled aggregate columns of a grouped query (one group per person),
    given the SQL expressions of the required level, the current level (0 without evidence) and the
    competency's type. Rows without a requirement (an outer join) add nothing."""
    achieved = case((current > required, required), else_=current) if rule.cap_per_competency else current
    technical = competency_type == TECHNICAL
    other = competency_type != TECHNICAL  # NULL (no requirement on the row) is neither

    def total(condition: ColumnElement[bool], expression: Any, label: str) -> ColumnElement:
        return func.coalesce(func.sum(case((condition, expression), else_=0)), 0).label(label)

    return [total(technical, required, SUM_LABELS[0]), total(technical, achieved, SUM_LABELS[1]),
            total(other, required, SUM_LABELS[2]), total(other, achieved, SUM_LABELS[3])]


def sums_from_row(row: Any) -> Sums:
    return Sums(*(int(getattr(row, label) or 0) for label in SUM_LABELS))


# --- categories ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Category:
    key: str
    label: Any  # lazy text
    css: str  # Bootstrap colour suffix: success, warning, danger

    def __str__(self) -> str:
        return str(self.label)


OPTIMAL = Category("optimal", _l("Optimal"), "success")
FAIRLY_OPTIMAL = Category("fairly_optimal", _l("Cukup Optimal"), "warning")
BELOW_OPTIMAL = Category("below_optimal", _l("Kurang Optimal"), "danger")
QUALIFIED = Category("qualified", _l("Memenuhi Syarat"), "success")
STILL_QUALIFIED = Category("still_qualified", _l("Masih Memenuhi Syarat"), "warning")
NOT_QUALIFIED = Category("not_qualified", _l("Kurang Memenuhi Syarat"), "danger")
CATEGORIES = {MAPPING: (OPTIMAL, FAIRLY_OPTIMAL, BELOW_OPTIMAL),
              SELECTION: (QUALIFIED, STILL_QUALIFIED, NOT_QUALIFIED)}


def bounds(purpose: str, rule: Rule) -> tuple[float, float]:
    """(lowest figure of the first category, lowest figure of the second) of a purpose."""
    if purpose == MAPPING:
        return rule.optimal_from, rule.fairly_optimal_from
    if purpose == SELECTION:
        return rule.qualified_from, rule.still_qualified_from
    raise ValueError(f"no such JPM purpose: {purpose}")


def category(figure: float | None, purpose: str = MAPPING, rule: Rule | None = None) -> Category | None:
    """The category of a JPM figure (None without a figure); lower bounds inclusive."""
    if figure is None:
        return None
    upper, lower = bounds(purpose, rule or current_rule())
    first, second, third = CATEGORIES[purpose]
    return first if figure >= upper else second if figure >= lower else third


def category_key(figure: float | None, rule: Rule) -> str | None:
    """The mapping category's key, for counting many people with one rule."""
    found = category(figure, MAPPING, rule)
    return found.key if found else None


# --- text ------------------------------------------------------------------------------------------------------

def number(figure: float) -> str:
    return format_decimal(figure, "#,##0.##")


def text(figure: float | None) -> str:
    """The figure as shown: two decimals and a percent sign ("88,89%"), "—" without one."""
    return "—" if figure is None else f"{format_decimal(figure, '#,##0.00')}%"


def range_labels(purpose: str, rule: Rule | None = None) -> list[tuple[Category, str]]:
    """Each category of a purpose with its range ("≥ 90%", "78% – < 90%", "< 78%")."""
    upper, lower = bounds(purpose, rule or current_rule())
    first, second, third = CATEGORIES[purpose]
    return [(first, f"≥ {number(upper)}%"), (second, f"{number(lower)}% – < {number(upper)}%"),
            (third, f"< {number(lower)}%")]


def scheme_text(purpose: str = MAPPING, rule: Rule | None = None) -> str:
    """The categories of a purpose in one sentence, with their ranges."""
    ranges = "; ".join(f"{found.label} {span}" for found, span in range_labels(purpose, rule))
    if purpose == SELECTION:
        return _("Kategori seleksi/promosi: %(ranges)s.", ranges=ranges)
    return _("Kategori pemetaan: %(ranges)s.", ranges=ranges)


def method_text(purpose: str = MAPPING, rule: Rule | None = None) -> str:
    """How JPM is computed and categorised, and the settings in force, for the note under a JPM figure."""
    rule = rule or current_rule()
    if rule.technical_weight is None:
        weights = _("semua kompetensi dihitung sama")
    else:
        weights = _("rasio kompetensi teknis berbobot %(technical)s%%, manajerial dan sosial kultural %(other)s%%",
                    technical=number(rule.technical_weight), other=number(100 - rule.technical_weight))
    settings = [_("level di atas standar dihitung sebatas standar") if rule.cap_per_competency
                else _("level di atas standar dihitung penuh"),
                _("JPM paling tinggi 100%") if rule.cap_at_100 else _("JPM dapat melebihi 100%"),
                weights]
    return " ".join([
        _("JPM (job person match) dihitung seperti BKN: jumlah level kompetensi yang dicapai ÷ jumlah level "
          "standar kompetensi jabatan × 100 (tanpa bukti dihitung level 0)."),
        _("Level yang dicapai berasal dari semua metode yang tercatat di riwayat kompetensi: %(methods)s.",
          methods=", ".join(str(label) for label in EVIDENCE_SOURCE_LABELS.values())),
        scheme_text(purpose, rule),
        _("Ambang kategori, pembatasan level, dan bobot kompetensi teknis adalah pengaturan instansi (bawaan: "
          "nilai yang dipakai BKN); saat ini: %(settings)s.", settings="; ".join(settings))])


def template_helpers() -> dict[str, Any]:
    """What the templates use to show a JPM figure beside its category (see competencies/_macros.html)."""
    return {"jpm_text": text, "jpm_category": category, "jpm_method": method_text, "jpm_scheme": scheme_text}
