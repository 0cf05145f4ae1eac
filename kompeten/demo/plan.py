"""The plan of the demo city: pure (plain data in, plain data out, no session), deterministic for a seed
(only ``random.Random(seed)``, ages counted from the fixed :data:`REFERENCE_DATE`). :mod:`kompeten.demo.city`
writes it."""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from kompeten.demo.organisation import AGENCIES, GENERIC_DIVISIONS, SECRETARIAT_SECTIONS, Agency, Upt
from kompeten.demo.people import (
    AGES,
    MUSLIM_FEMALE_2,
    MUSLIM_MALE_2,
    NAME_STYLES,
    NEEDS_SECOND,
    PPPK_GRADES,
    PPPK_YEARS,
    NameStyle,
    pns_rank_range,
    pns_ranks,
    pppk_rank_range,
)
from kompeten.demo.positions import (
    AM,
    AMD,
    AP,
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

ROOT_CODE = "PEMKOT-MEDAN"
ROOT_NAME = "Pemerintah Kota Medan"
# Documented in the README and printed by ``flask lms demo``; meets the password rules (>= 10, letters + digits).
# Ages, service years and NIP dates are counted from this day, so that a seed gives the same city every day.
REFERENCE_DATE = date(2026, 1, 1)
LAST_TMT = (2025, 12)
EMAIL_DOMAIN = "pemkomedan.go.id"
MIN_EMPLOYEES = 100
MAX_EMPLOYEES = 100_000
# Share of the employees that structural posts may take when the city is too small to fill them all.
STRUCTURAL_SHARE = 0.6
PPPK_SHARE = 0.35
STAFF_EMAIL_SHARE = 0.65
STAFF_LEVEL = 9


# --- the plan ----------------------------------------------------------------------------------------------------

@dataclass
class UnitPlan:
    code: str
    name: str
    kind: str
    parent: str | None
    agency: str  # code of the OPD the unit belongs to
    head: str | None = None  # code of the head position
    staff_weight: float = 0.0


@dataclass
class PositionPlan:
    code: str
    name: str
    kind: str
    grade: str | None
    unit: str
    agency: str
    # 0 Sekda, 1 JPT Pratama, 2 administrator, 3 pengawas, 4 pengawas under a pengawas (Subbagian Tata Usaha
    # of a UPT); None for staff. A post reports to a post of a lower level.
    level: int | None = None
    reports_to: str | None = None
    family: str | None = None
    female: float = 0.5
    leads_to: list[str] = field(default_factory=list)
    weight: int = 0  # share of the unit's staff


@dataclass
class EmployeePlan:
    nip: str
    name: str
    front_title: str
    back_title: str
    employment_type: str
    rank_code: str
    gender: str
    birth_date: date
    position: str
    unit: str
    supervisor: str | None  # NIP
    email: str | None
    level: int  # of the post (STAFF_LEVEL for staff): inserting by level writes supervisors first


@dataclass
class CityPlan:
    units: list[UnitPlan]
    positions: dict[str, PositionPlan]
    employees: list[EmployeePlan]
    accounts: dict[str, str | None]  # role label -> NIP (None for the admin)


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


class _Planner:
    def __init__(self, employees: int, seed: int, taken_nips: set[str], taken_emails: set[str]):
        self.total = employees
        self.rng = random.Random(seed)
        self.units: list[UnitPlan] = []
        self.unit_by_code: dict[str, UnitPlan] = {}
        self.positions: dict[str, PositionPlan] = {}
        self.taken_nips = set(taken_nips)
        self.taken_emails = {email.lower() for email in taken_emails}
        self.nip_sequences: dict[str, int] = {}
        self.agency_of: dict[str, Agency] = {}
        self.staff_units: list[UnitPlan] = []
        self.agency_shares: dict[str, float] = {}

    # organisation ------------------------------------------------------------------------------------------

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

    # people --------------------------------------------------------------------------------------------------

    def fill(self) -> tuple[list[EmployeePlan], dict[str, str | None]]:
        structural = [p for p in self.positions.values() if p.level is not None]
        pinned_posts, pinned_staff, supervisor_post = self.demo_posts()
        must = [p for p in structural if p.level <= 1 or p.code in pinned_posts]
        rest = [p for p in structural if p.level > 1 and p.code not in pinned_posts]
        budget = max(len(must), min(len(structural), int(self.total * STRUCTURAL_SHARE)))
        for level in (2, 3, 4):
            tier = [p for p in rest if p.level == level]
            self.rng.shuffle(tier)
            take = max(0, min(len(tier), budget - len(must)))
            must.extend(tier[:take])
        filled = {p.code for p in must}
        filled_sorted = [p for p in structural if p.code in filled]

        slots: list[tuple[PositionPlan, bool]] = [(p, True) for p in filled_sorted]
        slots += [(self.positions[code], True) for code in pinned_staff]
        staff_total = self.total - len(slots)
        if staff_total < 0:
            raise ValueError(f"the demo city needs at least {len(slots)} employees")
        slots += [(position, False) for position in self.allocate(staff_total)]

        eligible = sum(1 for position, pinned in slots
                       if not pinned and position.level is None and position.grade in PPPK_GRADES)
        pppk_chance = min(0.9, PPPK_SHARE * self.total / eligible) if eligible else 0.0

        holders: dict[str, str] = {}
        people: list[EmployeePlan] = []
        for position, pinned in slots:
            pppk = (not pinned and position.level is None and position.grade in PPPK_GRADES
                    and self.rng.random() < pppk_chance)
            person = self.person(position, "pppk" if pppk else "pns")
            people.append(person)
            if position.level is not None:
                holders[position.code] = person.nip
        for person in people:
            person.supervisor = self.supervisor(self.positions[person.position], holders)
        # The pinned staff follow the structural posts in ``slots``: HR, trainer, then the supervisor's pelaksana.
        first_staff = len(filled_sorted)
        accounts = {"admin": None, "hr": people[first_staff].nip, "trainer": people[first_staff + 1].nip,
                    "supervisor": holders[supervisor_post], "employee": people[first_staff + 2].nip}
        return people, accounts

    def demo_posts(self) -> tuple[set[str], list[str], str]:
        """Posts that must be filled for the demo accounts: the supervisor's chain and staff, HR, trainer."""
        def find(agency: str, name: str, under: str = "") -> PositionPlan:
            for position in self.positions.values():
                if position.agency == agency and position.name == name and position.unit.startswith(under):
                    return position
            raise LookupError(f"the demo city needs the position {name!r} in {agency}")

        supervisor = find("DISDUKCAPIL", "Kepala Seksi Identitas Penduduk")
        section = supervisor.unit
        section_staff = [p for p in self.positions.values() if p.unit == section and p.level is None]
        pelaksana = next(p for p in section_staff if p.kind == "pelaksana")
        others = [p for p in section_staff if p is not pelaksana][:2]
        hr = find("BKPSDM", "Analis SDM Aparatur Ahli Muda", "BKPSDM-B3")
        trainer = find("BKPSDM", "Widyaiswara Ahli Madya")
        chain = {supervisor.code}
        boss = supervisor.reports_to
        while boss:
            chain.add(boss)
            boss = self.positions[boss].reports_to
        chain.add(self.unit_by_code[trainer.unit].head or "")
        staff = [hr.code, trainer.code, pelaksana.code] + [p.code for p in others]
        return chain, staff, supervisor.code

    def allocate(self, count: int) -> list[PositionPlan]:
        """``count`` staff posts spread over the units by the agencies' sizes and the units' weights."""
        agency_weight: dict[str, float] = {}
        for unit in self.staff_units:
            agency_weight[unit.agency] = agency_weight.get(unit.agency, 0.0) + unit.staff_weight
        share_total = sum(self.agency_shares[code] for code in agency_weight)
        weights = [self.agency_shares[unit.agency] / share_total * unit.staff_weight / agency_weight[unit.agency]
                   * self.rng.uniform(0.8, 1.25) for unit in self.staff_units]
        scale = count / sum(weights)
        quotas = [weight * scale for weight in weights]
        counts = [math.floor(quota) for quota in quotas]
        by_remainder = sorted(range(len(quotas)), key=lambda i: counts[i] - quotas[i])
        for index in by_remainder[:count - sum(counts)]:
            counts[index] += 1
        unit_positions: dict[str, list[PositionPlan]] = {}
        for position in self.positions.values():
            if position.level is None:
                unit_positions.setdefault(position.unit, []).append(position)
        chosen: list[PositionPlan] = []
        for unit, number in zip(self.staff_units, counts, strict=True):
            candidates = unit_positions[unit.code]
            chosen.extend(self.rng.choices(candidates, weights=[p.weight for p in candidates], k=number))
        return chosen

    def supervisor(self, position: PositionPlan, holders: dict[str, str]) -> str | None:
        """The holder of the nearest filled post above ``position``."""
        boss = position.reports_to if position.level is not None else self.unit_head(position.unit)
        while boss is not None and boss not in holders:
            boss = self.positions[boss].reports_to
        return holders.get(boss) if boss else None

    def unit_head(self, unit_code: str | None) -> str | None:
        while unit_code is not None:
            unit = self.unit_by_code[unit_code]
            if unit.head:
                return unit.head
            unit_code = unit.parent
        return None

    def person(self, position: PositionPlan, employment_type: str) -> EmployeePlan:
        rng = self.rng
        gender = "P" if rng.random() < position.female else "L"
        style = rng.choices(list(NAME_STYLES.values()), weights=[s.weight for s in NAME_STYLES.values()])[0]
        name = self.name(style, gender)
        low, high, service = AGES[(position.kind, position.grade)]
        age = rng.randint(low, high)
        birth = self.birth_date(age)
        if employment_type == "pns":
            ranks = pns_rank_range(position.kind, position.grade, position.name)
            entry_age = rng.randint(22, max(22, min(35, age - service)))
            months = birth.month - 1 + rng.randint(0, 11)
            tmt = min((birth.year + entry_age + months // 12, months % 12 + 1), LAST_TMT)
            middle = f"{tmt[0]:04d}{tmt[1]:02d}"
        else:
            ranks = pppk_rank_range(position.kind, position.grade, position.name)[:2]
            years = [year for year, _weight in PPPK_YEARS if year >= birth.year + 22] or [LAST_TMT[0]]
            weights = [weight for year, weight in PPPK_YEARS if year in years] or [1]
            middle = f"{rng.choices(years, weights=weights)[0]:04d}21"  # NI PPPK: appointment year, then 21
        spread = (age - low) / max(1, high - low)
        rank = ranks[min(len(ranks) - 1, max(0, int((spread + rng.uniform(-0.3, 0.3)) * len(ranks))))]
        nip = self.nip(f"{birth:%Y%m%d}{middle}{1 if gender == 'L' else 2}")
        schooling = rank if employment_type == "pns" else pns_ranks()[reference.PPPK_RANKS.index(rank)]
        front, back = self.titles(position, schooling, age, gender, style)
        email = None
        if position.level is not None or rng.random() < STAFF_EMAIL_SHARE:
            email = self.email(name)
        return EmployeePlan(nip, name, front, back, employment_type, rank, gender, birth, position.code,
                            position.unit, None, email, STAFF_LEVEL if position.level is None else position.level)

    def name(self, style: NameStyle, gender: str) -> str:
        rng = self.rng
        firsts, seconds = (style.male, style.male_second) if gender == "L" else (style.female, style.female_second)
        first = rng.choice(firsts)
        words = [first]
        if seconds and (first in NEEDS_SECOND or rng.random() < style.second):
            second = rng.choice(seconds)
            if second != first:
                words.append(second)
        prefix = style.male_prefix if gender == "L" else style.female_prefix
        if prefix and rng.random() < style.prefix:
            words.insert(0, prefix)
        given = " ".join(words)
        if style.surnames and rng.random() < style.surname:
            marga = rng.choice(style.surnames)
            if gender == "P" and rng.random() < style.boru:
                return f"{given} br. {marga}"
            return f"{given} {marga}"
        if len(words) == 1 and first in NEEDS_SECOND:
            return f"{given} {rng.choice(MUSLIM_FEMALE_2 if gender == 'P' else MUSLIM_MALE_2)}"
        return given

    def birth_date(self, age: int) -> date:
        """A birthday giving ``age`` full years on REFERENCE_DATE (never on 1 January itself)."""
        start = date(REFERENCE_DATE.year - 1 - age, 1, 2)
        return start + timedelta(days=self.rng.randint(0, (date(start.year, 12, 31) - start).days))

    def nip(self, prefix: str) -> str:
        """Prefix (birth date, TMT or appointment, gender digit) plus the next free sequence number."""
        sequence = self.nip_sequences.get(prefix, 0)
        while True:
            sequence += 1
            nip = f"{prefix}{sequence:03d}"
            if nip not in self.taken_nips:
                break
        self.nip_sequences[prefix] = sequence
        self.taken_nips.add(nip)
        return nip

    def email(self, name: str) -> str:
        words = [re.sub(r"[^a-z]", "", word.lower()) for word in name.replace(" br. ", " ").split()]
        words = [word for word in words if word and word not in ("tengku", "teuku", "cut")] or ["pegawai"]
        local = ".".join(dict.fromkeys([words[0], words[-1]]))
        candidate, number = local, 1
        while f"{candidate}@{EMAIL_DOMAIN}" in self.taken_emails:
            number += 1
            candidate = f"{local}{number}"
        email = f"{candidate}@{EMAIL_DOMAIN}"
        self.taken_emails.add(email)
        return email

    def titles(self, position: PositionPlan, rank: str, age: int, gender: str,
               style: NameStyle) -> tuple[str, str]:
        """Academic (and hajj) titles plausible for the position, its level and the person; ``rank`` is the
        PNS rank, or its equivalent for PPPK, which tells the schooling of a pelaksana."""
        rng = self.rng
        front: list[str] = []
        back: list[str] = []
        agency = self.agency_of.get(position.agency)
        if position.level is not None and agency is not None:
            level = position.level
            medical = agency.medical and level < 4 and rng.random() < (0.4 if level == 2 else 0.6)
            if rng.random() < {0: 0.3, 1: 0.25, 2: 0.08}.get(level, 0.0):
                front.append("Dr.")
            if medical:
                front.append("dr.")
            else:
                back.append(rng.choice(agency.s1))
            if rng.random() < {0: 1.0, 1: 1.0, 2: 0.7, 3: 0.35, 4: 0.2}[level]:
                back.append(rng.choice(("M.Kes.", "M.K.M.") if medical else agency.s2))
        elif position.family:
            family = FAMILIES[position.family]
            if position.kind == "fungsional_keahlian":
                if family.front:
                    front.append(family.front)
                if position.family == "Perawat":
                    front.append("Ns.")
                if family.s1[0]:
                    back.append(rng.choice(family.s1))
                chance = {AP: 0.08, AM: 0.35, AMD: 0.7}.get(position.grade or "", 0.0)
                if rng.random() < chance:
                    back.append(rng.choice(family.s2))
                if position.grade == AMD and not family.front and rng.random() < 0.3:
                    front.insert(0, "Dr.")
            elif family.d3 and rng.random() < 0.85:
                back.append(rng.choice(family.d3))
        elif rank.startswith("III"):
            back.append(rng.choice(("S.E.", "S.Sos.", "S.Kom.", "S.H.", "S.AP.", "S.Pd.", "S.I.Kom.")))
        elif rank in ("II/c", "II/d") and rng.random() < 0.6:
            back.append(rng.choice(("A.Md.", "A.Md.Kom.", "A.Md.Ak.")))
        if style.muslim and age >= 40 and rng.random() < 0.2:
            front.append("H." if gender == "L" else "Hj.")
        return " ".join(front), ", ".join(back)


def plan_city(employees: int, seed: int, taken_nips: set[str] | None = None,
              taken_emails: set[str] | None = None) -> CityPlan:
    """The whole demo city as plain data (no database access). Deterministic for a seed and the taken sets."""
    planner = _Planner(employees, seed, taken_nips or set(), taken_emails or set())
    planner.organisation()
    people, accounts = planner.fill()
    return CityPlan(planner.units, planner.positions, people, accounts)
