"""Write ``juesuan generate``'s files safely: never half-written, never over a file unasked.

Each file is first written whole to a temporary file in its target folder;
the read-back check (``check``) reads this run's own temporary file, so a
concurrent run writing the same output cannot be checked in its place; then
each temporary file takes its target's name in one step (a hard link, which
fails if the target appeared meanwhile; ``force``: an atomic rename over
it).  An existing target is refused unless ``force``; a folder, a missing
folder that cannot be created, or an unwritable place is an
:class:`OutputError` with a message that says which.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


class OutputError(Exception):
    """The output cannot be written where asked; the message says why (in Chinese)."""


def refuse_existing(targets: list[Path], force: bool) -> None:
    """Refuse a target that is a folder, or that exists when ``force`` is not given."""
    for target in targets:
        if target.is_dir():
            raise OutputError(f"{target} 是一个文件夹，请给出输出文件名（如 {target / '说明.docx'}）")
        if target.exists() and not force:
            raise OutputError(f"{target} 已存在；加 --force 覆盖它")


def publish(files: dict[Path, bytes], force: bool, check: Callable[[Path], T] | None = None) -> T | None:
    """Write ``files`` (target → content; the first is the main one) and return ``check`` of the main file's temp."""
    targets = list(files)
    refuse_existing(targets, force)
    temps: dict[Path, Path] = {}
    try:
        for target, content in files.items():
            temps[target] = _write_temp(target, content)
        outcome = check(temps[targets[0]]) if check else None
        for target in reversed(targets):          # the main file last: it links to the others
            _move(temps[target], target, force)
        return outcome
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)


def _write_temp(target: Path, content: bytes) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=target.suffix)
    except OSError as exc:
        raise OutputError(f"无法在 {target.parent} 写入文件（{exc.strerror or exc}）") from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.chmod(temp, 0o666 & ~_umask())
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"无法写出 {target}（{exc.strerror or exc}）") from None
    return temp


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _move(temp: Path, target: Path, force: bool) -> None:
    try:
        if force:
            os.replace(temp, target)
            return
        try:
            os.link(temp, target)
        except OSError as exc:
            if exc.errno == errno.EEXIST:
                raise
            if target.exists():      # no hard links on this file system
                raise FileExistsError(errno.EEXIST, "exists") from None
            os.replace(temp, target)
    except FileExistsError:
        raise OutputError(f"{target} 已存在（另一次运行刚刚写出了它？）；加 --force 覆盖它") from None
    except OSError as exc:
        raise OutputError(f"无法写出 {target}（{exc.strerror or exc}）") from None
