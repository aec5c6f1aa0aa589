"""``juesuan generate``: the 部门决算说明 drafted from the tables, so it cannot disagree with them.

Input (:mod:`.loader`): a workbook with the nine tables (:mod:`.workbook`) or
the same data as YAML/JSON.  Every number of the text is computed by
:mod:`.compute` with the checks' own formulas; the wording is one Jinja2
template (``templates/narrative.md.j2``) rendered into blocks
(:mod:`.narrative`); the nine tables are grids (:mod:`.tables`); the writers
turn blocks, grids and charts (:mod:`.charts`) into .md, .html or .docx.

``juesuan generate`` (:mod:`.command`) refuses data that do not add up,
and reads the written document back and checks it with juesuan itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .data import GenerateInput

FORMATS = (".md", ".html", ".htm", ".docx")


@dataclass
class Generated:
    files: list[Path]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """The files of a document, not yet written: target path → content (the main file first)."""

    contents: dict[Path, bytes]
    warnings: list[str] = field(default_factory=list)


def generate(data: GenerateInput, out: str | Path, charts: bool = True) -> Generated:
    """Write the document of ``data`` to ``out`` (.md, .html or .docx), over any file there."""
    from .publish import publish

    result = draft(data, out, charts)
    publish(result.contents, force=True)
    return Generated(list(result.contents), result.warnings)


def draft(data: GenerateInput, out: str | Path, charts: bool = True) -> Draft:
    """The document of ``data`` for ``out`` (.md, .html or .docx) and its chart files, in memory."""
    from .charts import ChartUnavailable, draw
    from .narrative import blocks, context
    from .phrases import Formatter
    from .selfeval import evaluation_grids
    from .tables import grids

    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"不支持的输出格式“{path.suffix}”，请用 .docx、.html 或 .md")
    fmt = Formatter(data.meta.unit, data.settings)
    all_grids = dict(grids(data, fmt))
    all_grids.update(evaluation_grids(data, fmt))
    result = Draft(contents={})
    drawn = {}
    if charts:
        ctx = context(data)
        for kind in ("income", "expenditure"):
            try:
                drawn[kind] = draw(kind, ctx[f"{kind}_parts"], fmt)
            except ChartUnavailable as why:
                result.warnings.append(str(why))
        if suffix == ".docx" and drawn and any(c.png is None for c in drawn.values()):
            result.warnings.append("未找到中文字体，Word 文件中的图1/图2未生成"
                                   "（请安装 fonts-noto-cjk 或 fonts-wqy-microhei）")
    parts = blocks(data)
    if suffix == ".md":
        from .write_md import render
    elif suffix in (".html", ".htm"):
        from .write_html import render
    else:
        from .write_docx import render
    result.contents = render(parts, all_grids, drawn, path)
    return result


__all__ = ["FORMATS", "Draft", "Generated", "draft", "generate"]
