"""The review report cannot be turned against its reader by the articles it shows."""

import html
import re

from tests.conftest import run_cli

ATTACKS = [
    "<script>alert(1)</script>",
    "</textarea><script>alert(2)</script>",
    '" onload="alert(3)',
    "<img src=x onerror=alert(4)>",
    "</script><script>alert(5)</script>",
    "<!--",
    "\u2028\u2029",
]


def test_every_attack_string_is_inert_in_page_and_data(tmp_path):
    article = "\n\n".join(
        f"Paragraph {i} says {attack} and Seoul,South Korea." for i, attack in enumerate(ATTACKS)
    )
    (tmp_path / "a.txt").write_text(article + "\n", encoding="utf-8")
    assert run_cli("fix", "a.txt", "--no-cache", cwd=tmp_path).returncode == 0
    page = next((tmp_path / "reports" / "files").glob("*.html")).read_text(encoding="utf-8")
    markup, data = page.split('<script type="application/json" id="report-data">', 1)
    data = data.split("</script>", 1)[0]
    for attack in ATTACKS[:5]:
        assert attack not in markup  # escaped everywhere in the markup
        assert attack in html.unescape(markup)  # ... and still shown to the reader, literally
    assert "<" not in data and "\u2028" not in data  # the JSON cannot end its block or break the parser
    assert page.count("<script>") == 1
    policy = html.unescape(re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert (
        "default-src 'none'" in policy and "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    )
