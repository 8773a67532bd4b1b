"""scores.machine_translation: how strongly the findings say "machine-translated from German".

Each kind of evidence carries points, capped per rule so one repeated habit cannot dominate. The points go
through a logistic curve centred on EVIDENCE_AT_HALF, so 0.5 is the decision threshold: one stray
format habit or calque (1.5 points, seen now and then in human translations) stays below it; two
independent signals, or German capitalisation across the article, pass it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from cleanup import models
from cleanup.detectors.mt_casing import MIN_DISTINCT_PER_WINDOW
from cleanup.document import Document
from cleanup.engine.packs import ScoreSpec
from cleanup.findings import Finding

# Each rule's points, cap, group and whether native writers produce it too ("shared") are its `score:` in
# rules/mt/*.yml and rules/language.yml; the reasons are in each rule's rationale. In short: habits human
# writers share with MT from German count once or are capped below the verdict (European number styles,
# "since 10 years", "you know, that", official names, lowercase starts, capitalised names, German words in
# their dictionary form); calques, German formats and inflected German words count in full.
EVIDENCE_AT_HALF = 2.0
STEEPNESS = 1.6
MT = "machine-translation"


@dataclass(frozen=True)
class Evidence:
    specific: float  # points from evidence native English does not produce (calques, German formats, words)
    shared: float  # points from rules whose `score` says `shared: true`
    drivers: list[str]


def evidence(findings: list[Finding], table: Mapping[str, ScoreSpec]) -> Evidence:
    points: dict[str, float] = {}
    shared_keys: set[str] = set()
    drivers: list[str] = []
    article: dict[str, set[object]] = {}  # "article" rules (MT301): the distinct words they report
    quoted_counted: set[str] = set()
    words: list[tuple[Finding, ScoreSpec]] = []
    for finding in findings:
        spec = table.get(finding.rule)
        if spec is None or spec.verdict != MT:
            continue
        if spec.language is not None and finding.data.get("language") != spec.language:
            continue
        if spec.mode == "article":
            article.setdefault(finding.rule, set()).add(finding.data.get("word"))
            continue
        if spec.mode == "words":
            words.append((finding, spec))
            continue
        if spec.quoted_once and finding.data.get("quoted"):
            # Quotations in lowercase count once: a story that quotes several fans' posts is not MT.
            if finding.rule in quoted_counted:
                continue
            quoted_counted.add(finding.rule)
        key = spec.group or finding.rule
        if spec.shared:
            shared_keys.add(key)
        if points.get(key, 0.0) < spec.cap:
            points[key] = min(spec.cap, points.get(key, 0.0) + spec.points)
            drivers.append(f"{finding.rule}@{finding.start}")
    shared = sum(v for k, v in points.items() if k in shared_keys)
    specific = sum(v for k, v in points.items() if k not in shared_keys)
    inflected, borrowed = _untranslated_points(words, drivers)
    specific += inflected
    shared += borrowed  # dictionary forms: native English about Germany borrows them
    # An article-level rule (MT301) fires on the whole text; the words it reports inside boilerplate
    # removals are dropped before scoring. What is left must still make the article-level case ("Show me
    # See our … Could not subscribe" in a newsletter widget is no evidence of German capitalisation).
    for code, distinct_words in article.items():
        spec = table[code]
        distinct = len(distinct_words)
        if distinct >= MIN_DISTINCT_PER_WINDOW:
            gained = spec.points + spec.per_extra_word * max(0, distinct - 3)
            points_here = min(spec.cap, gained)
            if spec.shared:
                shared += points_here
            else:
                specific += points_here
            drivers.insert(0, f"{code} x{distinct}")
    return Evidence(specific, shared, drivers)


def _untranslated_points(words: list[tuple[Finding, ScoreSpec]], drivers: list[str]) -> tuple[float, float]:
    """(inflected, dictionary-form) points of the untranslated German words, each word counted once. An
    inflected form ("erstand" of erstehen) is what MT leaves when it did not know the word; a dictionary
    form ("Jugendstil") is what native English about Germany borrows, so it counts as shared evidence."""
    if not words:
        return 0.0, 0.0
    spec = words[0][1]  # the rules of one "words" group agree on their figures (checked when packs load)
    inflected: set[str] = set()
    dictionary_form: set[str] = set()
    for finding, _spec in words:
        word = str(finding.data.get("word", "")).lower()
        if word not in inflected and word not in dictionary_form:
            drivers.append(f"{finding.rule}@{finding.start}")
        (inflected if finding.data.get("inflected") else dictionary_form).add(word)
    dictionary_form -= inflected
    inflected_points = min(spec.cap, spec.points * len(inflected))
    borrowed = min(spec.dictionary_form_cap, spec.dictionary_form_points * len(dictionary_form))
    return inflected_points, min(spec.cap - inflected_points, borrowed)


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


def score(
    doc: Document, findings: list[Finding], table: Mapping[str, ScoreSpec], learned: bool = True
) -> tuple[float, list[str]]:
    found = evidence(findings, table)
    logit = learned_logit(doc.text) if learned else None
    drivers = list(found.drivers)
    if logit is not None:
        drivers.insert(0, f"learned style {learned_points(logit):.1f} points (logit {logit:.2f})")
    return combine_points(found.specific, found.shared, logit), drivers
