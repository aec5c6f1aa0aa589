"""Word (.docx) reader: the Word XML written out in the txt reader's form.

The body is walked in document order, paragraphs and tables interleaved.  Each
paragraph becomes one line; each table is written in the txt convention (one
cell per line starting with a tab, a blank line after every row), so
:func:`~juesuan.readers.txt.find_tables` rebuilds the tables exactly as it does
for the Word-to-text files, and the same extraction works on both.

Each ``w:tc`` element of a row is one cell.  A horizontally merged cell is a
single element spanning several grid columns, so it is written once; the
continuation of a vertically merged cell is an element of its own with no
text, so it is written as an empty cell, as Word's own text export does.
Within a cell, paragraphs become continuation lines (no tab) and empty
paragraphs are left out, since a blank line would end the row.  A paragraph
line never starts with a tab, since that would read as a cell.

Word has no fixed pages.  They are estimated from explicit page breaks
(``w:br w:type="page"``) and the breaks Word recorded when it last laid the
document out (``w:lastRenderedPageBreak``).  The two often mark the same
break, so a page with no text between its start and the next one's is merged
into the next.

A .docx is a zip archive: the sizes its members declare are added up before
anything is unpacked, and a file that would unpack past the size limit is
refused (an expansion bomb); each member is then inflated chunk by chunk and
thrown away, so one that holds more than it declares is found damaged
without ever being held in memory.  Tables
nested deeper than the XML parser allows (about 85 levels) are named as such.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
import zlib

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ..document import Document
from .errors import ReadError
from .txt import find_tables

MARK = "\x00"   # a page break while the text is built; XML text never holds NUL

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_BR, _BR_TYPE, _RENDERED_BREAK = qn("w:br"), qn("w:type"), qn("w:lastRenderedPageBreak")
# Run children with a plain-text equivalent (python-docx's str() of each gives it).
_TEXT_TAGS = frozenset(qn(t) for t in ("w:t", "w:tab", "w:ptab", "w:br", "w:cr", "w:noBreakHyphen"))

# Runs of a paragraph, also inside hyperlinks, insertions, fields, content controls;
# not deleted text and not text boxes (runs nested in a run).
_RUNS = ".//w:r[not(ancestor::w:r) and not(ancestor::w:del)]"
_ROWS = "./w:tr | ./w:sdt/w:sdtContent/w:tr"
_CELLS = "./w:tc | ./w:sdt/w:sdtContent/w:tc"
_CELL_PARAGRAPHS = ".//w:p[not(ancestor::w:r)]"
_PAGE_BREAKS = ".//w:br[@w:type='page'] | .//w:lastRenderedPageBreak"
_TO_LINE_END = re.compile(r"[^\S\t\n]*\n")   # spaces up to the newline, no tab

_CHUNK = 1 << 20                   # bytes inflated at a time while an archive is checked
_CFB_MAGIC = b"\xd0\xcf\x11\xe0"   # OLE container: encrypted .docx or legacy .doc
_NO_TEXT = "文档没有文字内容（no text）"


def read_docx(path: str, data: bytes, max_unpacked: int | None = None) -> Document:
    body = _load_body(path, data, max_unpacked)
    marked = _body_text(body) if body is not None else ""
    text, breaks = _take_marks(marked)
    if not text.strip():
        raise ReadError(path, _NO_TEXT)
    return Document(
        path=path,
        text=text,
        tables=find_tables(text),
        page_starts=_page_starts(text, breaks),
        source_format="docx",
    )


def _load_body(path: str, data: bytes, max_unpacked: int | None):
    """The ``w:body`` element (None if absent), or a ReadError saying why not."""
    if data.startswith(_CFB_MAGIC):
        raise ReadError(path, "文件已加密，或是旧版 Word (.doc) 格式，请另存为未加密的 .docx（encrypted .docx or legacy .doc）")
    try:
        if max_unpacked is not None:
            _check_unpacked_size(path, data, max_unpacked)
        return docx.Document(io.BytesIO(data)).element.body
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        reason = "不是有效的 .docx 文件：不是 zip 压缩包，或文件已损坏、不完整（not a zip archive, or damaged/truncated）"
    except (KeyError, ValueError, PackageNotFoundError):
        reason = "不是 Word 文档：压缩包中没有 Word 文档内容（zip archive is not a Word document）"
    except etree.LxmlError as exc:
        reason = (_TOO_DEEP if "depth" in str(exc).lower()
                  else "Word 文档内容已损坏，XML 无法解析（damaged document XML）")
    raise ReadError(path, reason)


_TOO_DEEP = ("Word 文档的表格（或其他元素）嵌套层数过多（约 85 层以上嵌套表格），超过 XML 解析器的安全限制，未读取；"
             "请减少表格嵌套后另存（elements nested too deeply, e.g. 85+ nested tables）")


def _check_unpacked_size(path: str, data: bytes, limit: int) -> None:
    """Refuse an archive that would unpack past ``limit`` bytes, before anything is kept in memory.

    The declared sizes are added up first; then every member is inflated in
    small chunks and thrown away, which stops at the declared size and raises
    :class:`zipfile.BadZipFile` for a member that holds more than it declares
    (whose CRC cannot match).  Only then may python-docx read the archive:
    :mod:`zipfile` inflates a member in one call when asked for all of it.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        declared = sum(info.file_size for info in members)
        if declared > limit:
            raise ReadError(path, f"压缩包解压后将达 {declared / 1048576:.0f} MB，超过上限 {limit / 1048576:g} MB，"
                                  "疑为压缩炸弹，未读取（archive would unpack past the size limit）")
        for info in members:
            with archive.open(info) as member:
                while member.read(_CHUNK):
                    pass


def _blocks(container):
    """Paragraph and table elements of ``container`` in document order; content controls are opened."""
    for child in container.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)


def _body_text(body) -> str:
    return "".join(_table_text(el) if el.tag == _TBL else _paragraph_text(el) for el in _blocks(body))


def _paragraph_text(p) -> str:
    """A body paragraph: one line per line break, page breaks kept as MARK."""
    return "".join(_untab(line) + "\n" for line in _inline_text(p).split("\n"))


def _table_text(tbl) -> str:
    return "".join(_row_text(tr) for tr in tbl.xpath(_ROWS))


def _row_text(tr) -> str:
    """One row in the txt convention; a page break anywhere in it starts the page at the row."""
    mark = MARK if tr.xpath(_PAGE_BREAKS) else ""
    return mark + "".join(f"\t{_cell_text(tc)}\n" for tc in tr.xpath(_CELLS)) + "\n"


def _cell_text(tc) -> str:
    """A cell's non-blank lines, joined by newlines (continuation lines, no tab)."""
    lines = (
        _untab(line)
        for p in tc.xpath(_CELL_PARAGRAPHS)
        for line in _inline_text(p).replace(MARK, "").split("\n")
    )
    return "\n".join(line for line in lines if line.strip())


def _inline_text(p) -> str:
    """Text of a paragraph's runs, with MARK where a page break falls."""
    return "".join(
        MARK if _is_page_break(el) else str(el)
        for r in p.xpath(_RUNS)
        for el in r.iterchildren()
        if el.tag in _TEXT_TAGS or el.tag == _RENDERED_BREAK
    )


def _is_page_break(el) -> bool:
    return el.tag == _RENDERED_BREAK or (el.tag == _BR and el.get(_BR_TYPE) == "page")


def _untab(line: str) -> str:
    """Drop leading tabs (page marks kept), so the line does not read as a table cell."""
    head = len(line) - len(line.lstrip("\t" + MARK))
    return line[:head].replace("\t", "") + line[head:]


def _take_marks(marked: str) -> tuple[str, list[int]]:
    """The text without MARKs, and the offsets where they stood."""
    pieces = marked.split(MARK)
    return "".join(pieces), list(itertools.accumulate(len(p) for p in pieces[:-1]))


def _page_starts(text: str, breaks: list[int]) -> list[int]:
    """Page start offsets from break offsets; pages without text merge into the next."""
    if not breaks:
        return []
    starts = sorted({_snap(text, pos) for pos in breaks})
    ends = starts[1:] + [len(text)]
    return [0] + [s for s, e in zip(starts, ends) if s > 0 and text[s:e].strip()]


def _snap(text: str, pos: int) -> int:
    """A break with nothing but spaces after it on its line starts the page at the next line."""
    tail = _TO_LINE_END.match(text, pos)
    return tail.end() if tail else pos
