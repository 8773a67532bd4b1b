"""Rule documentation in the ruff style: What it does / Why it matters / Examples / Fix safety."""

from __future__ import annotations

import importlib
import math
from dataclasses import fields

from cleanup.engine.packs import RuleSpec, ScoreSpec

_SAFETY = {
    "safe": "Safe: applied by `cleanup fix` by default. It only changes the finding's span.",
    "unsafe": "Unsafe: offered, but applied only with `--unsafe-fixes`, because it can change meaning.",
    "none": "No automatic fix: the finding is a note for a human reviewer.",
}


def rule_documentation(spec: RuleSpec) -> str:
    lines = [
        f"{spec.code} ({spec.name})",
        f"category: {spec.category}   severity: {spec.severity}   fix: {spec.fix.safety}",
        "",
        "What it does",
        f"  {spec.summary}",
        "",
        "Why it matters",
        *("  " + line for line in spec.rationale.splitlines()),
        "",
        "Examples",
    ]
    for example in spec.examples:
        if example.should_fail:
            lines.append(f"  flagged:   {example.text!r}")
            if example.fixed is not None:
                lines.append(f"  fixed:     {example.fixed!r}")
        else:
            lines.append(f"  not flagged: {example.text!r}")
    lines += ["", "Fix safety", f"  {_SAFETY[spec.fix.safety]}"]
    if spec.score is not None:
        lines += ["", "Score", f"  {_score_words(spec.score)}"]
    documented = _documented_options(spec)
    options = {
        k: v
        for k, v in spec.options.items()
        if isinstance(v, (int, float, bool)) and not k.startswith("__") and k not in documented
    }
    if options or documented:  # thresholds and switches (patterns and phrase lists: counted, in the YAML)
        lines += ["", "Options"]
        for key, (value, doc) in documented.items():  # in the dataclass's order, which reads as prose
            listed = isinstance(value, (list, tuple))
            shown = f"{len(value)} entries (see the YAML)" if listed else repr(value)
            lines.append(f"  {key}: {shown}  - {doc}")
        lines += [f"  {key}: {value!r}" for key, value in sorted(options.items())]
    lines += ["", f"Defined in {spec.source}"]
    return "\n".join(lines)


def _documented_options(spec: RuleSpec) -> dict[str, tuple[object, str]]:
    """The options a builtin detector declares for this rule (its OPTIONS dataclass): value and meaning."""
    if spec.kind != "builtin":
        return {}
    module = importlib.import_module(f"cleanup.detectors.{spec.options['detector']}")
    cls = getattr(module, "OPTIONS", {}).get(spec.code)
    if cls is None:
        return {}
    return {f.name: (spec.options[f.name], f.metadata.get("doc", "")) for f in fields(cls)}


def _score_words(score: ScoreSpec) -> str:
    """A rule's `score:` in words, for `cleanup rule CODE`."""
    if score.mode == "article":
        each = f"{score.points:g} points once the article has enough distinct words"
    elif score.mode == "words":
        each = (
            f"{score.points:g} points per distinct word ({score.dictionary_form_points:g} in dictionary form)"
        )
    else:
        each = f"{score.points:g} points per finding"
    parts = [f"{each} towards the {score.verdict} score"]
    if math.isfinite(score.cap):
        parts.append(
            f"at most {score.cap:g}" + (f" with the rest of group {score.group!r}" if score.group else "")
        )
    if score.language:
        parts.append(f"only findings in language {score.language!r}")
    if score.shared:
        parts.append("weighted by the learned style signal, since native writers do this too")
    return "; ".join(parts) + "."
