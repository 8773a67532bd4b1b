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


@dataclass(frozen=True)
class Setting:
    """One configuration key: its default, what a value must be (in words), what it does, and for
    enumerated keys the values allowed. The config file, the command line and `cleanup.Checker` all
    check values against this one table."""

    default: Any
    expects: str
    help: str
    choices: tuple[str, ...] = ()


_LIST = "a list of strings"
SETTINGS: dict[str, Setting] = {
    "select": Setting([], _LIST, "only these codes, prefixes, names or categories"),
    "extend-select": Setting([], _LIST, "added to select"),
    "ignore": Setting([], _LIST, "codes, prefixes, names or categories to skip"),
    "per-file-ignores": Setting({}, "a table of glob = [codes]", "codes skipped in files matching a glob"),
    "fail-on": Setting("warning", "one of info, warning, error", "exit 1 at or above this level",
                       ("info", "warning", "error")),
    "grammar": Setting("off", "one of off, harper, languagetool, auto", "grammar backend",
                       ("off", "harper", "languagetool", "auto")),
    "languagetool-url": Setting(None, "a URL string", "a running LanguageTool server"),
    "rules": Setting([], _LIST, "extra rule-pack folders (relative to the config file)"),
    "boilerplate-guard": Setting(0.30, "a number between 0 and 1",
                                 "share of words above which boilerplate removals become review notes"),
    "format": Setting("text", "one of text, concise, full, json, json-lines, sarif, github", "output format",
                      ("text", "concise", "full", "json", "json-lines", "sarif", "github")),
    "include": Setting([], _LIST, "globs of files taken from folders"),
    "exclude": Setting([], _LIST, "globs of paths skipped"),
    "max-bytes": Setting(16 * 1024 * 1024, "a whole number of bytes", "files above this size are refused"),
    "analysis-timeout": Setting(120.0, "a number of seconds (0 turns it off)",
                                "a file whose analysis takes longer is skipped with one error line"),
    "cache": Setting(True, "true or false", "reuse results for unchanged files (.cleanup_cache/)"),
    "text-field": Setting("text", "a field name", "the field of a .jsonl/.parquet record holding the text"),
    "id-field": Setting(None, "a field name", "the field of a record that names it in the output"),
    "ignore-file": Setting(".cleanup-ignore.json", "a file name",
                           "fingerprint file written by `scan --add-ignore`"),
}  # fmt: skip
# key -> (default, what it does): kept for callers that read defaults
KEYS: dict[str, tuple[Any, str]] = {key: (s.default, s.help) for key, s in SETTINGS.items()}


def check_value(key: str, value: Any, origin: str) -> Any:
    """The value, if it is allowed for `key`; otherwise ConfigError naming the origin, key, value and what
    is allowed. `origin` is a file name, "command line" or "Checker"."""
    setting = SETTINGS.get(key)
    if setting is None:
        raise ConfigError(f"{origin}: unknown setting {key!r}; known: {', '.join(SETTINGS)}")
    if setting.default is None:  # an optional string
        fits = value is None or isinstance(value, str)
    else:
        fits = _same_type(setting.default, value)
    if fits and setting.choices:
        fits = value in setting.choices
    if fits and key == "boilerplate-guard":
        fits = 0.0 <= float(value) <= 1.0
    if fits and key == "max-bytes":
        fits = value > 0
    if fits and key == "analysis-timeout":
        fits = value >= 0
    if not fits:
        raise ConfigError(f"{origin}: {key} = {value!r} is not allowed; expected {setting.expects}")
    return value


class ConfigError(Exception):
    """An invalid configuration file. `str()` names the file and the problem."""


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # key -> "default" | file | "command line"
    path: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def override(self, key: str, value: Any, origin: str = "command line") -> None:
        """A command-line value replaces the file's (None means "not given"). Raises ConfigError for a
        value the setting does not allow."""
        if value is None or value == [] or value == ():
            return
        self.values[key] = check_value(key, list(value) if isinstance(value, tuple) else value, origin)
        self.sources[key] = origin

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


def default_config() -> Config:
    """Every setting at its default, from no file."""
    return Config(
        values={key: _copy(setting.default) for key, setting in SETTINGS.items()},
        sources=dict.fromkeys(SETTINGS, "default"),
    )


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    config = default_config()
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
        check_value(key, value, str(path))
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
