"""Document score for machine translation (filled in by the MT detectors' evidence)."""

from __future__ import annotations

from cleanup.document import Document
from cleanup.findings import Finding


def score(doc: Document, findings: list[Finding]) -> tuple[float, list[str]]:
    drivers = [f.rule for f in findings if f.category == "machine-translation"]
    return 0.0, drivers
