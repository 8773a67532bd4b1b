"""scores.spin: how strongly the findings say "run through a synonym spinner".

Spinner swaps are rare in edited news, so two independent swaps pass the 0.5 threshold and one does not.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from cleanup.document import Document
from cleanup.engine.packs import ScoreSpec
from cleanup.findings import Finding

# Each rule's points are its `score:` in rules/spin.yml.
EVIDENCE_AT_HALF = 1.5
STEEPNESS = 2.0


def score(doc: Document, findings: list[Finding], table: Mapping[str, ScoreSpec]) -> tuple[float, list[str]]:
    total = 0.0
    drivers = []
    for finding in findings:
        spec = table.get(finding.rule)
        if spec is not None and spec.verdict == "spin":
            total += spec.points
            drivers.append(f"{finding.rule}@{finding.start}")
    value = 1.0 / (1.0 + math.exp(-STEEPNESS * (total - EVIDENCE_AT_HALF))) if total else 0.0
    return value, drivers
