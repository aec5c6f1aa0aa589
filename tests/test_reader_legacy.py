"""Legacy office files (.doc, .wps, .xls without xlrd) are converted by LibreOffice:
a seed written as .doc gives the same findings as its .docx; without
LibreOffice the message names it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx_builder import build_docx_from_txt

from juesuan.pipeline import analyze
from juesuan.readers import legacy, read_bytes

SEED = Path(__file__).parent / "fixtures" / "seeds" / "000_7a2d2a46f442ff4e.txt"
SOFFICE = shutil.which("soffice")


def _findings(result) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.severity, f.expected) for f in result.findings]


@pytest.fixture(scope="module")
def seed_doc(tmp_path_factory) -> tuple[Path, Path]:
    """The seed as .docx, and the same converted to .doc by LibreOffice."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("legacy")
    docx_path = build_docx_from_txt(SEED.read_text(encoding="utf-8"), tmp / "seed.docx")
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp), str(docx_path)],
                   check=True, capture_output=True, timeout=180)
    return docx_path, tmp / "seed.doc"


def test_doc_is_read_like_its_docx(seed_doc):
    docx_path, doc_path = seed_doc
    assert doc_path.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    as_doc, as_docx = analyze(str(doc_path)), analyze(str(docx_path))
    assert as_doc.error is None and as_doc.report.document.source_format == "docx"
    assert _findings(as_doc) == _findings(as_docx) and as_doc.findings


def test_a_wps_named_file_is_converted_too(seed_doc, tmp_path):
    wps = tmp_path / "seed.wps"
    wps.write_bytes(seed_doc[1].read_bytes())
    assert analyze(str(wps)).error is None


def test_without_libreoffice_the_message_names_it(monkeypatch):
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument\0".encode("utf-16-le") + b"\x00" * 512
    with pytest.raises(Exception) as raised:
        read_bytes("old.doc", ole)
    assert "LibreOffice" in str(raised.value) and ".docx" in str(raised.value)


def test_a_damaged_doc_gives_a_message_not_a_traceback(tmp_path):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    bad = tmp_path / "bad.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument\0".encode("utf-16-le") + b"\x00" * 4096)
    result = analyze(str(bad))
    assert result.error                      # LibreOffice reads it as some text: not a disclosure
