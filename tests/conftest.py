from __future__ import annotations

from pathlib import Path

import pytest

from support import copy_fixture


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid portfolio."""
    return copy_fixture("minimal", tmp_path / "data")
