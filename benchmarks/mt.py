"""MT and spin verdict quality on the dev sets.

Reports: the ROC AUC of scores.machine_translation on ../shared/devset/mt (machine vs human), the share of
machine files that score above their own human reference, false MT verdicts on the human files, on
seeds 001-004 and on the native news of the boilerplate dev set, and the seed verdicts.

Usage: python benchmarks/mt.py [--shared ../shared] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup.analysis import Analyzer, Settings  # noqa: E402
from cleanup.document import Document  # noqa: E402
from cleanup.engine.registry import Registry  # noqa: E402


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive outranks a random negative (ties count half)."""
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    analyzer = Analyzer(Registry.load(), Settings())
    mt_dir = args.shared / "devset" / "mt"

    def analyse(path: Path):
        return analyzer.analyse(Document(path.read_text(encoding="utf-8"), str(path)))

    machine = {p.name: analyse(p) for p in sorted((mt_dir / "machine").glob("*.txt"))}
    human = {p.name: analyse(p) for p in sorted((mt_dir / "human").glob("*.txt"))}
    m_scores = [a.scores.machine_translation for a in machine.values()]
    h_scores = [a.scores.machine_translation for a in human.values()]
    pairs = above = 0
    for name, analysis in machine.items():
        number = re.search(r"_(\d+)\.txt$", name).group(1)
        corpus = name.split("_")[0]
        ref = human.get(f"{corpus}_ref_{number}.txt")
        if ref is not None:
            pairs += 1
            above += analysis.scores.machine_translation > ref.scores.machine_translation
    print(f"MT dev set: {len(machine)} machine, {len(human)} human files")
    print(f"  ROC AUC (machine vs human)                 {auc(m_scores, h_scores):.3f}")
    print(f"  machine above its own human reference      {above}/{pairs}")
    print(f"  machine files with an MT verdict           {sum(s >= 0.5 for s in m_scores)}/{len(m_scores)}")
    print(f"  false MT verdicts on human files           {sum(s >= 0.5 for s in h_scores)}/{len(h_scores)}")
    if args.verbose:
        for group, results in (("machine", machine), ("human", human)):
            for name, analysis in results.items():
                rules = sorted({f.rule for f in analysis.findings if f.category == "machine-translation"})
                print(f"    {group:7} {name:26} {analysis.scores.machine_translation:.3f} {' '.join(rules)}")
    print("Seeds (labels from devset/seeds):")
    false_mt = 0
    for label_path in sorted((args.shared / "devset" / "seeds").glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        analysis = analyse(ROOT / "seeds" / label["file"])
        mt, spun = "machine-translated" in analysis.verdicts, "spun" in analysis.verdicts
        ok = mt == label["machine_translated"] and spun == label["spun"]
        false_mt += mt and not label["machine_translated"]
        print(
            f"  {label['file']}: MT {analysis.scores.machine_translation:.2f} "
            f"spin {analysis.scores.spin:.2f} "
            f"verdicts {analysis.verdicts or '-'} {'(matches label)' if ok else '(WRONG)'}"
        )
    print(f"  false MT verdicts on seeds 001-004         {false_mt}/4")
    # The boilerplate dev set: native English news from 40 sites, none of it translated.
    native = sorted((args.shared / "devset" / "boilerplate" / "raw").glob("*.txt"))
    native_scores = {p.name: analyse(p).scores for p in native}
    flagged = [name for name, scores in native_scores.items() if scores.machine_translation >= 0.5]
    spun = [name for name, scores in native_scores.items() if scores.spin >= 0.5]
    print(f"Native news (boilerplate dev set, {len(native)} files):")
    print(f"  false MT verdicts                          {len(flagged)}/{len(native)} {' '.join(flagged)}")
    print(f"  false spin verdicts                        {len(spun)}/{len(native)} {' '.join(spun)}")


if __name__ == "__main__":
    main()
