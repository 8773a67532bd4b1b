"""Document score for spun text (filled in by the spin detectors' evidence)."""

from __future__ import annotations

from cleanup.document import Document
from cleanup.findings import Finding


def score(doc: Document, findings: list[Finding]) -> tuple[float, list[str]]:
    drivers = [f.rule for f in findings if f.category == "spin"]
    return 0.0, drivers
