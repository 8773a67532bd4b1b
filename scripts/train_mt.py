"""Train the learned machine-translation document signal from ../shared/trainset/mt; write its model file.

Usage:
    python scripts/train_mt.py [--shared ../shared] [--out cleanup/models/mt.json] [--validate]

- Documents come from the corpus's own build_docs.py (WMT21-23 de-en system outputs, human references,
  original English). Labels: MT 1, reference and original English 0.
- `--validate` holds out one WMT year at a time (every system translated the same documents, so a random
  split would leak them) and reports AUC of MT vs reference and MT vs original English, per year.
- The vocabulary of function words is the lowercase words frequent in every year (style, not topic).
- ../shared/devset is never read here. Deterministic: sorted inputs, liblinear, a fixed seed.

Needs the `train` extra (scikit-learn, numpy); the scan path needs neither.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Before numpy loads (the same weights on any machine); `from scripts` also works when imported as a module.
from scripts import _pinned_floats  # noqa: E402,F401

# isort: split
import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from cleanup import models  # noqa: E402
from cleanup.detectors import mt_score  # noqa: E402
from cleanup.detectors.mt_features import _TOKEN, document_features, normalise  # noqa: E402
from cleanup.models import LinearModel  # noqa: E402

SEED = 20261202
C = 1.0
MIN_DOCS = 20  # a feature in fewer training documents is dropped
VOCABULARY_DF = 0.08  # a word is a "function word" when at least this share of every year's documents use it
VOCABULARY_MAX = 300
MIN_WORDS = 40  # build_docs.py keeps documents of at least 40 words: the model never saw shorter ones
MAX_POINTS = 3.0  # the most evidence points the learned signal can give (the verdict needs 2.0)
COMBINE = {"max_points": MAX_POINTS}
# The verdict logit is the lowest at which every held-out year's human translations and original English
# stay within these false-verdict rates, rule evidence included (precision first).
MAX_FALSE_REF = 0.03
MAX_FALSE_ORIG = 0.005


def build_docs(shared: Path) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "docs.jsonl"
        subprocess.run(
            [sys.executable, str(shared / "trainset" / "mt" / "build_docs.py"), str(out)],
            check=True,
            capture_output=True,
        )
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def vocabulary(docs: list[dict]) -> list[str]:
    years = sorted({d["year"] for d in docs})
    share: dict[str, list[float]] = {}
    for year in years:
        chosen = [d for d in docs if d["year"] == year]
        df = Counter(
            w
            for d in chosen
            for w in {
                t.lower() for t in _TOKEN.findall(normalise(d["text"])) if t[0].isalpha() and t.islower()
            }
        )
        for word, count in df.items():
            share.setdefault(word, []).append(count / len(chosen))
    common = [(min(v), w) for w, v in share.items() if len(v) == len(years) and min(v) >= VOCABULARY_DF]
    return sorted(w for _s, w in sorted(common, reverse=True)[:VOCABULARY_MAX])


def auc(pos: list[float], neg: list[float]) -> float:
    if not pos or not neg:
        return float("nan")
    order = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum = 0.0
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and order[j][0] == order[i][0]:
            j += 1
        avg = (i + j + 1) / 2
        rank_sum += avg * sum(1 for k in range(i, j) if order[k][1])
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def fit(rows: list[dict[str, float]], labels: list[int]) -> LinearModel:
    from scipy.sparse import csr_matrix

    df = Counter(k for row in rows for k in row)
    names = sorted(k for k, c in df.items() if c >= MIN_DOCS)
    index = {k: i for i, k in enumerate(names)}
    indptr, indices, data = [0], [], []
    for row in rows:
        items = sorted((index[k], v) for k, v in row.items() if k in index)
        indices.extend(i for i, _v in items)
        data.extend(v for _i, v in items)
        indptr.append(len(indices))
    matrix = csr_matrix((data, indices, indptr), shape=(len(rows), len(names)))
    model = LogisticRegression(
        C=C, solver="liblinear", class_weight="balanced", random_state=SEED, max_iter=500
    )
    model.fit(matrix, np.array(labels))
    weights = {n: round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) >= 1e-4}
    return LinearModel(weights, round(float(model.intercept_[0]), 4))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "cleanup" / "models" / "mt.json")
    parser.add_argument("--validate", action="store_true")
    parser.add_argument("--dump", type=Path, help="write the held-out logits (JSON lines) here")
    args = parser.parse_args()
    started = time.perf_counter()
    docs = build_docs(args.shared)
    docs.sort(key=lambda d: (d["year"], d["group"], d["sys"]))
    years = sorted({d["year"] for d in docs})
    if args.validate:
        held_out = []
        for year in years:
            train_docs = [d for d in docs if d["year"] != year]
            vocab = frozenset(vocabulary(train_docs))
            model = fit(
                [document_features(d["text"], vocab) for d in train_docs], [d["label"] for d in train_docs]
            )
            test = [d for d in docs if d["year"] == year]
            logits = [model.logit_of_values(document_features(d["text"], vocab)) for d in test]
            by_kind = {
                k: [s for d, s in zip(test, logits, strict=True) if d["kind"] == k]
                for k in ("mt", "ref", "orig")
            }
            print(
                f"  held out {year}: AUC MT vs ref {auc(by_kind['mt'], by_kind['ref']):.3f}, "
                f"MT vs orig {auc(by_kind['mt'], by_kind['orig']):.3f}"
                f"  ({time.perf_counter() - started:.0f}s)"
            )
            held_out.extend(
                {"year": d["year"], "group": d["group"], "kind": d["kind"], "sys": d["sys"], "logit": s}
                for d, s in zip(test, logits, strict=True)
            )
        verdict_logit = choose_verdict_logit(docs, held_out)
        if args.dump:
            args.dump.write_text("".join(json.dumps(h) + "\n" for h in held_out), encoding="utf-8")
    else:
        verdict_logit = models.load("mt").meta["combine"]["verdict_logit"]
        print(f"verdict logit {verdict_logit} kept from the shipped model (run --validate to choose it anew)")
    vocab_list = vocabulary(docs)
    vocab = frozenset(vocab_list)
    model = fit([document_features(d["text"], vocab) for d in docs], [d["label"] for d in docs])
    print(f"vocabulary {len(vocab_list)} words; {len(model.weights)} weights")
    meta = {
        "trained_on": "shared/trainset/mt: WMT21-23 de-en system outputs, references, original English",
        "seed": SEED,
        "vocabulary": vocab_list,
        "combine": {"min_words": MIN_WORDS, **COMBINE, "verdict_logit": verdict_logit},
    }
    models.save(args.out, {"document": model}, meta)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


def rule_points(docs: list[dict]) -> list[tuple[float, float]]:
    """The rules' evidence points on each document, as the product computes them."""
    from cleanup.analysis import Analyzer, Settings
    from cleanup.detectors import mt_score
    from cleanup.document import Document
    from cleanup.engine.registry import Registry, Selection

    # Only the rules that feed the score: boilerplate and grammar findings do not count.
    analyzer = Analyzer(Registry.load(), Settings(selection=Selection(select=("MT", "LG"))))
    out = []
    for d in docs:
        found = mt_score.evidence(analyzer.analyse(Document(d["text"])).findings, analyzer.score_table)
        out.append((found.specific, found.shared))
    return out


def choose_verdict_logit(docs: list[dict], held_out: list[dict]) -> float:
    points = rule_points(docs)
    by_key = {(d["year"], d["group"], d["sys"]): p for d, p in zip(docs, points, strict=True)}
    for h in held_out:
        h["points"] = by_key[(h["year"], h["group"], h["sys"])]
    chosen = 5.0
    years = sorted({h["year"] for h in held_out})
    for step in range(0, 31):
        candidate = round(2.0 + 0.1 * step, 2)
        combine = {**COMBINE, "verdict_logit": candidate}
        per_year = [_verdict_rates([h for h in held_out if h["year"] == y], combine) for y in years]
        if all(r["ref"] <= MAX_FALSE_REF and r["orig"] <= MAX_FALSE_ORIG for r in per_year):
            chosen = candidate
            break
    combine = {**COMBINE, "verdict_logit": chosen}
    print(f"verdict logit {chosen}")
    for year in sorted({h["year"] for h in held_out}):
        rows = [h for h in held_out if h["year"] == year]
        rates = _verdict_rates(rows, combine)
        scores = {
            k: [mt_score.combine_points(*h["points"], h["logit"], combine) for h in rows if h["kind"] == k]
            for k in ("mt", "ref", "orig")
        }
        print(
            f"  {year}: combined AUC MT vs ref {auc(scores['mt'], scores['ref']):.3f}, "
            f"MT vs orig {auc(scores['mt'], scores['orig']):.3f}; verdicts: MT {rates['mt']:.1%}, "
            f"ref {rates['ref']:.1%}, orig {rates['orig']:.1%}"
        )
    return chosen


def _verdict_rates(rows: list[dict], combine: dict) -> dict[str, float]:
    out = {}
    for kind in ("mt", "ref", "orig"):
        chosen = [h for h in rows if h["kind"] == kind]
        hits = sum(mt_score.combine_points(*h["points"], h["logit"], combine) >= 0.5 for h in chosen)
        out[kind] = hits / len(chosen) if chosen else 0.0
    return out


if __name__ == "__main__":
    main()
