"""Document-level scores and verdicts, derived from the findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cleanup.document import Document
from cleanup.engine.packs import PackError, RuleSpec, ScoreSpec
from cleanup.findings import Finding


@dataclass
class Scores:
    machine_translation: float = 0.0
    spin: float = 0.0
    boilerplate: float = 0.0
    drivers: dict[str, list[str]] = field(default_factory=dict)
    verdicts: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, float]:
        return {
            "machine_translation": round(self.machine_translation, 3),
            "spin": round(self.spin, 3),
            "boilerplate": round(self.boilerplate, 4),
        }


def boilerplate_share(doc: Document, findings: list[Finding]) -> float:
    """Share of the document's characters covered by boilerplate findings (overlaps counted once)."""
    if not doc.text:
        return 0.0
    spans = sorted((f.start, f.end) for f in findings if f.category == "boilerplate")
    covered = 0
    reach = 0
    for start, end in spans:
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered / len(doc.text)


ScoreTable = Mapping[str, ScoreSpec]


def score_table(specs: Iterable[RuleSpec]) -> dict[str, ScoreSpec]:
    """Each scoring rule's `score:` from the packs, by code. Rules that count distinct words as one group
    (MT303 and MT304: untranslated German) must agree on its figures."""
    table = {spec.code: spec.score for spec in specs if spec.score is not None}
    groups: dict[str, tuple[str, ScoreSpec]] = {}
    for code, spec in table.items():
        if spec.mode == "words" and spec.group:
            first = groups.setdefault(spec.group, (code, spec))
            if first[1] != spec:
                raise PackError(f"{code}: its score differs from {first[0]}'s in group {spec.group!r}")
    return table


def document_scores(
    doc: Document, findings: list[Finding], english: bool, table: ScoreTable, learned_mt: bool = True
) -> Scores:
    """`table`: the rules' weights (`score_table`); `learned_mt`: run the learned MT style model (off when
    no MT rule is selected: `--select BP` asks for no MT verdict, and the model is most of the score's
    cost)."""
    scores = Scores(boilerplate=boilerplate_share(doc, findings))
    if english:
        from cleanup.detectors import mt_score, spin_score

        scores.machine_translation, scores.drivers["machine_translation"] = mt_score.score(
            doc, findings, table, learned=learned_mt
        )
        scores.spin, scores.drivers["spin"] = spin_score.score(doc, findings, table)
    if scores.machine_translation >= 0.5:
        scores.verdicts.append("machine-translated")
    if scores.spin >= 0.5:
        scores.verdicts.append("spun")
    return scores
