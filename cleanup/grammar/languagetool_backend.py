"""LanguageTool through language-tool-python, only when the user has it. Never downloaded.

Two ways in: a running server (`--languagetool-url`, language-tool-python's `remote_server`), or a local
install found through LTP_PATH (a folder holding LanguageTool-<version>/ with languagetool-server.jar).
Before language-tool-python is touched, the server must answer /v2/languages within HEALTH_TIMEOUT
seconds: otherwise its failure modes are a raw `requests` error, a 300 s wait, or (for a broken local
install) a loop of Java restarts over hundreds of ports. One client (and at most one local server) per run.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from cleanup.document import Document
from cleanup.findings import Finding, Fix
from cleanup.grammar import GrammarConfig, GrammarUnavailable

HEALTH_TIMEOUT = 3.0  # seconds for the server to answer before the run gives up on it
CHECK_TIMEOUT = 30  # seconds for one /v2/check answer, in total (a server trickling bytes is cut off)
MAX_FAILURES = 3  # checks in a row that fail before the run stops asking (each would cost CHECK_TIMEOUT)
RUN_BUDGET = 600.0  # seconds of LanguageTool time per process before the remaining files skip it
MAX_LOCAL_PORT_TRIES = 3
LANGUAGE = "en-US"
HOW_TO = (
    "pass --languagetool-url http://HOST:PORT (a running LanguageTool server) or set LTP_PATH to a folder "
    "that holds LanguageTool-<version>/ with languagetool-server.jar (needs Java 17+); "
    "cleanup never downloads LanguageTool"
)
_SEVERITY = {"misspelling": "warning", "grammar": "warning", "typographical": "info", "style": "info"}


def configured(config: GrammarConfig) -> bool:
    return bool(config.languagetool_url or os.environ.get("LTP_PATH"))


def _server_base(url: str) -> str:
    url = url if "://" in url else f"http://{url}"
    url = url.rstrip("/")
    return url[: -len("/v2")] if url.endswith("/v2") else url


def health_check(url: str, timeout: float = HEALTH_TIMEOUT) -> None:
    """The server must list English among its languages, quickly. Raises GrammarUnavailable otherwise."""
    base = _server_base(url)
    try:
        with urllib.request.urlopen(f"{base}/v2/languages", timeout=timeout) as response:
            payload = response.read()
    except (TimeoutError, OSError) as exc:  # includes URLError, ConnectionRefusedError, socket.timeout
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            reason = f"no answer within {timeout:g} s"
        raise GrammarUnavailable(
            f"LanguageTool server at {base} is not usable ({reason}); {HOW_TO}"
        ) from None
    try:
        languages = json.loads(payload)
        codes = {entry.get("longCode") for entry in languages} | {entry.get("code") for entry in languages}
    except (ValueError, AttributeError, TypeError):
        raise GrammarUnavailable(
            f"LanguageTool server at {base} answered /v2/languages with something other than its JSON; "
            f"{HOW_TO}"
        ) from None
    if not codes & {LANGUAGE, "en"}:
        raise GrammarUnavailable(f"LanguageTool server at {base} does not offer English ({LANGUAGE})")


def _local_install() -> tuple[Path, str]:
    """(LTP_PATH, version) of a usable local LanguageTool, or GrammarUnavailable."""
    root = os.environ.get("LTP_PATH")
    if not root:
        raise GrammarUnavailable(f"LanguageTool is not available: {HOW_TO}")
    installs = sorted(
        p for p in Path(root).glob("LanguageTool-*") if (p / "languagetool-server.jar").is_file()
    )
    if not installs:
        raise GrammarUnavailable(
            f"LTP_PATH={root} holds no LanguageTool-<version>/languagetool-server.jar; {HOW_TO}"
        )
    if shutil.which("java") is None:
        raise GrammarUnavailable("a local LanguageTool needs Java 17+, and `java` is not on PATH")
    install = installs[-1]
    return install.parent, install.name.removeprefix("LanguageTool-")


def _bounded_client_class():  # type: ignore[no-untyped-def]
    from language_tool_python import LanguageTool

    class BoundedLanguageTool(LanguageTool):  # type: ignore[misc]
        """language-tool-python with bounded waits: 30 s per request instead of 300 s, and a local server
        tried on a few ports instead of ~900 (each attempt starts a JVM)."""

        _TIMEOUT = CHECK_TIMEOUT

        def _start_server_on_free_port(self) -> None:
            self._available_ports = self._available_ports[:MAX_LOCAL_PORT_TRIES]
            super()._start_server_on_free_port()

        def _query_server(self, url, params=None, num_tries=2, method="get"):  # type: ignore[no-untyped-def]
            if method != "post":
                return super()._query_server(url, params, num_tries, method)
            from language_tool_python.exceptions import LanguageToolError

            try:
                return post_within(url, params or {}, CHECK_TIMEOUT)
            except (OSError, ValueError, http.client.HTTPException) as exc:
                raise LanguageToolError(f"{url}: {_one_line(exc)}") from None

    return BoundedLanguageTool


def post_within(url: str, params: dict[str, str], deadline: float) -> Any:
    """POST a form and return the JSON answer, all of it within `deadline` seconds: requests' timeout is
    per read, so a server sending a byte a second held one file for 391 s. Each read here gets only the
    time that is left."""
    parts = urllib.parse.urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    ends = time.monotonic() + deadline

    def left() -> float:
        remaining = ends - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no complete answer within {deadline:g} s")
        return remaining

    connection = connection_class(parts.hostname or "127.0.0.1", parts.port, timeout=left())
    try:
        body = urllib.parse.urlencode(params).encode("utf-8")
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(
            "POST", path or "/", body, {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        )
        assert connection.sock is not None
        connection.sock.settimeout(left())
        response = connection.getresponse()
        chunks = []
        while True:
            if connection.sock is not None:
                connection.sock.settimeout(left())
            chunk = response.read1(65536)
            if not chunk:
                break
            chunks.append(chunk)
            left()
        if response.status != 200:
            raise ValueError(f"HTTP {response.status}: {b''.join(chunks)[:200].decode('utf-8', 'replace')}")
        return json.loads(b"".join(chunks))
    finally:
        connection.close()


class LanguageToolBackend:
    name = "languagetool"

    def __init__(self, client: Any, detail: str) -> None:
        self._client = client
        self.detail = detail
        self._failures = 0  # in a row: after MAX_FAILURES the run stops asking (a circuit breaker)
        self._last_failure = ""
        self._spent = 0.0

    @classmethod
    def open(cls, config: GrammarConfig) -> LanguageToolBackend:
        client_class = _bounded_client_class()
        if config.languagetool_url:
            health_check(config.languagetool_url)
            base = _server_base(config.languagetool_url)
            try:
                client = client_class(LANGUAGE, remote_server=base, mother_tongue=config.mother_tongue)
            except Exception as exc:  # LanguageToolError, requests errors, ValueError ...
                raise GrammarUnavailable(f"LanguageTool server at {base} failed: {_one_line(exc)}") from None
            return cls(client, f"LanguageTool server {base}")
        root, version = _local_install()
        os.environ["LTP_PATH"] = str(root)
        try:
            client = client_class(
                LANGUAGE, language_tool_download_version=version, mother_tongue=config.mother_tongue
            )
        except Exception as exc:
            raise GrammarUnavailable(
                f"local LanguageTool {version} in {root} did not start: {_one_line(exc)}"
            ) from None
        return cls(client, f"LanguageTool {version} (local, {root})")

    def check(
        self,
        doc: Document,
        vocabulary: frozenset[str] = frozenset(),
        skip: list[tuple[int, int]] | None = None,
    ) -> list[Finding]:
        if not doc.text.strip():
            return []
        if self._failures >= MAX_FAILURES:
            raise GrammarUnavailable(
                f"LanguageTool skipped: {self._failures} checks in a row failed (last: {self._last_failure})"
            )
        if self._spent >= RUN_BUDGET:
            raise GrammarUnavailable(f"LanguageTool skipped: this run's {RUN_BUDGET:g} s budget is spent")
        started = time.monotonic()
        try:
            matches = self._client.check(doc.text)
        except Exception as exc:
            self._failures += 1
            self._last_failure = _one_line(exc)
            raise GrammarUnavailable(f"LanguageTool check failed: {self._last_failure}") from None
        finally:
            self._spent += time.monotonic() - started
        self._failures = 0
        findings = []
        for match in matches:
            start = int(match.offset)
            end = start + int(match.error_length)
            fix = Fix(match.replacements[0], "unsafe") if match.replacements else None
            issue = str(getattr(match, "rule_issue_type", "") or "")
            findings.append(
                Finding(
                    f"LT:{match.rule_id}",
                    start,
                    end,
                    match.message,
                    fix,
                    name=str(match.rule_id).lower().replace("_", "-"),
                    category="grammar",
                    severity=_SEVERITY.get(issue, "warning"),
                    data={"backend": "languagetool", "issue_type": issue, "category": str(match.category)},
                )
            )
        return findings

    def close(self) -> None:
        # Closing a client that already failed must not mask the run's result.
        with contextlib.suppress(Exception):
            self._client.close()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else exc.__class__.__name__)[:300]
