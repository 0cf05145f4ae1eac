"""The people of the demo city: which posts are filled (all of them in a large enough city), by whom (names,
ages, NIPs, ranks, titles and e-mails as in Medan), who supervises whom, and who holds the demo accounts."""

from __future__ import annotations

import math
import random
import re
from datetime import date, timedelta

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
from kompeten.demo.plan.model import EmployeePlan, PositionPlan
from kompeten.demo.plan.structure import Structure
from kompeten.demo.positions import AM, AMD, AP, FAMILIES
from lms.people import reference

# Ages, service years and NIP dates are counted from this day, so that a seed gives the same city every day.
REFERENCE_DATE = date(2026, 1, 1)
LAST_TMT = (2025, 12)
EMAIL_DOMAIN = "pemkomedan.go.id"
# Share of the employees that structural posts may take when the city is too small to fill them all.
STRUCTURAL_SHARE = 0.6
PPPK_SHARE = 0.35
STAFF_EMAIL_SHARE = 0.65
STAFF_LEVEL = 9


class Staffing:
    """Plans the employees of a planned :class:`Structure` (:meth:`fill`), drawing from ``random.Random(seed)``."""

    def __init__(self, structure: Structure, employees: int, seed: int, taken_nips: set[str], taken_emails: set[str]):
        self.total = employees
        self.rng = random.Random(seed)
        self.positions = structure.positions
        self.unit_by_code = structure.unit_by_code
        self.agency_of = structure.agency_of
        self.staff_units = structure.staff_units
        self.agency_shares = structure.agency_shares
        self.taken_nips = set(taken_nips)
        self.taken_emails = {email.lower() for email in taken_emails}
        self.nip_sequences: dict[str, int] = {}

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
