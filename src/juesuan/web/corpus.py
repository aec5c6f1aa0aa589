"""The corpus as the review desk shows it: every document with its headline figures and
open findings, and one unit's figures over the years as an SVG chart.

The figures are the store's (:func:`juesuan.store.corpus.overview`); a
finding is *open* while nobody confirmed or dismissed it (a dismissal in
another of the unit's documents counts, see :mod:`.reviews`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Engine, func, select

from ..store.corpus import HEADLINE, overview
from ..store.schema import documents, findings, runs
from .documents import display_names
from .reviews import reviews_of

CHART_WIDTH, CHART_HEIGHT, MARGIN = 640, 260, 48
COLOURS = ("#1f4e78", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6")


def document_rows(engine: Engine, unit: str | None = None) -> list[dict]:
    """The store's overview rows (of ``unit``), each with its document's id, shown name and
    number of open findings."""
    rows = overview(engine, unit)
    with engine.connect() as conn:
        ids = {r.path: r.id for r in conn.execute(select(documents.c.id, documents.c.path))}
        names = display_names(conn, list(ids.values()))
        open_counts = _open_counts(conn)
    for row in rows:
        row["id"] = ids.get(row["文件"])
        row["名称"] = names.get(row["id"], row["文件"])
        row["待处理"] = open_counts.get(row["id"], 0)
    return rows


def _open_counts(conn) -> dict[int, int]:
    latest = select(func.max(runs.c.id).label("run_id")).group_by(runs.c.document_id).subquery()
    stored = conn.execute(select(findings, runs.c.document_id, documents.c.unit_key)
                          .join(runs, runs.c.id == findings.c.run_id)
                          .join(documents, documents.c.id == runs.c.document_id)
                          .where(findings.c.run_id.in_(select(latest.c.run_id)))).all()
    counts: dict[int, int] = {}
    by_unit: dict[str | None, list] = {}
    for f in stored:
        by_unit.setdefault(f.unit_key, []).append(f)
    for unit_key, chosen in by_unit.items():
        verdicts = reviews_of(conn, chosen, unit_key)
        for f in chosen:
            counts[f.document_id] = counts.get(f.document_id, 0) + (verdicts[f.id].status == "open")
    return counts


@dataclass
class Series:
    name: str
    colour: str
    points: list[tuple[float, float, int, Decimal]]      # x, y in the picture; year, value

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in self.points)


@dataclass
class Chart:
    series: list[Series]
    years: list[tuple[float, int]]                     # x of each year
    ticks: list[tuple[float, str]]                     # y of each value label
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    margin: int = MARGIN


def chart(rows: list[dict]) -> Chart | None:
    """One line per headline figure and kind of document over the years (万元); None
    when there is nothing to draw."""
    raw = []
    for kind in sorted({r["类型"] for r in rows}):
        for name in HEADLINE.values():
            points = sorted((int(r["年度"]), r[name]) for r in rows
                            if r["类型"] == kind and r[name] != "" and str(r["年度"]).isdigit())
            if points:
                raw.append((f"{kind}·{name}", points))
    if not raw:
        return None
    years = sorted({year for _, points in raw for year, _ in points})
    top = max(value for _, points in raw for _, value in points) or Decimal(1)
    inner_w, inner_h = CHART_WIDTH - 2 * MARGIN, CHART_HEIGHT - 2 * MARGIN

    def x(year: int) -> float:
        return MARGIN + (inner_w * years.index(year) / (len(years) - 1) if len(years) > 1 else inner_w / 2)

    def y(value: Decimal) -> float:
        return MARGIN + inner_h * (1 - float(value / top))

    series = [Series(name, COLOURS[i % len(COLOURS)], [(x(yr), y(v), yr, v) for yr, v in points])
              for i, (name, points) in enumerate(raw)]
    ticks = [(y(top * k / 4), f"{top * k / 4:,.0f}") for k in range(5)]
    return Chart(series, [(x(yr), yr) for yr in years], ticks)
