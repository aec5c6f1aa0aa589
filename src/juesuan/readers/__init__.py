"""Readers turn a file of any supported format into a :class:`Document`.

``read(path)`` picks the reader by the file's content (magic bytes) first and
its extension second, so a misnamed file is still read right, and a file
that is not what it claims gives a clear :class:`ReadError`.
"""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from .errors import ReadError
from .html import looks_like_html

__all__ = ["read", "ReadError"]


def read(path: str) -> Document:
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise ReadError(path, "是目录，不是文件（is a directory）") from None
    except OSError as exc:
        raise ReadError(path, f"无法打开文件（{exc.strerror or exc}）") from None
    return read_bytes(path, data)


def read_bytes(path: str, data: bytes) -> Document:
    suffix = Path(path).suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        from .docx import read_docx

        return read_docx(path, data)
    if data.startswith(b"%PDF") or suffix == ".pdf":
        try:
            from .pdf import read_pdf
        except ImportError as exc:
            raise ReadError(path, f"无法读取 PDF：缺少 PDF 组件（PDF support is not installed: {exc}）") from None
        return read_pdf(path, data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(path, "旧版 Word (.doc) 格式不受支持，请另存为 .docx（legacy .doc is not supported）")
    if suffix in (".html", ".htm") or looks_like_html(data):
        from .html import read_html

        return read_html(path, data)
    if suffix in (".md", ".markdown"):
        from .markdown import read_markdown

        return read_markdown(path, data)
    from .txt import read_txt

    return read_txt(path, data)
