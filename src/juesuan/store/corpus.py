"""What the store holds: units × years with headline figures and finding counts,
and one unit's figures over the years (a table, a CSV with a BOM, a workbook,
or a chart drawn with matplotlib).

Each document counts with its latest run; a figure is the document's
authoritative one for its key (a table's over the narrative's, as
``Report.first`` chooses), in 万元.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from sqlalchemy import Engine, func, select

from ..crossdoc import unit_key
from ..model import UNIT_FACTORS
from . import schema

HEADLINE = {
    "income.total": "收入合计",
    "expenditure.total": "支出合计",
    "fiscal.general_expenditure": "一般公共预算财政拨款支出",
    "three_public.total.budget": "“三公”经费预算",
    "three_public.total.actual": "“三公”经费决算",
}
KINDS = {"budget": "部门预算", "final_accounts": "部门决算", "performance_report": "绩效报告"}
_WAN = Decimal(10000)


def overview(engine: Engine, unit: str | None = None) -> list[dict]:
    """One row per stored document (of ``unit`` if given), by unit, year and kind."""
    d, runs = schema.documents, schema.runs
    latest = select(runs.c.document_id, func.max(runs.c.id).label("run_id")).group_by(runs.c.document_id).subquery()
    query = (select(d.c.org, d.c.unit_key, d.c.year, d.c.doc_type, d.c.path, runs)
             .join(latest, latest.c.document_id == d.c.id).join(runs, runs.c.id == latest.c.run_id))
    if unit:
        query = query.where(d.c.unit_key == unit_key(unit))
    with engine.connect() as conn:
        docs = conn.execute(query).all()
        values = _headline_values(conn, [row.id for row in docs])
    rows = [{"单位": row.org or "", "年度": row.year or "", "类型": KINDS.get(row.doc_type, row.doc_type),
             "文件": row.path, **{name: values.get((row.id, key), "") for key, name in HEADLINE.items()},
             "错误": row.errors, "警告": row.warnings, "提示": row.infos, "未核对原因": row.error or "",
             "规则版本": row.rules_version}
            for row in docs]
    return sorted(rows, key=lambda r: (r["单位"], str(r["年度"]), r["类型"], r["文件"]))


def _headline_values(conn, run_ids: list[int]) -> dict[tuple[int, str], Decimal]:
    """(run id, key) → the authoritative figure in 万元."""
    f = schema.figures
    best: dict[tuple[int, str], tuple] = {}
    query = (select(f.c.run_id, f.c.key, f.c.source, f.c.value, f.c.unit, f.c.seq)
             .where(f.c.run_id.in_(run_ids), f.c.key.in_(list(HEADLINE))).order_by(f.c.run_id, f.c.seq))
    for row in conn.execute(query) if run_ids else ():
        rank = (row.source != "table", row.seq)
        if (row.run_id, row.key) not in best or rank < best[row.run_id, row.key][0]:
            best[row.run_id, row.key] = (rank, Decimal(row.value) * UNIT_FACTORS[row.unit] / _WAN)
    return {k: v.quantize(Decimal("0.01")) for k, (_, v) in best.items()}


def as_text(rows: list[dict]) -> str:
    if not rows:
        return "库中没有文件。\n"
    shown = [k for k in rows[0] if k not in ("文件", "规则版本", "未核对原因")]
    table = [shown] + [[str(r[k]) for k in shown] for r in rows]
    widths = [max(_width(line[i]) for line in table) for i in range(len(shown))]
    return "".join("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(line, widths)).rstrip() + "\n"
                   for line in table) + "（金额单位：万元）\n"


def _width(text: str) -> int:
    """Columns a text takes in a terminal (a Chinese character takes two)."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def as_csv(rows: list[dict]) -> bytes:
    """CSV in UTF-8 with a BOM (so that Excel reads the Chinese)."""
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "文件"
    if rows:
        sheet.append(list(rows[0]))
        for r in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in r.values()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def chart(rows: list[dict], unit: str) -> bytes:
    """A PNG of one unit's headline figures over the years, one line per figure and kind.

    Raises ``generate.charts.ChartUnavailable`` without matplotlib or a CJK font."""
    from ..generate.charts import CJK_FAMILIES, ChartUnavailable, cjk_font

    try:
        import matplotlib
    except ImportError:
        raise ChartUnavailable("未安装 matplotlib，未画图（pip install 'juesuan[charts]'）") from None
    font = cjk_font()
    if font is None:
        raise ChartUnavailable("没有中文字体，未画图")
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib import rc_context

    with rc_context({"font.family": "sans-serif", "font.sans-serif": [font, *CJK_FAMILIES],
                     "axes.unicode_minus": False}):
        fig, ax = plt.subplots(figsize=(8, 4.5), dpi=150)
        try:
            for kind in sorted({r["类型"] for r in rows}):
                for name in HEADLINE.values():
                    points = [(r["年度"], r[name]) for r in rows if r["类型"] == kind and r[name] != "" and r["年度"]]
                    if points:
                        ax.plot([p[0] for p in points], [float(p[1]) for p in points], marker="o",
                                label=f"{kind}·{name}")
            ax.set_title(f"{unit}：主要数字（万元）")
            ax.xaxis.get_major_locator().set_params(integer=True)
            ax.legend(fontsize=8)
            out = io.BytesIO()
            fig.savefig(out, format="png", bbox_inches="tight")
            return out.getvalue()
        finally:
            plt.close(fig)
