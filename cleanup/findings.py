"""What detectors produce: findings with an optional fix, and the vocabulary they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

CATEGORIES = (
    "boilerplate",
    "machine-translation",
    "spin",
    "typography",
    "language",
    "grammar",
    "readability",
)

# Ordered from least to most serious; `--fail-on` compares against this order.
SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

Safety = Literal["safe", "unsafe"]


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace the finding's span with `replacement` ("" removes it)."""

    replacement: str
    safety: Safety


@dataclass(slots=True)
class Finding:
    rule: str
    start: int
    end: int
    message: str
    fix: Fix | None = None
    # Filled from the rule registry when the finding leaves the detector.
    name: str = ""
    category: str = ""
    severity: str = "warning"
    # Extra facts a detector wants to expose (boilerplate class, confidence, evidence ...).
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule)
