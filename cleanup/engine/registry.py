"""The single registry of rules: every rule's documentation, and which code runs it."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from cleanup.detectors import check_options
from cleanup.engine.matchers import Matcher, compile_matcher
from cleanup.engine.packs import PackError, RuleSpec, builtin_rules_dir, load_packs

if TYPE_CHECKING:
    from cleanup.detectors import Context
    from cleanup.document import Document
    from cleanup.findings import Finding

Detector = Callable[["Document", "Context"], Iterable["Finding"]]

# Rules from engines outside the packs carry a namespace prefix and are always selectable.
EXTERNAL_NAMESPACES = ("HARPER:", "LT:")


@dataclass(frozen=True)
class Selection:
    """`--select` / `--ignore`: codes, code prefixes (`BP`, `MT1`), rule names or categories."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @staticmethod
    def _matches(selector: str, code: str, name: str, category: str) -> bool:
        s = selector.strip()
        return bool(s) and (code.upper().startswith(s.upper()) or s in (name, category) or s == "ALL")

    @classmethod
    def any_matches(cls, selectors: Iterable[str], finding: Finding) -> bool:
        """Does any selector (code, prefix, name or category) pick this finding? Used by per-file
        ignores and suppression comments, so they accept the same selectors as --select/--ignore."""
        return any(cls._matches(s, finding.rule, finding.name, finding.category) for s in selectors)

    def allows(self, code: str, name: str = "", category: str = "") -> bool:
        if self.select and not any(self._matches(s, code, name, category) for s in self.select):
            return False
        return not any(self._matches(s, code, name, category) for s in self.ignore)

    def unknown_selectors(self, rules: Iterable[RuleSpec]) -> list[str]:
        specs = list(rules)
        unknown = []
        for s in (*self.select, *self.ignore):
            if (
                s.upper().startswith(EXTERNAL_NAMESPACES)
                or s.upper() in ("HARPER", "LT")
                or s in ("ALL", "grammar")
            ):
                continue
            if not any(self._matches(s, r.code, r.name, r.category) for r in specs):
                unknown.append(s)
        return unknown


class Registry:
    def __init__(self, specs: list[RuleSpec]) -> None:
        self.specs = specs
        self.by_code = {spec.code: spec for spec in specs}

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = ()) -> Registry:
        return cls(load_packs([builtin_rules_dir(), *extra_dirs]))

    def get(self, code: str) -> RuleSpec | None:
        spec = self.by_code.get(code)
        if spec is None:
            lowered = code.lower()
            spec = next((s for s in self.specs if s.name == lowered), None)
        return spec

    def selected(self, selection: Selection) -> list[RuleSpec]:
        return [s for s in self.specs if selection.allows(s.code, s.name, s.category)]

    @cached_property
    def matchers(self) -> dict[str, Matcher]:
        compiled = {}
        for spec in self.specs:
            matcher = compile_matcher(spec)
            if matcher is not None:
                compiled[spec.code] = matcher
        return compiled

    @cached_property
    def detectors(self) -> dict[str, Detector]:
        """Python detectors by module name (`typography`, `boilerplate` ...), each run once per document.

        Each module declares the codes it yields (`EMITS`). A builtin rule whose detector does not yield its
        code, or a code a detector yields with no rule in the packs, is a PackError naming the file and
        line: otherwise the rule would never run, or the finding would be dropped without a word."""
        modules: dict[str, ModuleType] = {}
        rules_of: dict[str, set[str]] = {}
        for spec in self.specs:
            if spec.kind != "builtin":
                continue
            name = spec.options["detector"]
            rules_of.setdefault(name, set()).add(spec.code)
            if name not in modules:
                modules[name] = _import_detector(spec, name)
            if spec.code not in modules[name].EMITS:
                raise PackError(
                    f"{spec.source}: {spec.code}: detector {name!r} never yields {spec.code} "
                    f"(it yields {', '.join(sorted(modules[name].EMITS))})"
                )
            options_class = getattr(modules[name], "OPTIONS", {}).get(spec.code)
            problem = check_options(options_class, spec.options) if options_class else None
            if problem:
                raise PackError(f"{spec.source}: {spec.code}: {problem}")
        for name, module in modules.items():
            orphans = module.EMITS - rules_of[name]
            if orphans:
                raise PackError(
                    f"{module.__file__}: EMITS {', '.join(sorted(orphans))}, which no rule of the packs "
                    "declares (their findings would be dropped)"
                )
        return {name: module.detect for name, module in modules.items()}

    def detectors_for(self, specs: Iterable[RuleSpec]) -> Iterator[tuple[str, Detector]]:
        names = sorted({s.options["detector"] for s in specs if s.kind == "builtin"})
        for name in names:
            yield name, self.detectors[name]


def _import_detector(spec: RuleSpec, module_name: str) -> ModuleType:
    qualified = f"cleanup.detectors.{module_name}"
    try:
        module = importlib.import_module(qualified)
    except ModuleNotFoundError as exc:
        if exc.name != qualified:  # the detector exists but needs a package that is not installed
            raise PackError(
                f"{spec.source}: {spec.code}: detector {module_name!r} needs {exc.name!r}, which is "
                "not installed (reinstall cleanup)"
            ) from None
        raise PackError(f"{spec.source}: {spec.code}: unknown detector {module_name!r}") from None
    if not isinstance(getattr(module, "EMITS", None), frozenset):
        raise PackError(f"{spec.source}: {spec.code}: detector {module_name!r} does not declare EMITS")
    return module
