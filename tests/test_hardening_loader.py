"""Loading is safe against hostile files: only regular files inside the repository, YAML read as
editors read it (1.2), finite numbers, and limits that stop a file before it costs the machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_validation import VALID_HEAD, problems_for

from pmo_hub.load import yaml_source
from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.problems import DataProblems
from support import write_project

SECRET = "SECRET-RUNNER-TOKEN 0123456789"


def validate(data_dir: Path) -> subprocess.CompletedProcess[str]:
    """``pmo-hub validate`` in a child process, so that a hang fails the test instead of the run."""
    return subprocess.run(
        [sys.executable, "-m", "pmo_hub", "validate", "data"],
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )


def outside_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "elsewhere" / "file.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- only regular files inside the repository ---------------------------------------------------


def test_a_link_to_any_file_is_refused_without_printing_it(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "projects" / "LEAK.yaml").symlink_to(outside_file(tmp_path, f"{SECRET}\n"))
    done = validate(data_dir)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "data/projects/LEAK.yaml:1: not a regular file inside the repository",
        "1 problem found.",
    ]
    assert SECRET not in done.stderr + done.stdout


def test_a_link_to_valid_yaml_outside_is_not_built(data_dir: Path, tmp_path: Path) -> None:
    target = outside_file(tmp_path, "id: OUT\nname: From elsewhere\nstage: proposal\n")
    (data_dir / "projects" / "OUT.yaml").symlink_to(target)
    assert problems_for(data_dir) == ["data/projects/OUT.yaml:1: not a regular file inside the repository"]


def test_a_link_inside_the_data_folder_is_refused_too(data_dir: Path) -> None:
    # A link is never followed, even to a sibling: the file people review is the file we read.
    (data_dir / "projects" / "COPY.yaml").symlink_to("ALPHA.yaml")
    assert problems_for(data_dir) == ["data/projects/COPY.yaml:1: not a regular file inside the repository"]


def test_a_fifo_does_not_hang_the_run(data_dir: Path) -> None:
    os.mkfifo(data_dir / "projects" / "PIPE.yaml")
    done = validate(data_dir)
    assert done.stderr.splitlines() == [
        "data/projects/PIPE.yaml:1: not a regular file inside the repository",
        "1 problem found.",
    ]


def test_a_link_to_a_device_is_never_read(data_dir: Path) -> None:
    (data_dir / "projects" / "ZERO.yaml").symlink_to("/dev/zero")
    (data_dir / "projects" / "ZERO.yml").symlink_to("/dev/zero")
    done = validate(data_dir)
    assert done.stderr.splitlines() == [
        "data/projects/ZERO.yaml:1: not a regular file inside the repository",
        "data/projects/ZERO.yml:1: not a regular file inside the repository",
        "2 problems found.",
    ]


def test_linked_required_files_and_folders_are_refused(data_dir: Path, tmp_path: Path) -> None:
    portfolio = data_dir / "portfolio.yaml"
    outside = outside_file(tmp_path, portfolio.read_text(encoding="utf-8"))
    portfolio.unlink()
    portfolio.symlink_to(outside)
    projects = data_dir / "projects"
    projects.rename(tmp_path / "projects-elsewhere")
    projects.symlink_to(tmp_path / "projects-elsewhere")
    assert problems_for(data_dir) == [
        "data/portfolio.yaml:1: not a regular file inside the repository",
        "data/projects:1: not a regular folder inside the repository",
    ]


def test_a_linked_data_folder_is_refused(tmp_path: Path, data_dir: Path) -> None:
    data_dir.rename(tmp_path / "real-data")
    (tmp_path / "data").symlink_to(tmp_path / "real-data")
    assert problems_for(tmp_path / "data") == ["data:1: not a regular folder inside the repository"]


def test_a_file_above_the_size_limit_is_not_read(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_BYTES", 4000)
    write_project(data_dir, "BIG", VALID_HEAD.replace("X", "BIG") + f"summary: {'x' * 4000}\n")
    assert problems_for(data_dir) == [
        "data/projects/BIG.yaml:1: the file is too large: 4,047 bytes, the limit is 4,000 bytes per data file"
    ]


def test_the_default_size_limit_is_stated_in_mebibytes(data_dir: Path) -> None:
    with open(data_dir / "projects" / "HUGE.yaml", "wb") as stream:
        stream.truncate(yaml_source.MAX_BYTES + 1)  # sparse: costs no disk
    assert problems_for(data_dir) == [
        "data/projects/HUGE.yaml:1: the file is too large: 8,388,609 bytes, the limit is 8 MiB per data file"
    ]


# -- messages quote a value, never a file -------------------------------------------------------


def test_a_long_value_is_quoted_as_a_short_excerpt(data_dir: Path) -> None:
    write_project(data_dir, "X", "x" * 5000 + "\n")
    [line] = problems_for(data_dir)
    assert line == "data/projects/X.yaml:1: expected a mapping of fields, got '" + "x" * 79 + "…'"


def test_long_dates_ids_links_and_keys_are_cut(data_dir: Path) -> None:
    long = "y" * 300
    write_project(
        data_dir,
        "X",
        VALID_HEAD + f"start: '{long}'\nlinks:\n  - title: t\n    url: 'mailto:{long}'\n"
        f"dependencies: ['{long}']\n{long}: 1\n",
    )
    cut = "y" * 79 + "…"
    assert problems_for(data_dir) == [
        f"data/projects/X.yaml:4: start: expected a date as YYYY-MM-DD, got '{cut}'",
        f"data/projects/X.yaml:7: links[0].url: only http(s) and relative links are allowed, got 'mailto:{'y' * 72}…'",
        f"data/projects/X.yaml:8: dependencies[0]: '{cut}' is not a valid id: use letters, digits, '.', '_' and '-', "
        "starting with a letter or digit, at most 64 characters",
        f"data/projects/X.yaml:9: {cut}: unknown field; known fields: id, name, stage, summary, programme, objectives, "
        "sponsor, manager, start, end, forecast_end, budget, updates, milestones, risks, issues, changes, "
        "dependencies, scores, links, tags, tier, benefits, decisions, lessons",
    ]


# -- numbers are finite ------------------------------------------------------------------------


@pytest.mark.parametrize("written, shown", [(".inf", ".inf"), ("-.inf", "-.inf"), (".nan", ".nan"), (".NaN", ".nan")])
def test_infinite_and_nan_amounts_are_refused(data_dir: Path, written: str, shown: str) -> None:
    write_project(
        data_dir,
        "X",
        VALID_HEAD + f"budget:\n  approved: {written}\n"
        f"changes:\n  - {{id: C1, title: t, status: approved, cost_impact: {written}}}\n",
    )
    assert problems_for(data_dir) == [
        f"data/projects/X.yaml:5: budget.approved: expected a finite number, got {shown}",
        f"data/projects/X.yaml:7: changes[0].cost_impact: expected a finite number, got {shown}",
    ]


def test_numbers_everywhere_are_finite_and_in_range(data_dir: Path) -> None:
    portfolio = data_dir / "portfolio.yaml"
    text = portfolio.read_text(encoding="utf-8")
    text = text.replace("weight: 3", "weight: .nan").replace("amount: 1000000", "amount: .inf")
    portfolio.write_text(text.replace("stale_after_days: 30", "stale_after_days: 100000000"), encoding="utf-8")
    write_project(
        data_dir,
        "X",
        VALID_HEAD + "scores: {value: .nan}\nbudget: {approved: 1e999, actual: 1e16}\n"
        "changes:\n  - {id: C1, title: t, status: approved, schedule_impact_days: 10000000000000000000000}\n"
        "risks:\n  - {id: R1, title: t, probability: .nan, impact: 2, status: open}\n",
    )
    assert problems_for(data_dir) == [
        "data/portfolio.yaml:4: stale_after_days: must be at most 36500, got 100000000",
        "data/portfolio.yaml:15: budget_pools[0].amount: expected a finite number, got .inf",
        "data/portfolio.yaml:20: scoring.criteria[0].weight: expected a finite number, got .nan",
        "data/projects/X.yaml:4: scores.value: expected a finite number, got .nan",
        "data/projects/X.yaml:5: budget.actual: must be at most 1000000000000000, got 1e+16",
        "data/projects/X.yaml:5: budget.approved: cannot read value '1e999': the number is too large",
        "data/projects/X.yaml:7: changes[0].schedule_impact_days: must be at most 36500, got 10000000000000000000000",
        "data/projects/X.yaml:9: risks[0].probability: expected a whole number, got .nan",
    ]


# -- YAML 1.2, as editors and JSON Schema tools read it -----------------------------------------


def test_yaml_1_1_forms_are_read_as_yaml_1_2(data_dir: Path) -> None:
    write_project(
        data_dir,
        "X",
        "id: X\nname: yes\nstage: proposal\nsponsor: No\nmanager: off\n"
        "budget:\n  approved: 010\n  actual: 0o17\n  forecast: 1e3\n"
        "risks:\n  - {id: R1, title: t, probability: 3.0, impact: 02, status: open}\n",
    )
    here = Path.cwd()
    os.chdir(data_dir.parent)
    try:
        project = load_portfolio(Path("data")).by_id["X"]
    finally:
        os.chdir(here)
    assert (project.name, project.sponsor, project.manager) == ("yes", "No", "off")
    assert (project.approved, project.actual, project.forecast) == (10, 15, 1000)
    assert (project.risks[0].probability, project.risks[0].impact) == (3, 2)


def test_yaml_1_1_only_numbers_are_text(data_dir: Path) -> None:
    write_project(data_dir, "X", VALID_HEAD + "budget:\n  approved: 1_000\n  actual: 0b11\n  forecast: 1:30\n")
    assert problems_for(data_dir) == [
        "data/projects/X.yaml:5: budget.approved: expected a number, got '1_000'",
        "data/projects/X.yaml:6: budget.actual: expected a number, got '0b11'",
        "data/projects/X.yaml:7: budget.forecast: expected a number, got '1:30'",
    ]


def test_mkdocs_yml_is_still_read_as_mkdocs_reads_it(tmp_path: Path) -> None:
    from pmo_hub.load.mkdocs_config import read_site_config

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nuse_directory_urls: no\n", encoding="utf-8")
    assert read_site_config(config).settings().directory_urls is False


# -- depth, size and aliases --------------------------------------------------------------------


@pytest.mark.parametrize("levels", [101, 500, 990, 5000])
def test_deep_nesting_is_refused_with_the_limit(data_dir: Path, levels: int) -> None:
    write_project(data_dir, "X", VALID_HEAD + "tags: " + "[" * levels + "]" * levels + "\n")
    assert problems_for(data_dir) == [
        "data/projects/X.yaml:4: values nested more than 100 levels deep, the limit per data file "
        "(a bracket left open?)"
    ]


def test_deep_block_nesting_is_refused_with_the_limit(data_dir: Path) -> None:
    nested = "".join("  " * level + f"k{level}:\n" for level in range(990)) + "  " * 990 + "x\n"
    write_project(data_dir, "X", VALID_HEAD + nested)
    assert problems_for(data_dir) == [
        "data/projects/X.yaml:104: values nested more than 100 levels deep, the limit per data file "
        "(a bracket left open?)"
    ]


def test_thirty_thousand_risks_without_aliases_load(data_dir: Path) -> None:
    risks = "".join(
        f"  - id: R{n}\n    title: Risk {n}\n    probability: 3\n    impact: 2\n    owner: Ann\n"
        f"    mitigation: Plan {n}\n    status: open\n"
        for n in range(30_000)
    )
    write_project(data_dir, "X", VALID_HEAD + "risks:\n" + risks)
    here = Path.cwd()
    os.chdir(data_dir.parent)
    try:
        portfolio = load_portfolio(Path("data"))
    finally:
        os.chdir(here)
    assert len(portfolio.by_id["X"].risks) == 30_000
    assert portfolio.by_id["X"].risks[-1].id == "R29999"


def test_a_billion_laughs_is_refused(data_dir: Path) -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    write_project(data_dir, "X", "\n".join(levels) + "\n")
    assert problems_for(data_dir) == [
        "data/projects/X.yaml:6: aliases repeat more than 100,000 values, the limit per data file "
        "(write the values out instead)"
    ]


def test_the_value_limit_counts_values(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_VALUES", 200)
    write_project(data_dir, "X", VALID_HEAD + "tags: [" + ", ".join(["t"] * 250) + "]\n")
    assert problems_for(data_dir) == ["data/projects/X.yaml:4: more than 200 values, the limit per data file"]


def test_aliases_and_merge_keys_still_work(data_dir: Path) -> None:
    write_project(
        data_dir,
        "X",
        VALID_HEAD + "risks:\n"
        "  - &base {id: R1, title: t, probability: 2, impact: 2, status: open}\n"
        "  - <<: *base\n    id: R2\n    impact: 9\n"
        "tags: [&t one, *t]\n",
    )
    # The merged risk's own keys win over the merged ones; its error points at its own line.
    assert problems_for(data_dir) == ["data/projects/X.yaml:8: risks[1].impact: must be at most 5, got 9"]


def test_an_undefined_alias_is_a_syntax_error(data_dir: Path) -> None:
    write_project(data_dir, "X", VALID_HEAD + "tags: [*nowhere]\n")
    assert problems_for(data_dir) == ["data/projects/X.yaml:4: YAML syntax error: found undefined alias 'nowhere'"]


def test_two_documents_are_refused(data_dir: Path) -> None:
    write_project(data_dir, "X", VALID_HEAD + "---\n" + VALID_HEAD)
    assert problems_for(data_dir) == ["data/projects/X.yaml:4: YAML syntax error: but found another document"]


def test_refused_keys_do_not_stop_the_rest(data_dir: Path) -> None:
    write_project(data_dir, "X", VALID_HEAD + "? [a, b]\n: 1\n~: 2\nname: again\nsummary: !!binary aGk=\n")
    assert problems_for(data_dir) == [
        "data/projects/X.yaml:4: a key must be a plain name",
        "data/projects/X.yaml:6: a key must be a plain name",
        "data/projects/X.yaml:7: name: duplicate key (also on line 2)",
        "data/projects/X.yaml:8: summary: the tag '!!binary' is not allowed; write plain values",
    ]


def test_data_problems_never_raise_anything_else(data_dir: Path) -> None:
    write_project(data_dir, "X", "id: X\nname: N\nstage: proposal\n" + "a: " + "[" * 2000 + "\n")
    with pytest.raises(DataProblems):
        load_portfolio(data_dir)
