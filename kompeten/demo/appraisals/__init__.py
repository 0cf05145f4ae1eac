"""The demo city's appraisal history: one final annual competency appraisal of last year, with realistic results
and four deliberately biased supervisors for the bias page to find.

``build_demo_appraisals(seed, root_code, hr_actor)`` (called by ``kompeten.demo.city.build_demo_city`` after the
catalogue) opens the cycle for the whole demo city with :func:`cycles.open_cycle`, lets BKPSDM assessors rate
some units (:func:`cycles.assign_assessor_to_unit`) and the teams of the planted supervisors, gives a quarter
of the employees one or two peers from their own team, then fabricates the ratings:

- every employee has a "true" level per competency: their current level (the required level when their record
  has none, at least 2) plus an offset, mostly -1, 0 or +1, drawn around a personal tendency, on the scale 1..top;
  the demo accounts' people and the teams of supervisors with an account tend a level lower (from their required
  level, not from 2), so that the demo accounts see gaps to close;
- honest raters give the true level, about 30% of the time one level off, each with a small tilt of their own;
  employees rate themselves about 0.35 level higher on average;
- two supervisors are lenient (about +2 levels) and two severe (about -2): among the supervisors of at most 30
  people whose staff all work in their own unit, those with the most staff (then by NIP) whose true levels leave
  room on the scale for the shift, in different agencies where possible. Small cities have fewer such
  supervisors: all four are planted from about 300 employees. Their teams get an assessor, so that independent
  ratings exist to compare with; the assessor also rates enough other units, and their teams get no peers, so
  that no honest rater is measured mostly on the levels a biased supervisor pushed;
- each rating ticks the indicators of levels 1..level (its suggested level is its level) and carries an
  evidence note above the required level; about 5% of the honest forms stay drafts.

Supervisors also fill in the SKP: two or three work targets with their realisation and the seven BerAKHLAK
ratings, from which :mod:`competencies.appraisals.rules` computes hasil kerja, perilaku kerja and predikat
kinerja: mostly Baik; about one agency in ten is generous (over the default limit for Sangat Baik), and the
lenient supervisors give mostly Sangat Baik. The cycle is then consolidated and finalised through the services;
most employees acknowledge their result and a few object. Employees with an account keep their result waiting
for their response, so that the demo accounts can acknowledge or object.

Deterministic for a seed (whatever the database's row order) and set-based (bulk inserts, COPY on PostgreSQL,
grouped updates): 15,000 employees take seconds. The planted raters are named in the audit entry of the import.
Flush, never commit.

Modules: ``world`` (what is read of the city and the opened cycle), ``raters`` (planted supervisors, assessors,
peers), ``ratings`` (true levels, forms, ratings), ``performance`` (the SKP) and ``cycle`` (the whole, from
opening the cycle to the employees' responses).
"""

from kompeten.demo.appraisals.cycle import appraisal_count, build_demo_appraisals

__all__ = ["appraisal_count", "build_demo_appraisals"]
