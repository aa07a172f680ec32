"""``pmo-hub new project ID``: a valid skeleton, never an overwrite, never a bad id."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.tools.new import ScaffoldError, fill_template, new_project
from support import ROOT, pmo_hub

DOCS_TEMPLATE = ROOT / "docs" / "templates" / "files" / "new-project.yaml"

TEMPLATE = """\
# yaml-language-server: $schema=../../schema/project.schema.json
# Template header.

# The id.
id: TPL-999

# The name.
name: Example kiosk replacement

stage: proposal

summary: |
  Example summary
  on two lines.

sponsor: Example Sponsor
budget:
  approved: 185000
  # actual: 0
links:
  - title: Brief
    url: https://intranet.example/TPL-999/brief
"""


def test_template_keeps_guidance_and_comments_out_every_example_value() -> None:
    text = fill_template(TEMPLATE, "NEW-1", "New project NEW-1", ["# header line"])
    assert (
        text
        == """\
# header line
# Template header.

# The id.
id: NEW-1

# The name.
name: New project NEW-1

stage: proposal

# summary: |
#   Example summary
#   on two lines.

# sponsor: Example Sponsor
# budget:
#   approved: 185000
  # actual: 0
# links:
#   - title: Brief
#     url: https://intranet.example/NEW-1/brief
"""
    )
    assert yaml.safe_load(text) == {"id": "NEW-1", "name": "New project NEW-1", "stage": "proposal"}


def test_new_project_is_written_and_validates(data_dir: Path) -> None:
    template = data_dir.parent / "template.yaml"
    template.write_text(TEMPLATE, encoding="utf-8")
    made = new_project(data_dir, "GAMMA", name="Gamma: the third", template=template)
    assert made.path == data_dir / "projects" / "GAMMA.yaml"
    data = yaml.safe_load(made.path.read_text(encoding="utf-8"))
    assert data == {"id": "GAMMA", "name": "Gamma: the third", "stage": "proposal"}
    portfolio = load_portfolio(data_dir)
    assert [p.id for p in portfolio.projects] == ["ALPHA", "BETA", "GAMMA"]


@pytest.mark.skipif(not DOCS_TEMPLATE.is_file(), reason="the handbook's download template is not there")
def test_the_handbooks_download_template_gives_a_valid_file(data_dir: Path) -> None:
    made = new_project(data_dir, "NMC-031", template=DOCS_TEMPLATE)
    text = made.path.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"id": "NMC-031", "name": "New project NMC-031", "stage": "proposal"}
    assert "NMC-999" not in text  # the template's placeholder id is replaced everywhere
    assert "# summary:" in text  # the guidance stays, commented out
    assert len(load_portfolio(data_dir).projects) == 3


def test_without_a_template_the_built_in_skeleton_is_used(data_dir: Path) -> None:
    made = new_project(data_dir, "DELTA", template=None)
    assert made.template is None
    assert yaml.safe_load(made.path.read_text(encoding="utf-8")) == {
        "id": "DELTA",
        "name": "New project DELTA",
        "stage": "proposal",
    }
    load_portfolio(data_dir)


def test_never_overwrites_and_refuses_a_case_twin(data_dir: Path) -> None:
    existing = data_dir / "projects" / "ALPHA.yaml"
    before = existing.read_bytes()
    with pytest.raises(ScaffoldError, match="ALPHA.yaml already exists: not overwritten"):
        new_project(data_dir, "ALPHA")
    with pytest.raises(ScaffoldError, match="differs only in letter case from .*ALPHA.yaml"):
        new_project(data_dir, "alpha")
    assert existing.read_bytes() == before
    assert sorted(p.name for p in (data_dir / "projects").iterdir()) == ["ALPHA.yaml", "BETA.yaml"]


@pytest.mark.parametrize("bad", ["has space", "-leading-dash", "x" * 65, "a/b", "ünï"])
def test_refuses_a_bad_id(data_dir: Path, bad: str) -> None:
    with pytest.raises(ScaffoldError, match="is not a valid id"):
        new_project(data_dir, bad)
    assert sorted(p.name for p in (data_dir / "projects").iterdir()) == ["ALPHA.yaml", "BETA.yaml"]


def test_command_line(data_dir: Path) -> None:
    cwd = data_dir.parent
    done = pmo_hub("new", "project", "NMC-031", "--data-dir", "data", cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "wrote data/projects/NMC-031.yaml: fill it in, then run `make validate`\n"
    again = pmo_hub("new", "project", "NMC-031", "--data-dir", "data", cwd=cwd)
    assert again.returncode == 1
    assert again.stderr == (
        "pmo-hub new project: data/projects/NMC-031.yaml already exists: not overwritten; choose another id\n"
    )
    bad = pmo_hub("new", "project", "no good", "--data-dir", "data", cwd=cwd)
    assert bad.returncode == 1 and "'no good' is not a valid id" in bad.stderr
    assert pmo_hub("validate", "data", cwd=cwd).returncode == 0


def test_a_new_file_gets_the_permissions_of_any_new_file(data_dir: Path) -> None:
    """Not mkstemp's owner-only 0600: the file is shared through git and read by the build."""
    previous = os.umask(0o022)
    try:
        made = new_project(data_dir, "NMC-777")
    finally:
        os.umask(previous)
    assert made.path.stat().st_mode & 0o777 == 0o644
