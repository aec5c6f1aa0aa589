"""`check --format json` on the in-repo fixtures gives exactly the committed output.

A guard for work that must not change what is found (speed-ups, refactors):
the five seed texts and the Shanghai PDF of ``tests/fixtures`` are checked
in one run of the CLI, as a user would, and the JSON Lines it prints are
compared byte for byte with ``tests/golden/check.jsonl``.

When a change is meant to change the output (a new rule, a fixed false
alarm, a new figure), read the difference, then regenerate the file and
commit it with the change::

    JUESUAN_UPDATE_GOLDEN=1 PYTHONPATH=src python -m pytest -q tests/test_output_stable.py
    git diff tests/golden/check.jsonl     # every changed line is one you meant
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from click.testing import CliRunner

from juesuan.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden" / "check.jsonl"
UPDATE = "JUESUAN_UPDATE_GOLDEN"


def _check_fixtures(fixtures_dir: Path, monkeypatch) -> str:
    """The CLI's JSON Lines for every fixture, paths relative to tests/fixtures."""
    monkeypatch.chdir(fixtures_dir)
    files = sorted(str(p.relative_to(fixtures_dir)) for p in fixtures_dir.glob("seeds/*.txt"))
    files += sorted(p.name for p in fixtures_dir.glob("*.pdf"))
    result = CliRunner().invoke(main, ["check", "--format", "json", "--exit-zero", *files])
    assert result.exit_code == 0, result.output
    return result.output


def test_check_output_is_unchanged(fixtures_dir, monkeypatch):
    output = _check_fixtures(fixtures_dir, monkeypatch)
    if os.environ.get(UPDATE):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(output, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    if output != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), output.splitlines(True),
                                            "golden", "now", n=0))
        raise AssertionError(f"check output changed (if meant: {UPDATE}=1, see the module doc):\n{diff[:4000]}")
