"""A small appraisal world for the appraisal tests: a framework of three competencies (levels 1-3, three
indicators per level), a unit with a supervisor and two subordinates whose position requires those competencies,
and a cycle opened through the real service. Plain functions that take the fixtures they need and commit."""

from dataclasses import dataclass
from datetime import date, timedelta

from competencies.appraisals import cycles
from competencies.appraisals.models import Appraisal, AppraisalCycle, AppraisalForm
from competencies.appraisals.rating import RatingInput, form_items, save_ratings, submit_form
from competencies.models import Competency, CompetencyLevel, Framework, Indicator, Requirement
from lms.people.models import Employee

DEFAULT_WEIGHTS = {"assessor": 40, "supervisor": 30, "peer": 15, "self": 15}


def make_framework(db, code: str = "UJI", competencies: int = 3, levels: int = 3) -> Framework:
    framework = Framework(code=code, name="Kamus Uji", scale=[f"Level {n}" for n in range(1, levels + 1)],
                          default_level=1, proficient_level=1)
    for number in range(1, competencies + 1):
        competency = Competency(code=f"{code}.{number:02d}", name=f"Kompetensi Uji {number}", type="teknis",
                                sort_order=number)
        for level in range(1, levels + 1):
            competency.levels.append(CompetencyLevel(level=level, description=f"Deskripsi level {level}", indicators=[
                Indicator(position=position, text=f"K{number} L{level} indikator {position}")
                for position in range(1, 4)]))
        framework.competencies.append(competency)
    db.session.add(framework)
    db.session.commit()
    return framework


@dataclass
class World:
    framework: Framework
    supervisor: Employee
    staff: list[Employee]
    cycle: AppraisalCycle | None = None


def make_world(db, make_unit, make_position, make_employee, *, required_level: int = 2,
               staff: int = 2) -> World:
    """A unit whose head supervises ``staff`` employees; the staff position requires every framework
    competency at ``required_level``."""
    framework = make_framework(db)
    unit = make_unit("Dinas Penilaian Uji")
    head_position = make_position("Kepala Dinas Uji", kind="administrator", unit=unit)
    staff_position = make_position("Analis Uji", kind="pelaksana", unit=unit)
    for competency in framework.competencies:
        db.session.add(Requirement(position_id=staff_position.id, competency_id=competency.id, level=required_level,
                                   weight="normal"))
    db.session.commit()
    supervisor = make_employee("Kepala Uji", position=head_position)
    people = [make_employee(f"Staf Uji {number}", position=staff_position, supervisor=supervisor)
              for number in range(1, staff + 1)]
    return World(framework, supervisor, people)


def open_cycle(db, actor=None, weights=None, unit_ids=(), name: str = "Penilaian Tahunan 2026",
               due_in_days: int = 10, **values) -> AppraisalCycle:
    today = date.today()
    values.setdefault("period", "annual")
    values.setdefault("year", today.year)
    cycle = cycles.open_cycle(actor, name=name, starts_on=today - timedelta(days=5),
                              ends_on=today + timedelta(days=30), due_on=today + timedelta(days=due_in_days),
                              objection_days=values.pop("objection_days", 14),
                              weights=dict(weights or DEFAULT_WEIGHTS), unit_ids=list(unit_ids), **values)
    db.session.commit()
    return cycle


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
