"""Small learned models shipped in the wheel, and the code to run them without numpy.

A model is a JSON file of named feature weights: scoring a row of string features is one dict lookup per
feature, so importing and running a model costs nothing that pre-commit start-up would notice.
Models are written by the training scripts in scripts/ from ../shared/trainset alone, with a fixed seed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

MODELS_DIR = Path(__file__).resolve().parent


def sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression over string features that are either present (value 1) or absent."""

    weights: dict[str, float]
    bias: float = 0.0

    def logit(self, features: Iterable[str], *more: Iterable[str]) -> float:
        """Features are present or absent: each must occur once (the feature builders make sure of it).
        `more`: further rows of features, added without building one list."""
        # map + filter run in C: unknown features give None, which filter drops (measured 2x a genexpr).
        get = self.weights.get
        total = self.bias + sum(filter(None, map(get, features)))
        for extra in more:
            total += sum(filter(None, map(get, extra)))
        return total

    def logit_of_values(self, values: dict[str, float]) -> float:
        """The logit for features with real values (weights times values)."""
        get = self.weights.get
        return self.bias + sum(w * v for f, v in values.items() if (w := get(f)) is not None)

    def probability(self, features: Iterable[str], *more: Iterable[str]) -> float:
        return sigmoid(self.logit(features, *more))

    def to_json(self) -> dict[str, Any]:
        return {"bias": self.bias, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        return cls({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]))


@dataclass(frozen=True)
class ModelFile:
    """One shipped model file: its stages, its thresholds and what it was trained on."""

    stages: dict[str, LinearModel]
    meta: dict[str, Any] = field(default_factory=dict)


@cache
def load(name: str) -> ModelFile:
    path = MODELS_DIR / f"{name}.json"
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    stages = {key: LinearModel.from_json(value) for key, value in data["stages"].items()}
    return ModelFile(stages, data.get("meta", {}))


def save(path: Path, stages: dict[str, LinearModel], meta: dict[str, Any]) -> None:
    payload = {"meta": meta, "stages": {k: v.to_json() for k, v in stages.items()}}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    tmp.replace(path)
