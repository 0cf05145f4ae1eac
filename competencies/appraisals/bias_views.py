"""HR's rater-bias page of a consolidated cycle: flagged raters with their evidence, the other measured raters,
self- versus other ratings, and the predikat kinerja of each agency against HR's limits."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from competencies.appraisals import bias, limits
from competencies.appraisals.bias_forms import RatingLimitForm, ThresholdForm
from competencies.appraisals.blueprint import bp
from competencies.appraisals.models import (
    Appraisal,
    AppraisalCycle,
    AppraisalCycleStatus,
    AppraisalForm,
    AppraisalFormStatus,
)
from lms.access import access, hr_or_admin
from lms.domain import DomainError
from lms.extensions import db
from lms.formtools import run_or_attach
from lms.people.models import Employee, OrgUnit

RATERS_PER_PAGE = 25
GAPS_PER_PAGE = 25
RATING_COLOURS = {"sangat_baik": "text-bg-success", "baik": "text-bg-primary", "butuh_perbaikan": "text-bg-warning",
                  "kurang": "text-bg-danger", "sangat_kurang": "text-bg-dark"}  # in PERFORMANCE_RATINGS order


@dataclass(frozen=True)
class ListPage:
    """One page of a list computed in Python (the report's lists are small enough to sort in memory)."""

    items: list
    page: int
    pages: int
    total: int
    arg: str  # the query-string argument holding the page number
    query: dict[str, str]  # the request's other query arguments

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def args(self, number: int) -> dict[str, str | int]:
        """The query arguments of page ``number``."""
        return {**self.query, self.arg: number}


def list_page(items: list, arg: str, per_page: int) -> ListPage:
    pages = max(1, math.ceil(len(items) / per_page))
    page = min(max(1, request.args.get(arg, 1, type=int)), pages)
    query = {name: value for name, value in request.args.items() if name != arg}
    return ListPage(items[(page - 1) * per_page:page * per_page], page, pages, len(items), arg, query)


def _thresholds() -> tuple[ThresholdForm, bias.Thresholds, bool]:
    """The thresholds form, the thresholds it gives (the configured ones when it is invalid) and its validity."""
    configured = bias.Thresholds.from_config(current_app.config)
    form = ThresholdForm(request.args, data=ThresholdForm.defaults(configured))
    valid = form.validate()
    return form, form.thresholds(configured) if valid else configured, valid


def _threshold_args(form: ThresholdForm) -> dict[str, Any]:
    """The thresholds entered, for links that keep them."""
    return {name: value for name in form.data if (value := request.args.get(name))}


def _cycle_analysable(cycle: AppraisalCycle) -> None:
    if cycle.status == AppraisalCycleStatus.OPEN:
        raise DomainError(_("Analisis dan batas predikat tersedia setelah periode dikonsolidasi."))


def _report_page(cycle: AppraisalCycle, limit_form: RatingLimitForm | None = None, status: int = 200):
    form, thresholds, valid = _thresholds()
    context: dict[str, Any] = {"cycle": cycle, "threshold_form": form, "thresholds": thresholds,
                               "threshold_args": _threshold_args(form) if valid else {}}
    if cycle.status == AppraisalCycleStatus.OPEN:
        return render_template("competencies/appraisals/bias_report.html", **context), status
    report = bias.rater_report(bias.form_summaries(cycle.id), thresholds)
    unflagged = list_page(report.unflagged, "hal_penilai", RATERS_PER_PAGE)
    gaps = bias.self_gap_report(bias.self_gaps(cycle.id), thresholds.self_gap)
    gap_page = list_page(gaps.listed, "hal_diri", GAPS_PER_PAGE)
    agencies = bias.agency_distribution(cycle.id, current_app.config["APPRAISAL_RATING_LIMITS"])
    limit_form = limit_form or RatingLimitForm(formdata=None, agencies=_agency_choices(agencies))
    return render_template(
        "competencies/appraisals/bias_report.html", **context, report=report, unflagged=unflagged, gaps=gaps,
        gap_page=gap_page, agencies=agencies, limit_form=limit_form, rating_colours=RATING_COLOURS,
        default_limits=current_app.config["APPRAISAL_RATING_LIMITS"],
        raters=bias.people([rater.rater_id for rater in report.flagged + unflagged.items]),
        gap_people=bias.appraisal_employees([gap.appraisal_id for gap in gap_page.items]),
    ), 422 if not valid else status


def _agency_choices(agencies: list[bias.AgencyDistribution]) -> list[tuple[int, str]]:
    return sorted(((agency.unit_id, agency.name) for agency in agencies), key=lambda choice: choice[1].lower())


@bp.get("/penilaian/siklus/<int:cycle_id>/analisis")
@access(hr_or_admin)
def bias_report(cycle_id: int):
    return _report_page(db.get_or_404(AppraisalCycle, cycle_id))


@bp.post("/penilaian/siklus/<int:cycle_id>/analisis/batas")
@access(hr_or_admin)
def rating_limit_save(cycle_id: int):
    cycle = db.get_or_404(AppraisalCycle, cycle_id)
    _cycle_analysable(cycle)
    agencies = bias.agency_distribution(cycle.id, current_app.config["APPRAISAL_RATING_LIMITS"])
    form = RatingLimitForm(agencies=_agency_choices(agencies))
    if form.validate_on_submit():
        unit = db.get_or_404(OrgUnit, form.unit_id.data)
        rating, max_percent = form.performance_rating.data, form.max_percent.data
        if run_or_attach(form, "max_percent",
                         lambda: limits.set_rating_limit(current_user, cycle, unit, rating, max_percent)):
            flash(_("Batas predikat untuk %(unit)s disimpan.", unit=unit.name), "success")
            return redirect(url_for(".bias_report", cycle_id=cycle.id, _anchor="predikat"))
    return _report_page(cycle, limit_form=form, status=422)


@bp.get("/penilaian/siklus/<int:cycle_id>/analisis/penilai/<int:rater_id>")
@access(hr_or_admin)
def bias_rater(cycle_id: int, rater_id: int):
    """One rater's submitted ratings against the consolidated levels, person by person (the evidence)."""
    cycle = db.get_or_404(AppraisalCycle, cycle_id)
    _cycle_analysable(cycle)
    rater = db.get_or_404(Employee, rater_id)
    threshold_form, thresholds, valid = _thresholds()
    summaries = bias.form_summaries(cycle.id, rater_id=rater.id)
    measured = bias.measure_rater(rater.id, summaries, thresholds) if summaries else None
    forms = (select(AppraisalForm).join(Appraisal, Appraisal.id == AppraisalForm.appraisal_id)
             .join(Employee, Employee.id == Appraisal.employee_id)
             .where(Appraisal.cycle_id == cycle.id, AppraisalForm.rater_id == rater.id,
                    AppraisalForm.status == AppraisalFormStatus.SUBMITTED,
                    AppraisalForm.rater_kind.in_(bias.OTHER_KINDS))
             .order_by(Employee.name, Employee.id, AppraisalForm.rater_kind))
    page = db.paginate(forms, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    evidence = bias.rater_evidence([form.id for form in page.items])
    return render_template(
        "competencies/appraisals/bias_rater.html", cycle=cycle, person=bias.people([rater.id])[rater.id],
        thresholds=thresholds, threshold_args=_threshold_args(threshold_form) if valid else {}, measured=measured,
        ratings=sum(summary.count for summary in summaries), page=page, evidence=evidence,
        summaries={form.id: bias.FormSummary.of(rater.id, form.rater_kind, form.appraisal_id,
                                                ((item.level, item.result_level) for item in evidence[form.id]))
                   for form in page.items if evidence.get(form.id)},
        people=bias.appraisal_employees([form.appraisal_id for form in page.items]))
