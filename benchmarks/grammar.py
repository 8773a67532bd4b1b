"""Harper grammar pass: speed, findings per 1,000 words, spelling flags kept, lint density as an MT signal.

Usage: python benchmarks/grammar.py [--shared ../shared] [--docs 200]

* Speed: the analysis with `--grammar harper` (all default rules plus Harper) over `--docs` articles, in
  one process and in 2 worker processes (`--jobs 2`), through the same code as `cleanup scan`.
* Findings per 1,000 words on the seeds, the boilerplate dev set and the MT dev set, and every spelling
  flag that survives the name/vocabulary filter, so the false-flag rate can be judged by eye.
* Grammar-lint density (non-spelling Harper findings per 1,000 words) as a machine-translation signal:
  its ROC AUC on the MT dev set (machine vs human).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.mt import auc  # noqa: E402
from benchmarks.throughput import build_corpus  # noqa: E402
from cleanup.analysis import Recipe, Settings  # noqa: E402
from cleanup.document import Document  # noqa: E402
from cleanup.grammar import GrammarConfig  # noqa: E402
from cleanup.grammar.harper_backend import HarperBackend  # noqa: E402
from cleanup.io.reading import collect  # noqa: E402
from cleanup.run import analyse_all  # noqa: E402


def words(text: str) -> int:
    return len(text.split())


def per_thousand(files: list[Path], harper: HarperBackend) -> tuple[float, float, list[str]]:
    total_words = total = spelling = 0
    kept: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        findings = harper.check(Document(text))
        total_words += words(text)
        total += len(findings)
        for f in findings:
            if f.rule in (
                "HARPER:SpellCheck",
                "HARPER:SplitWords",
                "HARPER:MergeWords",
                "HARPER:DisjointPrefixes",
            ):
                spelling += 1
                kept.append(f"{path.name}: {text[f.start : f.end]!r}")
    return 1000 * total / total_words, 1000 * spelling / total_words, kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--docs", type=int, default=200)
    args = parser.parse_args()
    harper = HarperBackend()

    recipe = Recipe((), Settings(), GrammarConfig("harper"))
    analyzer, _ = recipe.build()
    with tempfile.TemporaryDirectory() as tmp:
        build_corpus(Path(tmp), args.docs, args.shared)
        names, _ = collect([tmp])
        analyse_all(names[:5], analyzer, 64 << 20, jobs=1)  # warm-up: Harper's linter, lexicons
        rates = {}
        for jobs in (1, 2):
            started = time.perf_counter()
            analyse_all(names, analyzer, 64 << 20, jobs=jobs)
            rates[jobs] = args.docs / (time.perf_counter() - started)
    print(f"Harper pass, {args.docs} articles of ~4.3 KB (all default rules + Harper):")
    print(f"  --jobs 1: {rates[1]:6.1f} docs/s")
    print(f"  --jobs 2: {rates[2]:6.1f} docs/s   (x{rates[2] / rates[1]:.2f}; includes starting 2 workers)")

    sets = {
        "seeds": sorted((ROOT / "seeds").glob("*.txt")),
        "boilerplate dev set": sorted((args.shared / "devset" / "boilerplate" / "raw").glob("*.txt")),
        "MT dev set (English)": sorted((args.shared / "devset" / "mt").glob("[mh]*/*.txt")),
    }
    print("Findings per 1,000 words (Harper):")
    for name, files in sets.items():
        rate, spelling_rate, kept = per_thousand(files, harper)
        print(
            f"  {name:22} all {rate:5.1f}   spelling {spelling_rate:4.2f}   spelling flags kept: {len(kept)}"
        )
        for line in kept:
            print(f"      {line}")

    density = {}
    for group in ("machine", "human"):
        density[group] = []
        for path in sorted((args.shared / "devset" / "mt" / group).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            lints = [f for f in harper.check(Document(text)) if "Spell" not in f.rule]
            density[group].append(1000 * len(lints) / max(1, words(text)))
    print(
        f"Grammar-lint density as an MT signal: ROC AUC {auc(density['machine'], density['human']):.3f} "
        "(0.5 = no signal); not used in scores.machine_translation"
    )


if __name__ == "__main__":
    main()
