"""Write a set of files all at once or not at all, as far as a file system allows.

Every text goes to a hidden temporary file beside its target first; only when all of them
are on disk are they renamed into place. A failure while writing (a full disk, a folder
that is not writable) removes the temporary files and leaves every target as it was; a
crash leaves at most hidden ``.*.tmp`` files, never half a project file.
"""

from __future__ import annotations

import os
from pathlib import Path

from pmo_hub.tools.project_files import stage_beside


def write_all(files: list[tuple[Path, str]]) -> None:
    """Write each (path, text); raises ``OSError`` with no target changed if any cannot be staged."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files:
            try:
                staged.append((stage_beside(path, text), path))
            except OSError as error:  # say which file: a failed write() names none
                raise OSError(error.errno, error.strerror, str(path)) from error
        while staged:
            temporary, path = staged[0]
            os.replace(temporary, path)
            staged.pop(0)
    finally:
        for temporary, _ in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
