"""Load and validate YAML rule packs.

A pack file holds `rules:`, a list of rule mappings. Every error names the file and the line, because
users write their own packs and a bad one must be easy to find.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from cleanup.findings import CATEGORIES, SEVERITIES

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PackError(Exception):
    """A rule pack is invalid. The message is one line naming the file and the line."""


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that remembers the line each mapping starts on, as the key `__line__`."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


COMMON_KEYS = {
    "code",
    "name",
    "category",
    "severity",
    "summary",
    "message",
    "rationale",
    "kind",
    "fix",
    "examples",
    "english_only",
    "tags",
    "score",
}
KIND_KEYS: dict[str, set[str]] = {
    # `pattern` is a regex; `unless_before` / `unless_after` veto a match by its surroundings.
    # `needles`: substrings one of which must occur in the text for the pattern to be worth running.
    # `if_before`: context that must precede a match (the positive twin of `unless_before`).
    # `words` maps what the named group `word` matched to the text `{word}` stands for in the fix
    # ("Mio" -> "million"), for fixes a backreference cannot express.
    "regex": {
        "pattern",
        "ignorecase",
        "multiline",
        "unless_before",
        "unless_after",
        "if_before",
        "needles",
        "words",
    },
    # `swap` maps phrases to replacements, matched as whole words.
    "substitution": {"swap", "ignorecase", "case_sensitive_keys"},
    # `lines` are regexes a whole (stripped) line must match; the fix removes the line.
    "line": {"lines", "ignorecase", "max_length"},
    # Implemented in Python: `detector` names a module in cleanup/detectors.
    "builtin": {"detector", "options"},
}
EXAMPLE_KEYS = {"fail", "fix", "pass", "note", "encoding"}


@dataclass(frozen=True)
class FixSpec:
    safety: str  # "safe" | "unsafe" | "none"
    replacement: str | None = None  # a template for data rules; None for builtin rules


@dataclass(frozen=True)
class ScoreSpec:
    """How a rule's findings count towards a document score: `score:` in the rule's YAML, the one home of
    its weights (cleanup/detectors/mt_score.py and spin_score.py read them from here)."""

    verdict: str  # "machine-translation" or "spin": the score it feeds
    points: float  # per finding
    cap: float = math.inf  # the most the rule (or its group) adds; no `cap:` means no cap
    shared: bool = False  # evidence native writers produce too: weighted by the learned style signal
    group: str | None = None  # rules that see one habit share one running total
    # "each" finding counts; "article": one article-level signal (MT301); "words": distinct words (MT303/4)
    mode: str = "each"
    per_extra_word: float = 0.0  # "article": points for each distinct word past the third
    dictionary_form_points: float = 0.0  # "words": a word in its dictionary form (borrowed, not left)
    dictionary_form_cap: float = 0.0
    quoted_once: bool = False  # findings inside quotations count once per article
    language: str | None = None  # count only findings whose data names this language


SCORE_VERDICTS = ("machine-translation", "spin")
SCORE_MODES = ("each", "article", "words")
# Categories whose every rule must say how it counts: a rule there with no weight would add nothing.
SCORED_CATEGORIES = {"machine-translation": "machine-translation", "spin": "spin"}


@dataclass
class Example:
    text: str
    should_fail: bool
    fixed: str | None = None
    encoding: str = "utf-8"  # how the example file would have been decoded


@dataclass
class RuleSpec:
    code: str
    name: str
    category: str
    severity: str
    summary: str
    message: str
    rationale: str
    kind: str
    fix: FixSpec
    examples: list[Example]
    source: str  # "path:line", for error messages and `cleanup rule`
    english_only: bool = True
    options: dict[str, Any] = field(default_factory=dict)
    builtin: bool = False  # shipped with cleanup (tested), as opposed to a user pack
    score: ScoreSpec | None = None  # how its findings count towards a document score

    @property
    def prefix(self) -> str:
        return self.code.rstrip("0123456789")


def _fail(path: Path, line: int | None, reason: str) -> PackError:
    where = f"{path}:{line}" if line else str(path)
    return PackError(f"{where}: {reason}")


def _parsed_cache_path(path: Path) -> Path | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    from cleanup import derived

    key = derived.digest(str(path.resolve()), str(stat.st_size), str(stat.st_mtime_ns))
    return derived.cache_dir() / "packs" / f"{key}.json"


def _parse_yaml(path: Path, raw: str) -> Any:
    """Parsed YAML (with line numbers), from a small JSON cache when the file is unchanged: parsing every
    pack costs ~50 ms at each start, which a pre-commit hook pays on every commit. The cache is data, never
    code (no pickle), and an entry counts only when it names the SHA-256 of the text it was parsed from."""
    import hashlib
    import json

    from cleanup.io.writing import atomic_write

    digest = hashlib.sha256(raw.encode()).hexdigest()
    cached = _parsed_cache_path(path)
    if cached is not None:
        try:
            entry = json.loads(cached.read_bytes())
            if isinstance(entry, dict) and entry.get("sha256") == digest:
                return entry["data"]
        except (OSError, ValueError, KeyError):
            pass  # missing or damaged: parse again and rewrite it
    data = yaml.load(raw, Loader=_LineLoader)  # a SafeLoader subclass
    if cached is not None:
        with contextlib.suppress(OSError, TypeError, ValueError):  # read-only home: parse every time
            payload = json.dumps({"sha256": digest, "data": data}, ensure_ascii=False)
            if json.loads(payload)["data"] == data:  # YAML dates or odd keys do not survive JSON: skip
                atomic_write(cached, payload.encode())
    return data


def load_pack_file(path: Path, builtin: bool = False) -> list[RuleSpec]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, None, f"cannot read rule pack ({exc.__class__.__name__}: {exc})") from None
    try:
        data = _parse_yaml(path, raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise _fail(path, mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise _fail(path, None, "a rule pack must be a mapping with a `rules:` list")
    unknown_top = set(data) - {"rules", "pack", "description", "__line__"}
    if unknown_top:
        raise _fail(path, 1, f"unknown top-level key(s): {', '.join(sorted(unknown_top))}")
    return [_parse_rule(path, entry, builtin) for entry in data["rules"]]


def _parse_rule(path: Path, entry: Any, builtin: bool = False) -> RuleSpec:
    if not isinstance(entry, dict):
        raise _fail(path, None, "each rule must be a mapping")
    line = entry.get("__line__")
    kind = entry.get("kind")
    if kind not in KIND_KEYS:
        raise _fail(path, line, f"rule kind must be one of {', '.join(KIND_KEYS)}, got {kind!r}")
    unknown = set(entry) - COMMON_KEYS - KIND_KEYS[kind] - {"__line__"}
    if unknown:
        raise _fail(path, line, f"unknown key(s) for a {kind} rule: {', '.join(sorted(unknown))}")
    for key in ("code", "name", "category", "severity", "summary", "message", "rationale"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise _fail(path, line, f"rule needs a non-empty string `{key}`")
    code = entry["code"]
    if entry["category"] not in CATEGORIES:
        raise _fail(path, line, f"{code}: unknown category {entry['category']!r}")
    if entry["severity"] not in SEVERITIES:
        raise _fail(path, line, f"{code}: severity must be one of {', '.join(SEVERITIES)}")
    fix = _parse_fix(path, line, code, kind, entry.get("fix", "none"))
    examples = _parse_examples(path, line, code, entry.get("examples"))
    options = {key: entry[key] for key in KIND_KEYS[kind] if key in entry}
    if kind == "builtin":
        options = {"detector": entry.get("detector"), **(entry.get("options") or {})}
        if not isinstance(options["detector"], str):
            raise _fail(path, line, f"{code}: a builtin rule needs `detector: <module>`")
    score = _parse_score(path, line, code, entry["category"], entry.get("score"))
    spec = RuleSpec(
        code=code,
        name=entry["name"],
        category=entry["category"],
        severity=entry["severity"],
        summary=entry["summary"].strip(),
        message=entry["message"].strip(),
        rationale=entry["rationale"].strip(),
        kind=kind,
        fix=fix,
        examples=examples,
        source=f"{path}:{line}",
        english_only=bool(entry.get("english_only", True)),
        options=options,
        builtin=builtin,
        score=score,
    )
    # Compile data patterns now, so a bad regex is reported with its file and line.
    from cleanup.engine.matchers import compile_matcher

    try:
        compile_matcher(spec)
    except Exception as exc:  # regex.error, re.error, TypeError ...
        raise _fail(path, line, f"{code}: bad pattern: {exc}") from None
    return spec


def _parse_score(path: Path, line: int | None, code: str, category: str, value: Any) -> ScoreSpec | None:
    needed = SCORED_CATEGORIES.get(category)
    if value is None:
        if needed:
            hint = f"`score: {{verdict: {needed}, points: …}}`"
            raise _fail(path, line, f"{code}: a {category} rule needs {hint}: without it, it adds nothing")
        return None
    if not isinstance(value, dict):
        raise _fail(path, line, f"{code}: `score` must be a mapping (verdict, points, cap ...)")
    value = {k: v for k, v in value.items() if k != "__line__"}
    known = {f.name for f in fields(ScoreSpec)}
    unknown = set(value) - known
    if unknown:
        raise _fail(path, line, f"{code}: unknown score key(s) {', '.join(sorted(unknown))}")
    if value.get("verdict") not in SCORE_VERDICTS:
        raise _fail(path, line, f"{code}: score verdict must be one of {', '.join(SCORE_VERDICTS)}")
    if needed and value["verdict"] != needed:
        raise _fail(path, line, f"{code}: a {category} rule scores towards {needed}")
    for key in ("points", "cap", "per_extra_word", "dictionary_form_points", "dictionary_form_cap"):
        number = value.get(key, 0.0)
        missing = key == "points" and key not in value
        if missing or not isinstance(number, (int, float)) or isinstance(number, bool) or number < 0:
            raise _fail(path, line, f"{code}: score {key} must be a number >= 0")
    if value.get("mode", "each") not in SCORE_MODES:
        raise _fail(path, line, f"{code}: score mode must be one of {', '.join(SCORE_MODES)}")
    return ScoreSpec(**value)


def _parse_fix(path: Path, line: int | None, code: str, kind: str, value: Any) -> FixSpec:
    if value in (None, "none"):
        return FixSpec("none")
    if isinstance(value, str) and value in ("safe", "unsafe"):
        if kind != "builtin" and kind != "line":
            raise _fail(path, line, f"{code}: a {kind} rule's fix needs a `replacement`")
        return FixSpec(value, "" if kind == "line" else None)
    if isinstance(value, dict):
        safety = value.get("safety")
        if safety not in ("safe", "unsafe"):
            raise _fail(path, line, f"{code}: fix safety must be `safe` or `unsafe`")
        replacement = value.get("replacement")
        if kind in ("regex",) and not isinstance(replacement, str):
            raise _fail(path, line, f"{code}: fix needs a string `replacement`")
        return FixSpec(safety, replacement)
    raise _fail(path, line, f"{code}: `fix` must be none, safe, unsafe or a mapping")


def _parse_examples(path: Path, line: int | None, code: str, value: Any) -> list[Example]:
    if not isinstance(value, list) or not value:
        raise _fail(path, line, f"{code}: every rule needs `examples` (fail / fix / pass)")
    examples = []
    for item in value:
        if not isinstance(item, dict):
            raise _fail(path, line, f"{code}: each example is a mapping with `fail` or `pass`")
        unknown = set(item) - EXAMPLE_KEYS - {"__line__"}
        if unknown or ("fail" in item) == ("pass" in item):
            raise _fail(
                path, item.get("__line__", line), f"{code}: an example has `fail` (+ `fix`) or `pass`"
            )
        if "pass" in item:
            examples.append(Example(str(item["pass"]), should_fail=False))
        else:
            fixed = item.get("fix")
            encoding = str(item.get("encoding", "utf-8"))
            examples.append(Example(str(item["fail"]), True, None if fixed is None else str(fixed), encoding))
    if not any(e.should_fail for e in examples) or not any(not e.should_fail for e in examples):
        raise _fail(path, line, f"{code}: give at least one `fail` and one `pass` example")
    return examples


def builtin_rules_dir() -> Path:
    """The packs shipped with cleanup: inside the wheel, or `rules/` in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"


def load_packs(directories: list[Path]) -> list[RuleSpec]:
    rules: list[RuleSpec] = []
    seen: dict[str, str] = {}
    builtin = builtin_rules_dir()
    for directory in directories:
        if not directory.is_dir():
            raise PackError(f"{directory}: rule pack directory not found")
        for path in sorted(directory.rglob("*.y*ml")):
            if "lexicons" in path.relative_to(directory).parts:
                continue  # word lists, not rules
            for spec in load_pack_file(path, builtin=directory == builtin):
                if spec.code in seen:
                    raise PackError(
                        f"{spec.source}: duplicate rule code {spec.code} (also at {seen[spec.code]})"
                    )
                seen[spec.code] = spec.source
                rules.append(spec)
    return rules
