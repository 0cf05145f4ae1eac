"""The structure of the demo city: its units (from the agencies of the reference list, with their sekretariat,
bidang, seksi and UPTs), their head and staff positions, and the career paths between positions. Uses no
randomness: the same for every seed."""

from __future__ import annotations

import re

from kompeten.demo.organisation import AGENCIES, GENERIC_DIVISIONS, SECRETARIAT_SECTIONS, Agency, Upt
from kompeten.demo.plan.model import ROOT_CODE, ROOT_NAME, PositionPlan, UnitPlan
from kompeten.demo.positions import (
    FAMILIES,
    GRADE_CODES,
    KEAHLIAN,
    KETERAMPILAN,
    NEXT_GRADE,
    OFFICE_PELAKSANA,
    PELAKSANA,
    PROFILES,
    UPT_OFFICE,
    Profile,
)
from lms.people import reference


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")


def _parse_title(title: str) -> tuple[str, str | None, str | None]:
    """(kind, grade, family) of a staff position title."""
    if title in PELAKSANA:
        return "pelaksana", None, None
    for grade in KEAHLIAN + KETERAMPILAN:
        if title.endswith(" " + grade):
            family = title[: -len(grade) - 1]
            if family in FAMILIES:
                kind = "fungsional_keahlian" if grade in KEAHLIAN else "fungsional_keterampilan"
                return kind, grade, family
    raise ValueError(f"unknown position title in the demo tables: {title}")


class Structure:
    """Plans the units and positions of the city (:meth:`organisation`)."""

    def __init__(self) -> None:
        self.units: list[UnitPlan] = []
        self.unit_by_code: dict[str, UnitPlan] = {}
        self.positions: dict[str, PositionPlan] = {}
        self.agency_of: dict[str, Agency] = {}
        self.staff_units: list[UnitPlan] = []
        self.agency_shares: dict[str, float] = {}

    def unit(self, code: str, name: str, kind: str, parent: UnitPlan | None, agency: str,
             staff_weight: float = 0.0) -> UnitPlan:
        unit = UnitPlan(code, name, kind, parent.code if parent else None, agency, staff_weight=staff_weight)
        self.units.append(unit)
        self.unit_by_code[code] = unit
        if staff_weight:
            self.staff_units.append(unit)
        return unit

    def head(self, unit: UnitPlan, name: str, kind: str, level: int, reports_to: str | None,
             grade: str | None = None, suffix: str = "KA") -> PositionPlan:
        position = PositionPlan(f"{unit.code}.{suffix}", name, kind, grade, unit.code, unit.agency, level=level,
                                reports_to=reports_to, female={0: 0.2, 1: 0.25, 2: 0.35, 3: 0.45, 4: 0.55}[level])
        self.positions[position.code] = position
        if suffix == "KA":
            unit.head = position.code
        return position

    def staff(self, unit: UnitPlan, profile: Profile) -> None:
        for title, weight in profile:
            kind, grade, family = _parse_title(title)
            code = PELAKSANA[title].code if family is None else f"{FAMILIES[family].code}-{GRADE_CODES[grade]}"
            female = PELAKSANA[title].female if family is None else FAMILIES[family].female
            position_code = f"{unit.code}.{code}"
            if position_code in self.positions:
                self.positions[position_code].weight += weight
                continue
            self.positions[position_code] = PositionPlan(position_code, title, kind, grade, unit.code, unit.agency,
                                                         family=family, female=female, weight=weight)

    @staticmethod
    def section_profile(families: tuple[str, ...]) -> Profile:
        return OFFICE_PELAKSANA + tuple((f"{family} {grade}", weight)
                                        for family in families for grade, weight in FAMILIES[family].levels)

    def organisation(self) -> None:
        root = self.unit(ROOT_CODE, ROOT_NAME, "pemkot", None, ROOT_CODE)
        agencies = reference.city_agencies()
        setda = next((abbr for abbr, _name in agencies if abbr == "Setda"), None)
        sekda_code = f"{AGENCIES['Setda'].code}.KA" if setda else None
        for abbr, name in agencies:
            agency = AGENCIES.get(abbr) or Agency(_slug(abbr)[:16], 1.0, GENERIC_DIVISIONS)
            self.agency_of[agency.code] = agency
            self.agency_shares[agency.code] = agency.share
            opd = self.unit(agency.code, name, "opd", root, agency.code)
            is_sekda = agency.head_grade == "Madya"
            head = self.head(opd, agency.head or (f"Direktur {name}" if abbr.startswith("RSUD") else f"Kepala {name}"),
                             "jpt", 0 if is_sekda else 1, None if is_sekda else sekda_code, agency.head_grade)
            assistants: dict[int, str] = {}
            for number, (title, indexes) in enumerate(agency.assistants, start=1):
                assistant = self.head(opd, title, "jpt", 1, head.code, "Pratama", suffix=f"AS{number}")
                assistants.update(dict.fromkeys(indexes, assistant.code))
            secretary = self.secretariat(agency, opd, name, head)
            division_heads = []
            for index, division in enumerate(agency.divisions, start=1):
                unit = self.unit(f"{agency.code}-B{index}", division.name, agency.division_kind, opd, agency.code,
                                 division.weight if division.staff else 0.0)
                boss = assistants.get(index - 1, head.code)
                division_head = self.head(unit, division.head or f"Kepala {division.name}", "administrator", 2, boss)
                division_head.leads_to = [boss] + ([secretary] if secretary else [])
                division_heads.append(division_head.code)
                if division.staff:
                    self.staff(unit, PROFILES[division.staff])
                families = division.families
                for number, section_name in enumerate(division.sections, start=1):
                    section = self.unit(f"{unit.code}S{number}", section_name, agency.section_kind, unit, agency.code,
                                        division.weight)
                    self.head(section, f"Kepala {section_name}", "pengawas", 3, division_head.code)
                    if not division.families:
                        count = len(agency.families)
                        families = tuple(dict.fromkeys(agency.families[(number - 1 + offset) % count]
                                                       for offset in range(min(2, count))))
                    self.staff(section, self.section_profile(families))
            for number, upt in enumerate(agency.upts, start=1):
                self.upt(agency, opd, upt, number, division_heads[upt.supervisor])
        self.career_paths()

    def upt(self, agency: Agency, opd: UnitPlan, upt: Upt, number: int, supervisor: str) -> None:
        """A UPT with its Subbagian Tata Usaha (the office staff) under its head."""
        profile = PROFILES[upt.profile]
        office = tuple((title, weight) for title, weight in profile if title in UPT_OFFICE)
        field_staff = tuple((title, weight) for title, weight in profile if title not in UPT_OFFICE)
        office_share = sum(weight for _title, weight in office) / sum(weight for _title, weight in profile)
        prefix = "PKM" if upt.profile == "puskesmas" else "UPT"
        unit = self.unit(f"{agency.code}-{prefix}{number:02d}", upt.name, "upt", opd, agency.code,
                         upt.weight * (1 - office_share) if field_staff else 0.0)
        head = self.head(unit, f"Kepala {upt.name}", "pengawas", 3, supervisor)
        self.staff(unit, field_staff)
        office_unit = self.unit(f"{unit.code}-TU", f"Subbagian Tata Usaha {upt.name}", "subbagian", unit,
                                agency.code, upt.weight * office_share)
        self.head(office_unit, f"Kepala Subbagian Tata Usaha {upt.name}", "pengawas", 4, head.code)
        self.staff(office_unit, office)

    def secretariat(self, agency: Agency, opd: UnitPlan, name: str, head: PositionPlan) -> str | None:
        if not agency.has_secretariat:
            return None
        kind, unit_name, title = agency.secretariat or ("sekretariat", f"Sekretariat {name}", f"Sekretaris {name}")
        unit = self.unit(f"{agency.code}-SET", unit_name, kind, opd, agency.code)
        secretary = self.head(unit, title, "administrator", 2, head.code)
        for section_name, suffix, profile, weight in SECRETARIAT_SECTIONS:
            section = self.unit(f"{unit.code}-{suffix}", section_name, "subbagian", unit, agency.code, weight)
            self.head(section, f"Kepala {section_name}", "pengawas", 3, secretary.code)
            self.staff(section, PROFILES[profile])
        return secretary.code

    def career_paths(self) -> None:
        """Pelaksana -> head of their section; heads -> the post above; a functional level -> the next level
        of the same family, in the same unit or else in the same agency."""
        by_family: dict[tuple[str, str, str], list[str]] = {}
        for position in self.positions.values():
            if position.family:
                by_family.setdefault((position.agency, position.family, position.grade or ""), []).append(position.code)
        for position in self.positions.values():
            if position.level is not None:
                if not position.leads_to and position.reports_to:
                    position.leads_to = [position.reports_to]
            elif position.kind == "pelaksana":
                head = self.unit_by_code[position.unit].head
                if head:
                    position.leads_to = [head]
            elif position.grade in NEXT_GRADE:
                candidates = by_family.get((position.agency, position.family or "", NEXT_GRADE[position.grade]), [])
                same_unit = f"{position.unit}.{FAMILIES[position.family or ''].code}-"
                target = next((code for code in candidates if code.startswith(same_unit)),
                              candidates[0] if candidates else None)
                if target:
                    position.leads_to = [target]
