"""End to end in headless Chromium (Playwright driving the system's /usr/bin/chromium):
log in, upload a real PDF, wait for its check, open a finding and see its box on the
page, dismiss one, download the 审核意见表 and read the dismissal back.

Skips without Playwright or a Chromium.  With JUESUAN_SCREENSHOTS=FOLDER it also saves
the two pictures of the README there."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
pytest.importorskip("fastapi")
from openpyxl import load_workbook  # noqa: E402

from web_server import running  # noqa: E402

PDF = Path(__file__).parent / "fixtures" / "shanghai-putuo-shgzb-2024.pdf"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
PASSWORD = "审核员的密码123"


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _shot(page, name: str) -> None:
    """A screenshot for the README, as a 64-colour PNG (small enough to keep in the repo)."""
    folder = os.environ.get("JUESUAN_SCREENSHOTS")
    if not folder:
        return
    from PIL import Image

    picture = Image.open(io.BytesIO(page.screenshot())).convert("RGB").quantize(64)
    picture.save(Path(folder) / name, optimize=True)


def test_log_in_upload_review_and_export(tmp_path, browser):
    with running(tmp_path, {"审核员": (PASSWORD, "reviewer")}) as base:
        page = browser.new_page(viewport={"width": 1360, "height": 860}, accept_downloads=True)
        page.goto(base + "/")
        assert "/login" in page.url
        page.fill("input[name=name]", "审核员")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button")
        page.set_input_files("#files", str(PDF))
        page.click("#upload button")
        page.wait_for_selector("#progress a", timeout=180_000)
        assert "已完成" in page.inner_text("#progress")
        page.click("#progress a")
        first = page.locator("nav li a").first
        first.click()
        box = page.locator("figure.page .hl").first
        box.wait_for(state="visible")
        size = box.bounding_box()
        assert size and size["width"] > 5 and size["height"] > 3
        _shot(page, "serve-finding.png")
        page.fill("textarea[name=comment]", "系模板说明，不予采纳")
        page.click("button[value=dismissed]")
        assert "不予采纳" in page.inner_text("#finding .status")
        with page.expect_download() as download:
            page.click("text=下载审核意见表（.xlsx）")
        assert download.value.suggested_filename == "审核意见表.xlsx"
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        sheet = load_workbook(saved)["审核意见"]
        header = [c.value for c in sheet[1]]
        opinions = [row[header.index("处理意见")] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert "不予采纳：系模板说明，不予采纳" in opinions
        page.goto(base + "/")
        _shot(page, "serve-corpus.png")
