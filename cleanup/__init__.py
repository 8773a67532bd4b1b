"""cleanup: check translation quality and clean up English news text.

The public API (see cleanup.api): `check`, `fix`, `Checker`, `count_corpus`, `Result`. Importing `cleanup`
stays cheap (the command line imports it at every start); the API loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Checker", "ConfigError", "CorpusStats", "Result", "__version__", "check", "count_corpus", "fix"]

if TYPE_CHECKING:
    from cleanup.api import Checker, ConfigError, CorpusStats, Result, check, count_corpus, fix


def __getattr__(name: str) -> Any:
    if name in __all__:
        from cleanup import api

        return getattr(api, name)
    raise AttributeError(f"module 'cleanup' has no attribute {name!r}")
