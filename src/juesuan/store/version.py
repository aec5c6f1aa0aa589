"""The rules version a run records: what checked the document.

Any change to the code or data of the package (a rule, the extractor, the
lexicon) may change the findings, so the version is the package version with
a digest of every module and data file of ``juesuan`` outside this store and
the web desk (:mod:`juesuan.web`), which check nothing:
the same content checked by the same code is not checked again; new code
adds a run.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from .. import __version__

_PACKAGE = Path(__file__).resolve().parent.parent
_SOURCES = ("*.py", "*.yaml", "*.j2")


@cache
def rules_version() -> str:
    digest = hashlib.sha256()
    files = sorted(p for pattern in _SOURCES for p in _PACKAGE.rglob(pattern)
                   if not {"store", "web"} & set(p.relative_to(_PACKAGE).parts) and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
