"""scores.machine_translation: how strongly the findings say "machine-translated from German".

Each kind of evidence carries points, capped per rule so one repeated habit cannot dominate. The points go
through a logistic curve centred on EVIDENCE_AT_HALF, so 0.5 is the decision threshold: one stray
format habit or calque (1.5 points, seen now and then in human translations) stays below it; two
independent signals, or German capitalisation across the article, pass it.
"""

from __future__ import annotations

import math

from cleanup.detectors.mt_casing import MIN_DISTINCT_PER_WINDOW
from cleanup.document import Document
from cleanup.findings import Finding

# points per finding, and the most points one rule may contribute
WEIGHTS: dict[str, tuple[float, float]] = {
    "MT101": (1.5, 3.0),
    # Habits that human writers share with MT from German count once, so repeating one never makes a
    # verdict: decimal commas and dotted thousands ("8,5 million", "12.000") in English written by Europeans,
    # "since 10 years" in Indian English.
    "MT102": (1.5, 1.5),
    "MT103": (1.0, 1.5),
    "MT104": (1.5, 3.0),
    "MT105": (1.5, 3.0),
    "MT106": (1.5, 1.5),
    "MT107": (1.0, 2.0),
    "MT108": (0.75, 1.5),
    "MT109": (1.5, 3.0),
    "MT110": (1.5, 3.0),
    "MT201": (2.0, 4.0),
    "MT202": (2.0, 4.0),
    "MT203": (1.5, 3.0),
    "MT204": (0.25, 0.5),  # official names native English uses too ("Federal Government" in Australia)
    "MT302": (1.25, 3.75),
    "MT401": (0.5, 1.0),
    "LG102": (1.0, 2.0),
}
# Rules that see one habit share one cap: decimal commas and dotted thousands are one European number style.
SHARED_CAP = {"MT102": "european-numbers", "MT103": "european-numbers"}
CAPITALISATION_POINTS = 2.5  # MT301 fires only when the article-level signal does
# Untranslated German (MT303, MT304) counts distinct words. Native English about Germany borrows words in
# their dictionary form ("glühwein", "Weißwurst", "Jugendstil"), and human translators keep a term now and
# then, so such words alone stay below the verdict however many there are. An inflected form ("erstand" of
# erstehen, "Balkone" of Balkon) is what MT leaves when it did not know the word.
UNTRANSLATED_INFLECTED = 1.0
UNTRANSLATED_DICTIONARY_FORM = 0.5
UNTRANSLATED_DICTIONARY_FORM_CAP = 1.5
UNTRANSLATED_CAP = 3.0
EVIDENCE_AT_HALF = 2.0
STEEPNESS = 1.6


def evidence_points(findings: list[Finding]) -> tuple[float, list[str]]:
    points: dict[str, float] = {}
    drivers: list[str] = []
    capitalised = quotation_counted = False
    for finding in findings:
        if finding.rule == "MT301":
            capitalised = True
            continue
        if finding.rule == "MT302" and finding.data.get("quoted"):
            # Quotations in lowercase count once: a story that quotes several fans' posts is not MT.
            if quotation_counted:
                continue
            quotation_counted = True
        if finding.rule == "LG102" and finding.data.get("language") != "de":
            continue
        weight = WEIGHTS.get(finding.rule)
        if weight is None:
            continue
        each, cap = weight
        key = SHARED_CAP.get(finding.rule, finding.rule)
        if points.get(key, 0.0) < cap:
            points[key] = min(cap, points.get(key, 0.0) + each)
            drivers.append(f"{finding.rule}@{finding.start}")
    total = sum(points.values()) + _untranslated_points(findings, drivers)
    # MT301 fires on the whole text; the words it reports inside boilerplate removals are dropped before
    # scoring. What is left must still make the article-level case ("Show me See our … Could not
    # subscribe" in a newsletter widget is no evidence of German capitalisation).
    distinct = len({f.data.get("word") for f in findings if f.rule == "MT301"})
    if capitalised and distinct >= MIN_DISTINCT_PER_WINDOW:
        total += CAPITALISATION_POINTS + 0.25 * max(0, distinct - 3)
        drivers.insert(0, f"MT301 x{distinct}")
    return total, drivers


def _untranslated_points(findings: list[Finding], drivers: list[str]) -> float:
    inflected: set[str] = set()
    dictionary_form: set[str] = set()
    for finding in findings:
        if finding.rule in ("MT303", "MT304"):
            word = str(finding.data.get("word", "")).lower()
            if word not in inflected and word not in dictionary_form:
                drivers.append(f"{finding.rule}@{finding.start}")
            (inflected if finding.data.get("inflected") else dictionary_form).add(word)
    dictionary_form -= inflected
    borrowed = min(UNTRANSLATED_DICTIONARY_FORM_CAP, UNTRANSLATED_DICTIONARY_FORM * len(dictionary_form))
    return min(UNTRANSLATED_CAP, UNTRANSLATED_INFLECTED * len(inflected) + borrowed)


def score(doc: Document, findings: list[Finding]) -> tuple[float, list[str]]:
    total, drivers = evidence_points(findings)
    value = 1.0 / (1.0 + math.exp(-STEEPNESS * (total - EVIDENCE_AT_HALF)))
    return value, drivers
