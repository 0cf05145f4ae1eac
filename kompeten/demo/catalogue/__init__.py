"""The demo city's training catalogue: courses, a year of workshops and their participants.

``build_demo_catalogue(seed, accounts, today)`` is called by ``city.build_demo_city`` once the city and its
competency frameworks are written. It adds the courses of ``data/katalog-pelatihan.csv`` (every competency of
the technical framework TEKNIS-MEDAN and every ASN managerial and socio-cultural competency is developed by at
least one course, several at successive levels, with prerequisite courses forming a DAG), then workshops from
about twelve months before ``today`` to six months after it:

- past and current workshops are left "running" (their closing, which computes outcomes, is a later step),
  with enrolled participants, attendance for every session held so far and pre-/post-test scores;
- upcoming workshops are "open" while their enrolment window runs (partly filled, one full with a waitlist),
  "closed" just before they start, "draft" while the window has not opened; one is a trainer's proposal and
  one is cancelled;
- the demo trainer teaches the BKPSDM workshops whose dates do not overlap; the demo employee is enrolled in
  one upcoming workshop, awaits their supervisor's approval for another and took part in a past one.

Participants are chosen among the employees whose position requires a competency the course develops (topped
up with other eligible employees), never in two workshops on the same day. The same seed and ``today`` give
the same catalogue. Everything is written with a few bulk inserts; flush, never commit.

Modules: ``courses`` (the course list and writing it; Latsar, PKP, PKA and PKN II are marked as the mandatory
programmes they are), ``history`` (the leadership training most structural officials took before, as SIASN
would list it), ``schedule`` (the workshops, planned as plain data), ``participants`` (who takes part) and
``build`` (writing the workshops, enrolments and attendance).
"""

from kompeten.demo.catalogue.build import build_demo_catalogue, catalogue_counts
from kompeten.demo.catalogue.courses import catalogue_specs, prerequisite_graph
from kompeten.demo.catalogue.participants import FULL_COURSE
from kompeten.demo.catalogue.schedule import plan_workshops

__all__ = ["FULL_COURSE", "build_demo_catalogue", "catalogue_counts", "catalogue_specs", "plan_workshops",
           "prerequisite_graph"]
