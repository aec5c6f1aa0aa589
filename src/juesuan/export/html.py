"""One standalone HTML file for a run: every document with its findings.

Nothing is fetched when it is opened: the CSS and the few lines of script are
inline and the page pictures are data URIs.  On the left, each document's
findings; a click on one scrolls the right side to its place and highlights
it: on the rendered PDF page (only the pages with findings, see
:mod:`.pages`), or in the text of a txt/docx/html file (the lines around the
findings only).  The page works without the script too (``:target``).  All text
of the documents passes Jinja2's autoescape.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from jinja2 import Environment

from .pages import PageView, render_pages
from .rows import SEVERITY_LABEL, Entry, Row

CONTEXT_LINES = 3            # lines shown around a finding in the text view


@dataclass
class Segment:
    text: str
    rows: tuple[int, ...]    # numbers of the findings that cover it (none: plain text)
    starts: tuple[int, ...]  # numbers of the findings that start here


@dataclass
class DocumentView:
    key: str                                  # "d3": prefix of its anchors
    entry: Entry
    pages: list[PageView] | None              # PDF pages, or None for the text view
    excerpts: list[list[Segment]]             # the text view: runs of lines around the findings
    unplaced: list[Row]                       # findings that could not be shown in place


def write(entries: list[Entry], path: str) -> None:
    views = [_view(f"d{i}", e) for i, e in enumerate(entries, 1)]
    counts = {label: sum(1 for e in entries for r in e.rows if r.severity == s)
              for s, label in SEVERITY_LABEL.items()}
    html = _TEMPLATE.render(views=views, counts=counts, labels=SEVERITY_LABEL,
                            unchecked=sum(1 for e in entries if e.error),
                            made=dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(html)


def _view(key: str, item: Entry) -> DocumentView:
    doc = item.document
    placed = [r for r in item.rows if r.start is not None and r.file == item.file]
    pages = None
    if doc is not None and doc.source_format == "pdf" and placed:
        pages = render_pages(item.file, doc, placed)
    if pages is not None:
        shown = {n for p in pages for n in p.marks}
        return DocumentView(key, item, pages, [], [r for r in item.rows if r.number not in shown])
    runs = excerpts(doc.text, placed) if doc is not None and placed else []
    shown = {r.number for r in placed} if runs else set()
    return DocumentView(key, item, None, runs, [r for r in item.rows if r.number not in shown])


def excerpts(text: str, rows: list[Row]) -> list[list[Segment]]:
    """The lines around the findings, in runs, each cut into segments where a finding starts or ends."""
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    ranges = []
    for row in sorted(rows, key=lambda r: r.start):
        first = _line_index(line_starts, row.start) - CONTEXT_LINES
        last = _line_index(line_starts, max(row.end - 1, row.start)) + CONTEXT_LINES
        first, last = max(first, 0), min(last, len(line_starts) - 1)
        if ranges and first <= ranges[-1][1] + 1:
            ranges[-1][1] = max(ranges[-1][1], last)
        else:
            ranges.append([first, last])
    out = []
    for first, last in ranges:
        start = line_starts[first]
        end = line_starts[last + 1] - 1 if last + 1 < len(line_starts) else len(text)
        out.append(_segments(text, start, end, [r for r in rows if r.start < end and r.end >= start]))
    return out


def _line_index(line_starts: list[int], offset: int) -> int:
    return bisect.bisect_right(line_starts, offset) - 1


def _segments(text: str, start: int, end: int, rows: list[Row]) -> list[Segment]:
    cuts = sorted({start, end} | {min(max(p, start), end) for r in rows for p in (r.start, r.end)})
    out = []
    for a, b in zip(cuts, cuts[1:] + [None]):
        covering = tuple(r.number for r in rows if r.start <= a < r.end or r.start == r.end == a)
        starting = tuple(r.number for r in rows if r.start == a)
        if b is None:
            if starting:
                out.append(Segment("", covering, starting))
            break
        out.append(Segment(text[a:b], covering, starting))
    return out


_TEMPLATE = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string("""\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>juesuan 审核报告</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:14px/1.6 "Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;color:#222;background:#f3f3f3}
header{height:2.6em;background:#1f4e78;color:#fff;padding:.5em 1em;white-space:nowrap;overflow:hidden}
header h1{font-size:1.2em;margin:0;display:inline}
header span{margin-left:1.5em}
.layout{display:grid;grid-template-columns:minmax(320px,38%) 1fr;gap:1em;padding:1em;height:calc(100vh - 2.6em)}
nav,main{overflow:auto}
nav{background:#fff;padding:.5em 1em;border:1px solid #ccc}
nav h2{font-size:1.05em;margin:.8em 0 .3em;border-bottom:1px solid #ddd}
nav ol{padding-left:1.6em;margin:0}
nav li{margin:.4em 0}
nav li a{text-decoration:none;color:inherit;display:block;padding:.2em .4em;border-left:4px solid transparent}
nav li a:hover,nav li.active a{background:#fff4c2}
nav .msg{color:#444;font-size:.92em}
nav .arith{font-family:monospace;font-size:.85em;color:#555}
.tag{display:inline-block;font-size:.8em;padding:0 .4em;border-radius:3px;color:#fff;margin-right:.3em}
.error .tag{background:#c00}.warning .tag{background:#b7791f}.info .tag{background:#2b6cb0}
.error a{border-left-color:#c00!important}.warning a{border-left-color:#e0a000!important}.info a{border-left-color:#6aa0d8!important}
.failed{color:#900;background:#fde8e8;padding:.3em .5em}
main section{background:#fff;border:1px solid #ccc;margin-bottom:1.5em;padding:.5em 1em}
main h2{font-size:1.1em}
figure.page{position:relative;margin:1em auto;max-width:900px;border:1px solid #999;box-shadow:0 1px 4px #aaa}
figure.page img{display:block;width:100%;height:auto}
figure.page figcaption{position:absolute;right:.3em;top:.2em;font-size:.8em;color:#666}
.hl{position:absolute;background:rgba(255,214,0,.35);outline:2px solid rgba(220,0,0,.7);scroll-margin:40vh 0}
.hl.missing{position:static;display:block;background:#fde8e8;outline:none;padding:.2em .5em}
.hl:target,.hl.active{background:rgba(255,120,0,.35);outline:3px solid #e00;box-shadow:0 0 0 4px rgba(255,0,0,.25)}
pre.text{white-space:pre-wrap;word-break:break-all;font-family:inherit;background:#fafafa;border:1px solid #ddd;padding:.5em}
pre.text mark{background:#ffe680}
pre.text mark.active,pre.text mark:target{background:#ff9c3a;outline:2px solid #e00}
.anchor{scroll-margin:40vh 0}
.gap{color:#999;text-align:center}
</style>
</head>
<body>
<header><h1>juesuan 审核报告</h1>
<span>{{ views|length }} 个文件</span>
{% for label, n in counts.items() %}<span>{{ label }} {{ n }}</span>{% endfor %}
{% if unchecked %}<span>未核对 {{ unchecked }}</span>{% endif %}
<span>{{ made }}</span></header>
<div class="layout">
<nav>
{% for v in views %}
<h2>{{ v.entry.unit }}{% if v.entry.year %} · {{ v.entry.year }}年度{% endif %}<br><small>{{ v.entry.file }}</small></h2>
{% if v.entry.error %}<p class="failed">未核对：{{ v.entry.error }}</p>{% endif %}
{% if not v.entry.rows and not v.entry.error %}<p>未发现问题。</p>{% endif %}
<ol>
{% for r in v.entry.rows %}
<li class="{{ r.severity }}" data-f="{{ v.key }}-f{{ r.number }}"><a href="#{{ v.key }}-f{{ r.number }}">
<span class="tag">{{ labels.get(r.severity, r.severity) }}</span><b>{{ r.title }}</b> · {{ r.place }}
<div class="msg">{{ r.message }}</div>
{% if r.arithmetic %}<div class="arith">{{ r.arithmetic }}</div>{% endif %}
</a></li>
{% endfor %}
</ol>
{% endfor %}
</nav>
<main>
{% for v in views %}
<section id="{{ v.key }}">
<h2>{{ v.entry.unit }} — {{ v.entry.file }}</h2>
{% for r in v.unplaced %}
<div class="hl missing" id="{{ v.key }}-f{{ r.number }}">{{ r.number }}. {{ r.title }}（{{ r.place or '位置不明' }}）：原文“{{ r.context }}”未能在文件中定位</div>
{% endfor %}
{% if v.pages %}
{% for p in v.pages %}
<figure class="page" style="aspect-ratio:1/{{ '%.4f'|format(p.ratio) }}">
<img src="{{ p.image }}" alt="第{{ p.page }}页">
<figcaption>第{{ p.page }}页</figcaption>
{% for n, boxes in p.marks.items() %}
{% if boxes %}
{% for b in boxes %}
<div class="hl" {% if loop.first %}id="{{ v.key }}-f{{ n }}" {% endif %}data-f="{{ v.key }}-f{{ n }}" title="{{ n }}" style="left:{{ '%.3f'|format(b.left * 100) }}%;top:{{ '%.3f'|format(b.top * 100) }}%;width:{{ '%.3f'|format(b.width * 100) }}%;height:{{ '%.3f'|format(b.height * 100) }}%"></div>
{% endfor %}
{% else %}
<div class="hl missing" id="{{ v.key }}-f{{ n }}">{{ n }}. 原文未能在本页图上定位，见第{{ p.page }}页</div>
{% endif %}
{% endfor %}
</figure>
{% endfor %}
{% endif %}
{% for excerpt in v.excerpts %}
{% if not loop.first %}<div class="gap">⋯</div>{% endif %}
<pre class="text">{% for s in excerpt %}{% for n in s.starts %}<span class="anchor hl-anchor" id="{{ v.key }}-f{{ n }}"></span>{% endfor %}{% if s.rows %}<mark data-f="{% for n in s.rows %}{{ v.key }}-f{{ n }} {% endfor %}">{{ s.text }}</mark>{% else %}{{ s.text }}{% endif %}{% endfor %}</pre>
{% endfor %}
</section>
{% endfor %}
</main>
</div>
<script>
function show(){
  var id=decodeURIComponent(location.hash.slice(1));
  document.querySelectorAll('.active').forEach(function(e){e.classList.remove('active')});
  if(!id)return;
  document.querySelectorAll('[data-f]').forEach(function(e){
    if(e.getAttribute('data-f').split(' ').indexOf(id)>=0)e.classList.add('active');});
  var item=document.querySelector('nav li.active');
  if(item)item.scrollIntoView({block:'nearest'});
}
window.addEventListener('hashchange',show);show();
</script>
</body>
</html>
""")
