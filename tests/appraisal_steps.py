"""Steps of the appraisal tests on rows the factories made: find an appraisal or a form, rate a form, fill an
SKP. Plain functions that take the ``db`` fixture and commit."""

from competencies.appraisals.models import Appraisal, AppraisalCycle, AppraisalForm
from competencies.appraisals.rating import RatingInput, form_items, save_ratings, submit_form
from lms.people.models import Employee


def appraisal_of(db, cycle: AppraisalCycle, employee: Employee) -> Appraisal:
    return db.session.query(Appraisal).filter_by(cycle_id=cycle.id, employee_id=employee.id).one()


def form_of(db, cycle: AppraisalCycle, employee: Employee, kind: str, rater: Employee | None = None) -> AppraisalForm:
    query = db.session.query(AppraisalForm).join(Appraisal).filter(
        Appraisal.cycle_id == cycle.id, Appraisal.employee_id == employee.id, AppraisalForm.rater_kind == kind)
    if rater is not None:
        query = query.filter(AppraisalForm.rater_id == rater.id)
    return query.one()


def rate_all(db, form: AppraisalForm, level: int, submit: bool = True, actor=None) -> None:
    """Rate every competency of ``form`` at ``level`` by ticking all indicators of levels 1..level (so the
    suggestion agrees) and writing an evidence note (needed above the required level)."""
    entries = {}
    for item in form_items(form):
        observed = [indicator for lvl, ids in item.indicators_by_level.items() if lvl <= level for indicator in ids]
        entries[item.competency.id] = RatingInput(level, observed, evidence_note="Diamati pada rapat Maret 2026.")
    save_ratings(actor, form, entries)
    db.session.commit()
    if submit:
        submit_form(actor, form)
        db.session.commit()


def fill_performance(db, appraisal: Appraisal, actual: float = 100.0, core_value: str = "sesuai_ekspektasi",
                     actor=None) -> None:
    """Give the appraisal's SKP one work target (target 100) with ``actual`` and rate every BerAKHLAK value
    ``core_value``."""
    from competencies.appraisals import performance
    from competencies.appraisals.rules import core_value_names

    performance.add_target(actor, appraisal, description="Menyelesaikan layanan administrasi",
                           indicator="Jumlah berkas selesai", target=100.0, unit="berkas", actual=actual)
    performance.rate_core_values(actor, appraisal, dict.fromkeys(core_value_names(), core_value), "")
    db.session.commit()
