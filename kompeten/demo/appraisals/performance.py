"""The SKP of the demo cycle: work targets with their realisation and the seven BerAKHLAK ratings, from which
the rules compute hasil kerja, perilaku kerja and predikat kinerja (mostly Baik; generous agencies and lenient
supervisors give more Sangat Baik)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from flask import current_app
from sqlalchemy import update

from competencies.appraisals.models import Appraisal, AppraisalFormStatus, WorkTarget
from competencies.appraisals.rules import (
    achievement_ratio,
    behaviour_rating,
    core_value_names,
    performance_rating,
    result_rating,
)
from kompeten.demo.appraisals.ratings import FormPlan
from kompeten.demo.appraisals.world import World, agency
from kompeten.demo.bulk import bulk_insert
from lms.extensions import db

GENEROUS_SHARE = 0.1  # agencies whose supervisors give about a quarter Sangat Baik: over the default 20% limit
GENEROUS = (1.9, 2.3)
TARGETS = (
    ("Tersusunnya laporan kinerja bulanan unit kerja", "Jumlah laporan kinerja yang disampaikan tepat waktu", 12,
     "laporan"),
    ("Terselesaikannya permohonan layanan masyarakat sesuai SOP", "Jumlah permohonan yang diselesaikan", 240,
     "permohonan"),
    ("Tertatanya arsip dinamis unit kerja", "Jumlah berkas arsip yang ditata dan didaftar", 400, "berkas"),
    ("Terlaksananya sosialisasi program kepada masyarakat", "Jumlah kegiatan sosialisasi yang dilaksanakan", 8,
     "kegiatan"),
    ("Terverifikasinya dokumen usulan kegiatan", "Jumlah dokumen yang diverifikasi", 60, "dokumen"),
    ("Termutakhirkannya data pada sistem informasi unit kerja", "Jumlah data yang dimutakhirkan", 1200, "data"),
    ("Tersusunnya telaahan staf sebagai bahan kebijakan pimpinan", "Jumlah telaahan staf yang diselesaikan", 10,
     "telaahan"),
    ("Terlaksananya pemantauan lapangan", "Jumlah kunjungan pemantauan yang dilaksanakan", 24, "kunjungan"),
)
LEAD_TARGET = ("Tercapainya sasaran kinerja unit kerja yang dipimpin", "Jumlah indikator kinerja unit yang tercapai",
               6, "indikator")
CORE_VALUE_NOTES = {
    "di_atas_ekspektasi": "Menjadi teladan rekan kerja dalam pelayanan dan kerja sama sepanjang tahun.",
    "di_bawah_ekspektasi": "Beberapa kali terlambat menyelesaikan tugas dan perlu pembinaan perilaku kerja.",
}
# (hasil kerja, perilaku kerja) probabilities: result first, then behaviour given the result.
RESULTS = {"honest": (0.20, 0.70, 0.10), "lenient": (0.70, 0.30, 0.0), "severe": (0.03, 0.55, 0.42)}
BEHAVIOURS = {
    "honest": {"di_atas_ekspektasi": (0.55, 0.43, 0.02), "sesuai_ekspektasi": (0.12, 0.84, 0.04),
               "di_bawah_ekspektasi": (0.05, 0.80, 0.15)},
    "lenient": {"di_atas_ekspektasi": (0.85, 0.15, 0.0), "sesuai_ekspektasi": (0.40, 0.60, 0.0),
                "di_bawah_ekspektasi": (0.2, 0.8, 0.0)},
    "severe": {"di_atas_ekspektasi": (0.1, 0.8, 0.1), "sesuai_ekspektasi": (0.02, 0.70, 0.28),
               "di_bawah_ekspektasi": (0.0, 0.7, 0.3)},
}
EXPECTATION_ORDER = ("di_atas_ekspektasi", "sesuai_ekspektasi", "di_bawah_ekspektasi")
RATIOS = {"di_atas_ekspektasi": (1.13, 1.3), "sesuai_ekspektasi": (0.94, 1.06), "di_bawah_ekspektasi": (0.6, 0.86)}


def _draw(options: Sequence[str], weights: Sequence[float], rng: random.Random) -> str:
    return rng.choices(options, weights=weights)[0]


def fill_performance(world: World, supervisor_forms: dict[int, FormPlan], bias: dict[int, int],
                     rng: random.Random) -> None:
    """Work targets and BerAKHLAK ratings of every appraisal with a supervisor; the ratings that follow are
    computed with the rules and written in one bulk update. A supervisor who did not submit left the SKP
    without realisation (no predikat)."""
    config = current_app.config
    keys = list(core_value_names())
    generosity = {}
    targets, appraisals = [], []
    for appraisal_id in world.order:
        snapshot = world.appraisals[appraisal_id]
        plan = supervisor_forms.get(appraisal_id)
        if snapshot.supervisor_id is None or plan is None:
            continue
        disposition = {1: "lenient", -1: "severe"}.get(bias.get(snapshot.supervisor_id, 0), "honest")
        opd = agency(world.paths[snapshot.unit_id])
        if opd not in generosity:  # how readily the agency's supervisors see results above expectation
            generosity[opd] = rng.uniform(*GENEROUS) if rng.random() < GENEROUS_SHARE else rng.uniform(0.6, 1.3)
        boost = generosity[opd] if disposition == "honest" else 1.0
        above, expected, below = RESULTS[disposition]
        result = _draw(EXPECTATION_ORDER, (above * boost, expected, below), rng)
        behaviour = _draw(EXPECTATION_ORDER, BEHAVIOURS[disposition][result], rng)
        done = plan.status == AppraisalFormStatus.SUBMITTED
        chosen = rng.sample(TARGETS, rng.choice((2, 2, 3)))
        if snapshot.employee_id in world.staff:
            chosen = [LEAD_TARGET, *chosen[:2]]
        low, high = RATIOS[result]
        ratio = rng.uniform(low, high)
        pairs = []
        for position, (description, indicator, base, unit) in enumerate(chosen, start=1):
            target = float(max(1, round(base * rng.uniform(0.75, 1.25))))
            actual = float(max(0, round(target * (ratio + rng.gauss(0, 0.03))))) if done else None
            pairs.append((target, actual))
            targets.append((appraisal_id, position, description, indicator, target, unit, actual))
        if not done:
            continue
        values = _core_values(keys, behaviour, rng)
        results = result_rating(achievement_ratio(pairs), config["APPRAISAL_RESULT_BELOW"],
                                config["APPRAISAL_RESULT_ABOVE"])
        behaviours = behaviour_rating(values, keys)
        appraisals.append({"id": appraisal_id, "core_values": values,
                           "core_values_note": CORE_VALUE_NOTES.get(behaviours, ""), "result_rating": results,
                           "behaviour_rating": behaviours,
                           "performance_rating": performance_rating(results, behaviours)})
    bulk_insert(WorkTarget.__table__, ("appraisal_id", "position", "description", "indicator", "target", "unit",
                                       "actual"), targets)
    if appraisals:
        db.session.execute(update(Appraisal), appraisals)


def _core_values(keys: list[str], behaviour: str, rng: random.Random) -> dict[str, str]:
    """Seven BerAKHLAK ratings whose mean gives ``behaviour``."""
    if behaviour == "di_atas_ekspektasi":
        above, below = rng.randint(4, 7), 0
    elif behaviour == "di_bawah_ekspektasi":
        above, below = 0, rng.randint(4, 6)
    else:
        above = rng.choice((0, 0, 0, 1, 1, 2, 3))
        below = 1 if above <= 2 and rng.random() < 0.1 else 0
    order = rng.sample(keys, len(keys))
    marks = dict.fromkeys(order[:above], "di_atas_ekspektasi")
    marks.update(dict.fromkeys(order[above:above + below], "di_bawah_ekspektasi"))
    return {key: marks.get(key, "sesuai_ekspektasi") for key in keys}
