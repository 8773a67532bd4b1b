"""scores.machine_translation: how strongly the findings say "machine-translated from German".

Each kind of evidence carries points, capped per rule so one repeated habit cannot dominate. The points go
through a logistic curve centred on EVIDENCE_AT_HALF, so 0.5 is the decision threshold: one stray
format habit or calque (1.5 points, seen now and then in human translations) stays below it; two
independent signals, or German capitalisation across the article, pass it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from cleanup import models
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
    "MT107": (1.0, 1.5),  # "you know, that" in interview speech: never a verdict alone
    "MT108": (0.75, 1.5),
    "MT109": (1.5, 3.0),
    "MT110": (1.5, 3.0),
    "MT201": (2.0, 4.0),
    "MT202": (2.0, 4.0),
    "MT203": (1.5, 3.0),
    "MT204": (0.25, 0.5),  # official names native English uses too ("Federal Government" in Australia)
    # Lowercase starts: chat, captions and cut-off lines have them too, so they never make a verdict alone.
    "MT302": (1.25, 1.75),
    "MT401": (0.5, 1.0),
    "LG102": (1.0, 2.0),
}
# Rules that see one habit share one cap: decimal commas and dotted thousands are one European number style.
SHARED_CAP = {"MT102": "european-numbers", "MT103": "european-numbers"}
# MT301 fires only when the article-level signal does. Native news capitalises the names of products,
# programmes, tiers and teams, and Title-Case headings, so German capitalisation alone never makes a
# verdict: below EVIDENCE_AT_HALF however many words it counts.
CAPITALISATION_POINTS = 1.5
CAPITALISATION_CAP = 1.75
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


# Evidence that native English writers produce too (lowercase starts in chat and captions, capitalised
# product and programme names, "since 10 years" in Indian English, European number styles, "you know,
# that" in speech, official names, German words in their dictionary form). It counts in full only where
# the learned style signal agrees that the text reads as translated (see `combine_points`); alone it never
# makes a verdict.
NATIVE_SHARED = frozenset({"MT102", "MT103", "MT106", "MT107", "MT204", "MT301", "MT302"})


@dataclass(frozen=True)
class Evidence:
    specific: float  # points from evidence native English does not produce (calques, German formats, words)
    shared: float  # points from NATIVE_SHARED rules
    drivers: list[str]


def evidence(findings: list[Finding]) -> Evidence:
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
    shared_keys = {SHARED_CAP.get(code, code) for code in NATIVE_SHARED}
    shared = sum(v for k, v in points.items() if k in shared_keys)
    specific = sum(v for k, v in points.items() if k not in shared_keys)
    inflected, borrowed = _untranslated_points(findings, drivers)
    specific += inflected
    shared += borrowed  # dictionary forms: native English about Germany borrows them
    # MT301 fires on the whole text; the words it reports inside boilerplate removals are dropped before
    # scoring. What is left must still make the article-level case ("Show me See our … Could not
    # subscribe" in a newsletter widget is no evidence of German capitalisation).
    distinct = len({f.data.get("word") for f in findings if f.rule == "MT301"})
    if capitalised and distinct >= MIN_DISTINCT_PER_WINDOW:
        shared += min(CAPITALISATION_CAP, CAPITALISATION_POINTS + 0.25 * max(0, distinct - 3))
        drivers.insert(0, f"MT301 x{distinct}")
    return Evidence(specific, shared, drivers)


def _untranslated_points(findings: list[Finding], drivers: list[str]) -> tuple[float, float]:
    """(inflected, dictionary-form) points of the untranslated German words, each word counted once."""
    inflected: set[str] = set()
    dictionary_form: set[str] = set()
    for finding in findings:
        if finding.rule in ("MT303", "MT304"):
            word = str(finding.data.get("word", "")).lower()
            if word not in inflected and word not in dictionary_form:
                drivers.append(f"{finding.rule}@{finding.start}")
            (inflected if finding.data.get("inflected") else dictionary_form).add(word)
    dictionary_form -= inflected
    inflected_points = min(UNTRANSLATED_CAP, UNTRANSLATED_INFLECTED * len(inflected))
    borrowed = min(UNTRANSLATED_DICTIONARY_FORM_CAP, UNTRANSLATED_DICTIONARY_FORM * len(dictionary_form))
    return inflected_points, min(UNTRANSLATED_CAP - inflected_points, borrowed)


@cache
def _learned() -> tuple[models.LinearModel, frozenset[str], dict, dict[str, dict[str, float]]]:
    from cleanup.detectors.mt_features import split_weights

    model = models.load("mt")
    stage = model.stages["document"]
    return stage, frozenset(model.meta["vocabulary"]), model.meta["combine"], split_weights(stage.weights)


def learned_logit(text: str) -> float | None:
    """The learned document signal (a logit: > 0 leans machine-translated), or None for a text too short
    to judge (shorter than anything the model was trained on)."""
    from cleanup.detectors.mt_features import document_logit, word_count

    stage, vocabulary, combine, by_family = _learned()
    if word_count(text) < combine["min_words"]:
        return None
    return document_logit(text, vocabulary, by_family, stage.bias)


def learned_points(logit: float | None, combine: dict | None = None) -> float:
    """Evidence points from the learned signal: exactly EVIDENCE_AT_HALF at `verdict_logit` (chosen on
    held-out WMT years for precision on human translations and original English, scripts/train_mt.py), about
    one point per logit unit above it, up to `max_points`; below it a smooth fall towards 0, so the signal
    still ranks documents the rules cannot tell apart but never takes away the rules' specific evidence."""
    if logit is None:
        return 0.0
    combine = combine or _learned()[2]
    offset = math.log(math.expm1(EVIDENCE_AT_HALF))  # softplus(offset) == EVIDENCE_AT_HALF
    z = logit - combine["verdict_logit"] + offset
    points = z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z))
    return min(combine["max_points"], points)


def shared_weight(logit: float | None) -> float:
    """How much of the native-shared rule evidence counts: all of it where the style reads as translated,
    little where it reads as native English (a chat transcript's lowercase lines, an airline's tier names)."""
    return 1.0 if logit is None else models.sigmoid(logit)


def combine_points(specific: float, shared: float, logit: float | None, combine: dict | None = None) -> float:
    """The score from rule evidence and the learned logit (one formula for the product and its training)."""
    total = specific + shared * shared_weight(logit) + learned_points(logit, combine)
    return models.sigmoid(STEEPNESS * (total - EVIDENCE_AT_HALF))


def score(doc: Document, findings: list[Finding], learned: bool = True) -> tuple[float, list[str]]:
    found = evidence(findings)
    logit = learned_logit(doc.text) if learned else None
    drivers = list(found.drivers)
    if logit is not None:
        drivers.insert(0, f"learned style {learned_points(logit):.1f} points (logit {logit:.2f})")
    return combine_points(found.specific, found.shared, logit), drivers
