"""Read only regular files inside the repository.

A pull request can commit a symbolic link (to ``/etc/passwd``, to a runner's secrets, to
``/dev/zero``) or, on a shared machine, someone can leave a FIFO where a file was. Anything
the build reads from the repository goes through here first: links are refused or must stay
inside the repository, special files are never opened, and no file is read past a limit.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

NOT_REGULAR = "not a regular file inside the repository"


class UnsafeFile(Exception):
    """The file was not read; ``reason`` says why, for a ``file:line: reason`` problem."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_regular_file(path: Path, *, max_bytes: int, follow_links: bool = True) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``.

    The file is checked before a byte is read (a FIFO would block for ever, ``/dev/zero``
    fill memory) and again once open, in case it was swapped in between. With
    ``follow_links=False`` a symbolic link is refused without reading its target.
    """
    try:
        before = os.stat(path) if follow_links else os.lstat(path)
    except OSError as error:
        raise UnsafeFile(f"cannot read file: {error.strerror}") from None
    if not stat.S_ISREG(before.st_mode):
        raise UnsafeFile(NOT_REGULAR)
    if before.st_size > max_bytes:
        raise UnsafeFile(too_large(before.st_size, max_bytes))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise UnsafeFile(NOT_REGULAR if os.path.islink(path) else f"cannot read file: {error.strerror}") from None
    with open(descriptor, "rb", closefd=True) as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise UnsafeFile(NOT_REGULAR)
        raw = stream.read(max_bytes + 1)  # the file may have grown since the stat
    if len(raw) > max_bytes:
        raise UnsafeFile(too_large(len(raw), max_bytes))
    return raw


def is_regular_inside(path: Path, root: Path) -> bool:
    """``path`` is, or links to, a regular file whose real location is inside ``root``."""
    try:
        real = Path(os.path.realpath(path))
        if not stat.S_ISREG(os.stat(real).st_mode):
            return False
        real.relative_to(Path(os.path.realpath(root)))
    except (OSError, ValueError):
        return False
    return True


def files_outside(paths: Iterable[Path], root: Path) -> list[Path]:
    """Those of ``paths`` that are not regular files inside ``root`` (links pointing out, FIFOs…)."""
    return [path for path in paths if not is_regular_inside(path, root)]


def too_large(size: int, limit: int) -> str:
    """Why a file of ``size`` bytes is not read."""
    return f"the file is too large: {size:,} bytes, the limit is {_size(limit)} per data file"


def _size(limit: int) -> str:
    return f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit:,} bytes"
