"""scores.spin: how strongly the findings say "run through a synonym spinner".

Spinner swaps are rare in edited news, so two independent swaps pass the 0.5 threshold and one does not.
"""

from __future__ import annotations

import math

from cleanup.document import Document
from cleanup.findings import Finding

WEIGHTS = {"SP101": 1.0, "SP102": 1.0, "SP103": 1.25, "SP104": 1.25}
EVIDENCE_AT_HALF = 1.5
STEEPNESS = 2.0


def score(doc: Document, findings: list[Finding]) -> tuple[float, list[str]]:
    total = 0.0
    drivers = []
    for finding in findings:
        weight = WEIGHTS.get(finding.rule)
        if weight is not None:
            total += weight
            drivers.append(f"{finding.rule}@{finding.start}")
    value = 1.0 / (1.0 + math.exp(-STEEPNESS * (total - EVIDENCE_AT_HALF))) if total else 0.0
    return value, drivers
