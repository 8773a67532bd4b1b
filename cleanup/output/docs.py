"""Rule documentation in the ruff style: What it does / Why it matters / Examples / Fix safety."""

from __future__ import annotations

from cleanup.engine.packs import RuleSpec

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
    lines += ["", "Fix safety", f"  {_SAFETY[spec.fix.safety]}", "", f"Defined in {spec.source}"]
    return "\n".join(lines)
