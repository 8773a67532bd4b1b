"""What a non-English article costs against an English one: CPU milliseconds per KB, all default rules.

Usage: python benchmarks/language_cost.py [--shared ../shared] [--rounds 5]

German: ../shared/devset/mt/german (never trained on); English: ../shared/devset/mt/human and the seeds.
Both are checked round-robin in one process (the machine is noisy: read the ratio, not the times).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup.api import Checker  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    mt = args.shared / "devset" / "mt"
    german = [p.read_text(encoding="utf-8") for p in sorted((mt / "german").glob("*.txt"))]
    english = [p.read_text(encoding="utf-8") for p in sorted((mt / "human").glob("*.txt"))]
    english += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    if not german:
        sys.exit(f"no German articles under {mt / 'german'}")
    checker = Checker()
    spent = {"German": 0.0, "English": 0.0}
    size = {"German": sum(map(len, german)) / 1024, "English": sum(map(len, english)) / 1024}
    checker.check(english[0])
    for _ in range(args.rounds):
        for name, texts in (("German", german), ("English", english)):
            started = time.process_time()
            for text in texts:
                checker.check(text)
            spent[name] += time.process_time() - started
    per_kb = {name: spent[name] * 1000 / (size[name] * args.rounds) for name in spent}
    for name, value in per_kb.items():
        print(f"{name:8s} {value:.3f} ms CPU per KB")
    print(f"German / English: {per_kb['German'] / per_kb['English']:.2f}x")


if __name__ == "__main__":
    main()
