"""Configuration: `[tool.cleanup]` in pyproject.toml, or cleanup.toml / .cleanup.toml. The nearest wins.

The file is looked for in the current folder and then each parent; the first folder that has one of these
files decides (in that folder: cleanup.toml, then .cleanup.toml, then pyproject.toml with [tool.cleanup]).
Command-line options override it. `cleanup config` shows every resolved setting and where it came from.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILES = ("cleanup.toml", ".cleanup.toml", "pyproject.toml")

# key -> (default, type description)
KEYS: dict[str, tuple[Any, str]] = {
    "select": ([], "list of codes, prefixes, names or categories"),
    "extend-select": ([], "list added to select"),
    "ignore": ([], "list of codes, prefixes, names or categories"),
    "per-file-ignores": ({}, "table: glob -> list of codes"),
    "fail-on": ("warning", "info | warning | error"),
    "grammar": ("off", "off | harper | languagetool | auto"),
    "languagetool-url": (None, "URL of a LanguageTool server"),
    "rules": ([], "list of extra rule-pack folders (relative to the config file)"),
    "boilerplate-guard": (0.30, "share of words above which boilerplate removals become review notes"),
    "format": ("text", "text | concise | full | json | json-lines | sarif | github"),
    "include": ([], "globs of files taken from folders"),
    "exclude": ([], "globs of paths skipped"),
    "max-bytes": (16 * 1024 * 1024, "files above this size are refused"),
    "cache": (True, "reuse results for unchanged files (.cleanup_cache/)"),
    "ignore-file": (".cleanup-ignore.json", "fingerprint file written by `scan --add-ignore`"),
}


class ConfigError(Exception):
    """An invalid configuration file. `str()` names the file and the problem."""


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # key -> "default" | file | "command line"
    path: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def override(self, key: str, value: Any) -> None:
        """A command-line value replaces the file's (None means "not given")."""
        if value is None or value == [] or value == ():
            return
        self.values[key] = value
        self.sources[key] = "command line"

    @property
    def root(self) -> Path:
        return self.path.parent if self.path is not None else Path.cwd()


def find_config_file(start: Path | None = None) -> Path | None:
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or "cleanup" in _read(candidate).get("tool", {}):
                return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    config = Config(
        values={key: _copy(default) for key, (default, _) in KEYS.items()},
        sources=dict.fromkeys(KEYS, "default"),
    )
    path = path or find_config_file(start)
    if path is None:
        return config
    data = _read(path)
    table = data.get("tool", {}).get("cleanup", {}) if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.cleanup] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(KEYS)}")
    for key, value in table.items():
        default = KEYS[key][0]
        if default is not None and not _same_type(default, value):
            raise ConfigError(f"{path}: {key} must be {KEYS[key][1]}, got {value!r}")
        if key == "rules":
            value = [str((path.parent / entry).resolve()) for entry in value]
        config.values[key] = value
        config.sources[key] = str(path)
    config.path = path
    return config


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if isinstance(default, dict):
        return isinstance(value, dict) and all(isinstance(v, list) for v in value.values())
    return isinstance(value, type(default))


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


def describe(config: Config) -> list[str]:
    width = max(map(len, KEYS))
    lines = [f"configuration file: {config.path or '(none found; defaults)'}"]
    for key in KEYS:
        lines.append(f"{key.ljust(width)}  {config.values[key]!r}  ({config.sources[key]})")
    return lines
