"""Grammar backends: real Harper on real sentences; LanguageTool's client against a loopback v2 server."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from cleanup.document import Document
from cleanup.grammar import GrammarConfig, GrammarUnavailable, open_backend
from cleanup.grammar.harper_backend import HarperBackend
from tests.conftest import run_cli, seed_text


@pytest.fixture(scope="module")
def harper():
    return HarperBackend()


def test_harper_finds_known_errors(harper):
    text = "The the committee met on Monday. An test was run.. He effect the outcome of the vote."
    rules = {f.rule for f in harper.check(Document(text))}
    assert {
        "HARPER:RepeatedWords",
        "HARPER:AnA",
        "HARPER:EllipsisLength",
        "HARPER:NounVerbConfusion",
    } <= rules
    repeated = next(f for f in harper.check(Document(text)) if f.rule == "HARPER:RepeatedWords")
    assert text[repeated.start : repeated.end] == "The the"
    assert repeated.fix is not None and repeated.fix.safety == "unsafe" and repeated.category == "grammar"


def test_harper_keeps_real_misspellings_and_spares_names(harper):
    text = (
        "Kim Jong Un visited Sohae and Yongbyon with Moon Jae-in near Tongchang-ri. "
        "The goverment said the denuclearisation talks would resume."
    )
    spelling = [text[f.start : f.end] for f in harper.check(Document(text)) if f.rule == "HARPER:SpellCheck"]
    assert spelling == ["goverment"]


def test_no_names_flagged_on_the_seeds(harper):
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed_text(prefix)
        flagged = [text[f.start : f.end] for f in harper.check(Document(text)) if "Spell" in f.rule]
        assert not [word for word in flagged if word[:1].isupper()], (prefix, flagged)


CHECK_RESPONSE = {
    "software": {"name": "LanguageTool", "version": "6.8", "buildDate": "2026-01-01", "apiVersion": 1},
    "warnings": {"incompleteResults": False},
    "language": {"name": "English (US)", "code": "en-US"},
}


class _FakeLanguageTool(BaseHTTPRequestHandler):
    """Speaks LanguageTool's documented /v2 JSON. Behaviour is chosen by the server's `mode`."""

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, payload: bytes, content_type="application/json"):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        mode = self.server.mode
        if mode == "slow":
            time.sleep(6)
        if mode == "garbage":
            return self._send(b"<html>not json</html>", "text/html")
        if self.path.startswith("/v2/languages"):
            return self._send(
                json.dumps([{"name": "English (US)", "code": "en", "longCode": "en-US"}]).encode()
            )
        self.send_error(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        self.server.requests.append(form)
        if self.server.mode == "failing":
            return self.send_error(500, "internal error")
        if self.server.mode == "trickle":  # a valid answer, one byte every 0.2 s
            payload = json.dumps({**CHECK_RESPONSE, "matches": []}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            for byte in payload:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
            return None
        text = form["text"][0]
        matches = []
        position = text.find("goverment")
        if position >= 0:
            matches.append(
                {
                    "message": "Possible spelling mistake found.",
                    "shortMessage": "Spelling mistake",
                    "replacements": [{"value": "government"}, {"value": "governments"}],
                    "offset": position,
                    "length": len("goverment"),
                    "context": {"text": text, "offset": position, "length": 9},
                    "sentence": text,
                    "type": {"typeName": "UnknownWord"},
                    "rule": {
                        "id": "MORFOLOGIK_RULE_EN_US",
                        "description": "Possible spelling mistake",
                        "issueType": "misspelling",
                        "category": {"id": "TYPOS", "name": "Possible Typo"},
                    },
                    "ignoreForIncompleteSentence": False,
                    "contextForSureMatch": 0,
                }
            )
        self._send(json.dumps({**CHECK_RESPONSE, "matches": matches}).encode())


@pytest.fixture
def fake_server():
    servers = []

    def start(mode="ok"):
        server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeLanguageTool)
        server.mode = mode
        server.requests = []
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_languagetool_findings_come_back_with_unsafe_fixes(fake_server):
    server, url = fake_server()
    backend, warning = open_backend(GrammarConfig("languagetool", url))
    try:
        text = "The goverment said it would act."
        findings = backend.check(Document(text))
    finally:
        backend.close()
    assert warning is None
    assert [(f.rule, text[f.start : f.end], f.fix.replacement, f.fix.safety) for f in findings] == [
        ("LT:MORFOLOGIK_RULE_EN_US", "goverment", "government", "unsafe")
    ]
    assert "motherTongue" not in server.requests[0]  # off by default: false friends misfire on MT


def test_cli_languagetool_url_end_to_end(fake_server, tmp_path):
    _server, url = fake_server()
    article = tmp_path / "a.txt"
    article.write_text("The goverment said it would act on Monday.\n", encoding="utf-8")
    result = run_cli(
        "scan", str(article), "--grammar", "languagetool", "--languagetool-url", url, "--format", "json"
    )
    data = json.loads(result.stdout)
    finding = next(f for f in data["files"][0]["findings"] if f["rule"] == "LT:MORFOLOGIK_RULE_EN_US")
    assert finding["fix"] == {"replacement": "government", "safety": "unsafe"}
    assert data["summary"]["grammar_backend"].startswith(
        "languagetool (LanguageTool server http://127.0.0.1:"
    )


def test_unreachable_url_is_one_line_and_exit_2_quickly(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Fine text.\n", encoding="utf-8")
    started = time.monotonic()
    result = run_cli(
        "scan", str(article), "--grammar", "languagetool", "--languagetool-url", "http://127.0.0.1:9"
    )
    assert time.monotonic() - started < 10
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "http://127.0.0.1:9" in lines[0] and "--languagetool-url" in lines[0]


def test_slow_server_fails_within_the_health_timeout(fake_server):
    _server, url = fake_server("slow")
    started = time.monotonic()
    with pytest.raises(GrammarUnavailable, match="no answer within 3 s"):
        open_backend(GrammarConfig("languagetool", url))
    assert time.monotonic() - started < 6


def test_malformed_json_is_reported(fake_server):
    _server, url = fake_server("garbage")
    with pytest.raises(GrammarUnavailable, match="something other than its JSON"):
        open_backend(GrammarConfig("languagetool", url))


def test_nothing_configured_says_how_to_install(monkeypatch):
    monkeypatch.delenv("LTP_PATH", raising=False)
    with pytest.raises(GrammarUnavailable, match="never downloads"):
        open_backend(GrammarConfig("languagetool"))


def test_auto_falls_back_to_harper_with_one_warning(monkeypatch):
    monkeypatch.setenv("LTP_PATH", "/nonexistent/lt")
    backend, warning = open_backend(GrammarConfig("auto"))
    assert backend is not None and backend.name == "harper"
    assert warning is not None and "falling back to Harper" in warning


def test_parallel_jobs_give_the_same_findings(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, prefix in enumerate(("000", "001", "002", "003", "004") * 2):
        (folder / f"{i:02d}.txt").write_text(seed_text(prefix), encoding="utf-8")
    one = run_cli("scan", str(folder), "--grammar", "harper", "--jobs", "1", "--format", "json")
    two = run_cli("scan", str(folder), "--grammar", "harper", "--jobs", "2", "--format", "json")

    def findings(out: str) -> list:
        return [
            (f["path"], [(x["rule"], x["start"]) for x in f["findings"]]) for f in json.loads(out)["files"]
        ]

    assert findings(one.stdout) == findings(two.stdout)
    assert any(rule.startswith("HARPER:") for _, items in findings(one.stdout) for rule, _ in items)


def test_a_trickling_server_is_cut_off_at_the_total_deadline(fake_server, monkeypatch):
    import cleanup.grammar.languagetool_backend as lt

    monkeypatch.setattr(lt, "CHECK_TIMEOUT", 2)
    _server, url = fake_server("trickle")
    backend, _warning = open_backend(GrammarConfig("languagetool", url))
    started = time.monotonic()
    with pytest.raises(GrammarUnavailable, match="no complete answer within 2 s"):
        backend.check(Document("The goverment said so.\n"))
    assert time.monotonic() - started < 6  # the answer would take about 90 s at this pace
    backend.close()


def test_after_three_failures_in_a_row_the_run_stops_asking(fake_server):
    server, url = fake_server("failing")
    backend, _warning = open_backend(GrammarConfig("languagetool", url))
    messages = []
    for i in range(5):
        with pytest.raises(GrammarUnavailable) as caught:
            backend.check(Document(f"Article {i}: the goverment said so.\n"))
        messages.append(str(caught.value))
    assert len(server.requests) == 3
    assert messages[3].startswith("LanguageTool skipped: 3 checks in a row failed (last: ")
    backend.close()


@pytest.mark.parametrize(
    "output_format", ["text", "concise", "full", "github", "json", "json-lines", "sarif"]
)
def test_a_failed_check_is_reported_in_every_format(fake_server, tmp_path, output_format):
    _server, url = fake_server("failing")
    article = tmp_path / "a.txt"
    article.write_text("The goverment said so on Monday, officials said.\n", encoding="utf-8")
    result = run_cli(
        "scan", "a.txt", "--grammar", "languagetool", "--languagetool-url", url,
        "--format", output_format, "--no-cache", cwd=tmp_path,
    )  # fmt: skip
    assert "LanguageTool check failed" in result.stdout, result.stdout
    if output_format not in ("github", "json-lines"):  # the formats with a summary say it did not answer
        assert "(failed on 1 of 1 files)" in result.stdout


def test_name_parts_are_not_taken_for_acronyms(harper):
    text = "North Korean leader Kim Jong Un visited the site in Tongchang-Ri on Monday, state media said.\n"
    assert [f for f in harper.check(Document(text)) if "Orthographic" in f.rule] == []
    typo = "Officials met at the Un headquarters in New York on Monday.\n"
    flagged = harper.check(Document(typo))
    assert [typo[f.start : f.end] for f in flagged if "Orthographic" in f.rule] == ["Un"]
