"""Character-level precision / recall of what `cleanup fix` removes, against the labelled dev sets.

Usage: python benchmarks/boilerplate.py [--shared ../shared] [--verbose]

Only non-whitespace characters count. A character counts as removed when it is inside an applied
boilerplate deletion (BP rules, safe fixes, as `cleanup fix` applies them by default). "Content lost" is
the share of the gold-kept non-whitespace characters that were removed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup.analysis import Analyzer, Settings  # noqa: E402
from cleanup.detectors import CorpusStats  # noqa: E402
from cleanup.document import Document  # noqa: E402
from cleanup.engine.registry import Registry, Selection  # noqa: E402
from cleanup.fixes import choose_edits  # noqa: E402
from cleanup.io.reading import SourceText  # noqa: E402
from cleanup.run import corpus_stats  # noqa: E402


def load_set(label_dir: Path, raw_dir: Path) -> list[tuple[str, str, list[dict]]]:
    items = []
    for label_path in sorted(label_dir.glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        text = (raw_dir / label["file"]).read_text(encoding="utf-8")
        items.append((label["file"], text, label["remove"]))
    return items


def removed_mask(text: str, analyzer: Analyzer, corpus: CorpusStats | None) -> list[bool]:
    findings = [f for f in analyzer.analyse(Document(text), corpus).findings if f.category == "boilerplate"]
    mask = [False] * len(text)
    for edit in choose_edits(findings):
        for i in range(edit.start, edit.end):
            mask[i] = True
    return mask


def evaluate(items, analyzer: Analyzer, verbose: bool) -> dict[str, float]:
    corpus = corpus_stats(SourceText(name, text) for name, text, _ in items)
    tp = fp = fn = kept_total = 0
    for name, text, spans in items:
        gold = [False] * len(text)
        for span in spans:
            for i in range(span["start"], span["end"]):
                gold[i] = True
        mask = removed_mask(text, analyzer, corpus)
        file_fp = file_fn = 0
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            if gold[i] and mask[i]:
                tp += 1
            elif mask[i]:
                fp += 1
                file_fp += 1
            elif gold[i]:
                fn += 1
                file_fn += 1
            if not gold[i]:
                kept_total += 1
        if verbose and (file_fp or file_fn):
            print(f"  {name}: {file_fp} chars wrongly removed, {file_fn} chars missed")
            wrong = [m and not g for m, g in zip(mask, gold, strict=True)]
            missed = [g and not m for m, g in zip(mask, gold, strict=True)]
            for label, flags in (("WRONG", wrong), ("MISSED", missed)):
                i = 0
                while i < len(text):
                    if flags[i]:
                        j = i
                        while j < len(text) and flags[j]:
                            j += 1
                        if text[i:j].strip():
                            print(f"    {label}: {text[i:j][:140]!r}")
                        i = j
                    else:
                        i += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "content_lost": fp / kept_total if kept_total else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    registry = Registry.load()
    analyzer = Analyzer(registry, Settings(selection=Selection(select=("BP",))))
    sets = {
        "seeds": load_set(args.shared / "devset" / "seeds", ROOT / "seeds"),
        "boilerplate dev set": load_set(
            args.shared / "devset" / "boilerplate" / "labels", args.shared / "devset" / "boilerplate" / "raw"
        ),
    }
    print(f"{'set':<22}{'files':>6}{'precision':>11}{'recall':>8}{'F1':>7}{'content lost':>14}")
    for name, items in sets.items():
        started = time.perf_counter()
        if args.verbose:
            print(f"{name}:")
        scores = evaluate(items, analyzer, args.verbose)
        print(
            f"{name:<22}{len(items):>6}{scores['precision']:>11.3f}{scores['recall']:>8.3f}{scores['f1']:>7.3f}"
            f"{scores['content_lost']:>13.2%}   ({time.perf_counter() - started:.1f}s)"
        )


if __name__ == "__main__":
    main()
