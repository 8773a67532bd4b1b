"""Both hooks through pre-commit itself (`pre-commit try-repo`), in a throwaway git repository."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, seed_text

CLEAN = "The summit ended without an agreement on Friday, officials said.\n\nTalks will resume next month.\n"


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory):
    home = tmp_path_factory.mktemp("precommit-home")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),  # pre-commit builds the hook's virtualenv here, once per module
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }  # fmt: skip
    return env


def _repo(tmp_path, files: dict[str, str]):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    return tmp_path


def _try_repo(env, cwd, hook, *files):
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--files", *files],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=1500,
    )  # fmt: skip


def _readme_snippet() -> tuple[str, str]:
    """The README's .pre-commit-config.yaml, and the rev it pins."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## pre-commit", 1)[1]
    snippet = section.split("```yaml", 1)[1].split("```", 1)[0]
    rev = re.search(r"rev: (\S+)", snippet)
    assert rev is not None, "the README's snippet pins no rev"
    return snippet, rev.group(1)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed for pre-commit")
def test_the_readme_snippet_at_its_tagged_rev_fails_on_dirty_and_passes_clean(hook_env, tmp_path):
    snippet, rev = _readme_snippet()
    tagged = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "-q", "--verify", f"refs/tags/{rev}"])
    if tagged.returncode != 0:  # a clone without tags (--depth 1, --no-tags) cannot run the README's config
        pytest.skip(f"this checkout has no tag {rev} (a clone without tags?)")
    repo = _repo(tmp_path, {"dirty.txt": seed_text("002"), "clean.txt": CLEAN})
    config = snippet.replace("https://example.invalid/cleanup", str(ROOT))
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")

    def run(*files: str):
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "cleanup", "--files", *files],
            cwd=repo, env=hook_env, capture_output=True, text=True, timeout=1500,
        )  # fmt: skip

    dirty = run("dirty.txt")
    assert dirty.returncode == 1, dirty.stdout + dirty.stderr
    assert "dirty.txt:" in dirty.stdout and "BP101" in dirty.stdout  # the footer widgets
    clean = run("clean.txt")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed for pre-commit")
def test_fix_hook_removes_the_footer_and_keeps_the_article(hook_env, tmp_path):
    repo = _repo(tmp_path, {"dirty.txt": seed_text("002"), "clean.txt": CLEAN})
    result = _try_repo(hook_env, repo, "cleanup-fix", "dirty.txt", "clean.txt")
    assert result.returncode == 1, result.stdout + result.stderr  # files were modified: pre-commit fails
    assert "files were modified by this hook" in result.stdout
    fixed = (repo / "dirty.txt").read_text(encoding="utf-8")
    assert "Read or Share this story:" not in fixed and "Back to top button" not in fixed
    assert "New satellite images indicate North Korea started rapidly rebuilding" in fixed
    assert "It is not a nuclear facility." in fixed
    assert (repo / "clean.txt").read_text(encoding="utf-8") == CLEAN
    again = _try_repo(hook_env, repo, "cleanup-fix", "dirty.txt", "clean.txt")
    assert again.returncode == 0, again.stdout + again.stderr  # idempotent: nothing left to fix
