"""The exports as other programs show them: LibreOffice opens the 审核意见表 and the
整改通知 (converted headless to PDF), headless Chromium opens report.html at a
finding and shows it highlighted.  Each test is skipped, with the reason,
where the program is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan.cli import main

SHANGHAI = "shanghai-putuo-shgzb-2024.pdf"
UNIT = "中共上海市普陀区委社会工作部"


def write_report(tmp_path: Path, fixtures_dir: Path, name: str) -> Path:
    out = tmp_path / name
    result = CliRunner().invoke(main, ["report", str(fixtures_dir / SHANGHAI), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def program(*names: str) -> str:
    found = next((shutil.which(n) for n in names if shutil.which(n)), None)
    if found is None:
        pytest.skip(f"{' / '.join(names)} is not installed: cannot open the export as a reader would")
    return found


@pytest.mark.parametrize("name", ["审核意见表.xlsx", "整改通知.docx"])
def test_libreoffice_opens_the_export(tmp_path, fixtures_dir, name):
    soffice = program("soffice", "libreoffice")
    pdfium = pytest.importorskip("pypdfium2")
    source = write_report(tmp_path, fixtures_dir, name)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = pdfium.PdfDocument(str(source.with_suffix(".pdf")))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert UNIT in text
    assert "以零为基数的增长率" in text


def test_chromium_shows_the_finding_clicked(tmp_path, fixtures_dir):
    chromium = program("chromium", "chromium-browser", "google-chrome")
    image = pytest.importorskip("PIL.Image")
    page = write_report(tmp_path, fixtures_dir, "report.html")
    shot = tmp_path / "shot.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--user-data-dir={tmp_path}/profile", "--virtual-time-budget=3000",
                    "--window-size=1400,900", f"--screenshot={shot}", f"{page.as_uri()}#d1-f5"],
                   check=True, capture_output=True, timeout=120)
    picture = image.open(shot).convert("RGB")
    assert picture.size == (1400, 900)
    right = picture.crop((560, 60, 1400, 900))          # the page pane: scrolled to the finding
    colours = right.getcolors(maxcolors=1 << 20)
    red = sum(n for n, (r, g, b) in colours if r > 200 and g < 60 and b < 60)
    dark = sum(n for n, (r, g, b) in colours if r < 90 and g < 90 and b < 90)
    assert red > 500, "the finding's box is drawn in the page picture"
    assert dark > 2000, "the page picture (its text) is shown"
