"""Word lists kept as data under rules/lexicons/, loaded once per process."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from cleanup.engine.packs import builtin_rules_dir

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> Any:
    path = builtin_rules_dir() / "lexicons" / f"{name}.yml"
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)


@cache
def word_set(name: str, key: str | None = None) -> frozenset[str]:
    data = load(name)
    words = data[key] if key is not None else data
    return frozenset(str(w) for w in words)


@cache
def word_lines(name: str) -> frozenset[str]:
    """A plain word list (one per line, # comments) under rules/lexicons/."""
    path = builtin_rules_dir() / "lexicons" / f"{name}.txt"
    with path.open(encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip() and not line.startswith("#"))
