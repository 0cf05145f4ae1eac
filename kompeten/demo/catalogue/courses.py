"""The demo courses: read from ``data/katalog-pelatihan.csv`` (with the competencies each develops and the
courses each requires, a DAG) and written with their competencies and prerequisites."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import networkx as nx
from flask import current_app
from sqlalchemy import insert, select

from competencies.builtin import asn_framework_spec
from competencies.models import Competency, Framework
from courses.models import Course, CourseCompetency, CourseStatus, course_prerequisites
from courses.siasn_kinds import MODALITY_KINDS, STRUCTURAL
from kompeten.demo import read_csv
from kompeten.demo.competencies import TECHNICAL_CODE
from lms.extensions import db

CATALOGUE_FILE = "katalog-pelatihan.csv"
# The catalogue's courses that are a mandatory programme (courses/records/mandatory.py).
MANDATORY_COURSES = {"LATSAR-CPNS": "latsar", "PKP": "pkp", "PKA": "pka", "PKN-II": "pkn2"}


@dataclass(frozen=True)
class CourseSpec:
    code: str
    title: str
    modality: str
    provider: str
    hours_jp: int
    min_attendance_pct: int
    pass_mark: float | None
    certificate_validity_years: int | None
    eligible_position_kinds: tuple[str, ...]
    prerequisites: tuple[str, ...]
    competencies: tuple[tuple[str, int, int], ...]  # (competency code, entry level, granted level)
    description: str


@cache
def catalogue_specs() -> tuple[CourseSpec, ...]:
    """The demo courses, as listed in ``data/katalog-pelatihan.csv``."""
    rows = read_csv(CATALOGUE_FILE)
    return tuple(CourseSpec(
        code=row["kode"], title=row["judul"], modality=row["moda"], provider=row["penyelenggara"],
        hours_jp=int(row["jp"]), min_attendance_pct=int(row["kehadiran_min"]),
        pass_mark=float(row["nilai_lulus"]) if row["nilai_lulus"] else None,
        certificate_validity_years=int(row["masa_berlaku"]) if row["masa_berlaku"] else None,
        eligible_position_kinds=tuple(row["jabatan"].split()), prerequisites=tuple(row["prasyarat"].split()),
        competencies=tuple(_competency_levels(item) for item in row["kompetensi"].split()),
        description=row["deskripsi"]) for row in rows)


def _competency_levels(item: str) -> tuple[str, int, int]:
    code, levels = item.split(":")
    entry, granted = levels.split(">")
    return code, int(entry), int(granted)


def prerequisite_graph(specs: tuple[CourseSpec, ...]) -> nx.DiGraph:
    """Edges from a required course to the course that requires it."""
    graph = nx.DiGraph()
    graph.add_nodes_from(spec.code for spec in specs)
    graph.add_edges_from((required, spec.code) for spec in specs for required in spec.prerequisites)
    return graph


def _siasn_kind(spec: CourseSpec) -> tuple[int, int | None]:
    """A leadership programme is Diklat Struktural under its latihanStrukturalId; the others follow their modality."""
    structural_id = current_app.config["MANDATORY_STRUCTURAL_IDS"].get(MANDATORY_COURSES.get(spec.code, ""))
    return (STRUCTURAL, structural_id) if structural_id else (MODALITY_KINDS[spec.modality], None)


def insert_courses(specs: tuple[CourseSpec, ...]) -> dict[str, int]:
    table = Course.__table__
    rows = [{"code": s.code, "title": s.title, "description": s.description, "hours_jp": s.hours_jp,
             "modality": s.modality, "provider": s.provider, "min_attendance_pct": s.min_attendance_pct,
             "pass_mark": s.pass_mark, "competency_test": s.pass_mark is not None,  # a graded post-test
             "siasn_kind_id": _siasn_kind(s)[0], "structural_kind_id": _siasn_kind(s)[1],
             "mandatory_programme": MANDATORY_COURSES.get(s.code),
             "certificate_validity_years": s.certificate_validity_years,
             "status": CourseStatus.PUBLISHED} for s in specs]
    ids = dict(db.session.execute(insert(table).returning(table.c.code, table.c.id), rows).all())
    competency_ids = _competency_ids({code for spec in specs for code, _entry, _granted in spec.competencies})
    db.session.execute(insert(CourseCompetency.__table__), [
        {"course_id": ids[spec.code], "competency_id": competency_ids[code], "entry_level": entry,
         "granted_level": granted} for spec in specs for code, entry, granted in spec.competencies])
    links = [{"course_id": ids[spec.code], "required_course_id": ids[required]}
             for spec in specs for required in spec.prerequisites]
    if not nx.is_directed_acyclic_graph(prerequisite_graph(specs)):
        raise ValueError("the demo course prerequisites contain a cycle")
    db.session.execute(insert(course_prerequisites), links)
    return ids


def _competency_ids(codes: set[str]) -> dict[str, int]:
    """Competency code -> id, in the frameworks the demo installed (ASN and TEKNIS-MEDAN)."""
    rows = db.session.execute(select(Competency.code, Competency.id).join(Framework)
                              .where(Framework.code.in_([asn_framework_spec().code, TECHNICAL_CODE]),
                                     Competency.code.in_(codes))).all()
    ids = dict(rows)
    missing = codes - set(ids)
    if missing:
        raise ValueError(f"demo courses name unknown competencies: {sorted(missing)}")
    return ids
