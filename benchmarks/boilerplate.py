"""Character-level precision / recall of what `cleanup fix` removes, per labelled source, with anchors.

Usage:
    python benchmarks/boilerplate.py [--shared ../shared] [--sets seeds dev l3s] [--anchors] [--verbose]
    python benchmarks/boilerplate.py --loso     # leave-one-source-out on the training corpus (needs the
                                                # `train` extra: it retrains one model per held-out source)

Sets scored with the shipped model, none of them trained on:
- `seeds`: the five seed articles (labels in devset/seeds);
- `dev`: ../shared/devset/boilerplate (a test set: never trained or tuned on);
- `l3s`: the training corpus's L3S-GN1 source (research-only licence, so always held out).
`--anchors` scores C4's line rules and jusText (each line a paragraph) on the same files in the same run.

Only non-space characters count. Characters inside `ignore` spans (titles, uncertain text) count neither
way. A character counts as removed when it is inside an applied boilerplate deletion (safe fixes, as
`cleanup fix` applies them by default). "Lost" is the share of the kept (gold) characters removed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup.analysis import Analyzer, Settings  # noqa: E402
from cleanup.document import Document  # noqa: E402
from cleanup.engine.registry import Registry, Selection  # noqa: E402
from cleanup.fixes import choose_edits  # noqa: E402
from cleanup.io.reading import SourceText  # noqa: E402
from cleanup.run import corpus_stats  # noqa: E402

Item = tuple[str, str, list[dict], list[dict]]  # name, text, remove spans, ignore spans


def load_set(label_dir: Path, raw_dir: Path, prefix: str = "") -> list[Item]:
    items = []
    for label_path in sorted(label_dir.glob(f"{prefix}*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        text = (raw_dir / label["file"]).read_text(encoding="utf-8")
        items.append((label["file"], text, label["remove"], label.get("ignore", [])))
    return items


def _mask(length: int, spans: list[dict]) -> list[bool]:
    mask = [False] * length
    for span in spans:
        mask[span["start"] : span["end"]] = [True] * (span["end"] - span["start"])
    return mask


def cleanup_masks(items: list[Item]) -> Callable[[str, str], list[bool]]:
    analyzer = Analyzer(Registry.load(), Settings(selection=Selection(select=("BP",))))
    corpus = corpus_stats(SourceText(name, text) for name, text, _r, _i in items)

    def removed(_name: str, text: str) -> list[bool]:
        findings = analyzer.analyse(Document(text), corpus).findings
        mask = [False] * len(text)
        for edit in choose_edits([f for f in findings if f.category == "boilerplate"]):
            mask[edit.start : edit.end] = [True] * (edit.end - edit.start)
        return mask

    return removed


_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")


def c4_removed(_name: str, text: str) -> list[bool]:
    """C4's line rules (TFDS c4_utils): a line is kept only if it ends in terminal punctuation, has at least
    three words, and mentions neither javascript nor a policy phrase."""
    mask = [False] * len(text)
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        lowered = stripped.lower()
        keep = (
            stripped.endswith((".", "?", "!", '"', "'"))
            and not stripped.endswith("...")
            and len(stripped.split()) >= 3
            and "javascript" not in lowered
            and not any(p in lowered for p in _POLICY)
        )
        if stripped and not keep:
            mask[pos : pos + len(line)] = [True] * len(line)
        pos += len(line) + 1
    return mask


def justext_removed(_name: str, text: str) -> list[bool]:
    """jusText 3 with its English stoplist, each line one <p> (plain text has no markup to read)."""
    import html

    import justext

    lines = [(pos, line) for pos, line in _lines(text) if line.strip()]
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for _p, line in lines) + "</body></html>"
    paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"))
    mask = [False] * len(text)
    by_text: dict[str, list[int]] = {}
    for pos, line in lines:
        by_text.setdefault(" ".join(line.split()), []).append(pos)
    for paragraph in paragraphs:
        if paragraph.is_boilerplate:
            for pos in by_text.get(paragraph.text, [])[:1]:
                end = text.find("\n", pos)
                end = len(text) if end < 0 else end
                mask[pos:end] = [True] * (end - pos)
                by_text[paragraph.text].remove(pos)
    return mask


def _lines(text: str):  # type: ignore[no-untyped-def]
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def evaluate(items: list[Item], removed: Callable[[str, str], list[bool]], verbose: bool) -> dict[str, float]:
    tp = fp = fn = kept = 0
    for name, text, spans, ignore_spans in items:
        gold = _mask(len(text), spans)
        ignore = _mask(len(text), ignore_spans)
        mask = removed(name, text)
        file_fp = file_fn = 0
        for i, ch in enumerate(text):
            if ch.isspace() or ignore[i]:
                continue
            if gold[i]:
                tp += mask[i]
                fn += not mask[i]
                file_fn += not mask[i]
            else:
                kept += 1
                fp += mask[i]
                file_fp += mask[i]
        if verbose and file_fp:
            print(f"  {name}: {file_fp} chars wrongly removed, {file_fn} missed")
            _print_runs(text, [m and not g and not ig for m, g, ig in zip(mask, gold, ignore, strict=True)])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "lost": fp / kept if kept else 0.0}


def _print_runs(text: str, flags: list[bool]) -> None:
    i = 0
    while i < len(text):
        if flags[i]:
            j = i
            while j < len(text) and flags[j]:
                j += 1
            if text[i:j].strip():
                print(f"    WRONG: {text[i:j][:140]!r}")
            i = j
        else:
            i += 1


def row(name: str, method: str, files: int, m: dict[str, float], seconds: float) -> str:
    return (
        f"{name:<14}{method:<12}{files:>6}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>7.3f}"
        f"{m['lost']:>9.2%}   ({seconds:.1f}s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sets", nargs="*", default=["seeds", "dev", "l3s"])
    parser.add_argument("--anchors", action="store_true", help="also score C4 line rules and jusText")
    parser.add_argument("--loso", action="store_true", help="leave-one-source-out on the training corpus")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if args.loso:
        from scripts.train_boilerplate import main as train_main

        sys.argv = ["train_boilerplate.py", "--shared", str(args.shared), "--validate", "--dry-run"]
        train_main()
        return
    train = args.shared / "trainset" / "boilerplate"
    dev = args.shared / "devset" / "boilerplate"
    available = {
        "seeds": lambda: load_set(args.shared / "devset" / "seeds", ROOT / "seeds"),
        "dev": lambda: load_set(dev / "labels", dev / "raw"),
        "l3s": lambda: load_set(train / "labels", train / "raw", prefix="l3s__"),
    }
    print(f"{'set':<14}{'method':<12}{'files':>6}{'P':>8}{'R':>8}{'F1':>7}{'lost':>9}")
    for name in args.sets:
        items = available[name]()
        methods: list[tuple[str, Callable[[str, str], list[bool]]]] = [("cleanup", cleanup_masks(items))]
        if args.anchors:
            methods += [("C4 lines", c4_removed), ("jusText", justext_removed)]
        for method, removed in methods:
            started = time.perf_counter()
            scores = evaluate(items, removed, args.verbose and method == "cleanup")
            print(row(name, method, len(items), scores, time.perf_counter() - started), flush=True)


if __name__ == "__main__":
    main()
