"""Command-line pieces of the editor and CI workflow: export, GitHub annotations, job summary."""

from __future__ import annotations

from pathlib import Path

from support import build, copy_fixture, pmo_hub, site_config, write_project


def test_export_writes_the_same_bytes_as_the_site_download(tmp_path: Path) -> None:
    data = copy_fixture("minimal", tmp_path / "data")
    config = site_config(tmp_path, data)
    built = build(config)
    assert built.returncode == 0, built.stderr[-2000:]
    downloads = tmp_path / "site" / "portfolio" / "downloads"
    for fmt in ("csv", "xlsx", "json"):
        done = pmo_hub("export", "--format", fmt, "--out", f"out/portfolio.{fmt}", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stderr == f"wrote out/portfolio.{fmt}\n"
        assert (tmp_path / "out" / f"portfolio.{fmt}").read_bytes() == (downloads / f"portfolio.{fmt}").read_bytes()
    default = pmo_hub("export", "--format", "csv", cwd=tmp_path)
    assert (tmp_path / "portfolio.csv").read_bytes() == (downloads / "portfolio.csv").read_bytes(), default.stderr
    to_stdout = pmo_hub("export", "--format", "json", "--out", "-", cwd=tmp_path)
    assert to_stdout.stdout.encode("utf-8") == (downloads / "portfolio.json").read_bytes()


def test_validate_github_format_annotates_the_lines(data_dir: Path) -> None:
    write_project(data_dir, "BAD", 'id: BAD\nname: "Bad, really"\nstage: proposal\nbudget:\n  approved: TBC\n')
    done = pmo_hub("validate", "data", "--format", "github", cwd=data_dir.parent)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "::error file=data/projects/BAD.yaml,line=5::data/projects/BAD.yaml:5: budget.approved: "
        "expected a number, got 'TBC'"
    ]
    assert done.stderr.splitlines() == [
        "data/projects/BAD.yaml:5: budget.approved: expected a number, got 'TBC'",
        "1 problem found.",
    ]


def test_github_annotation_escapes_properties_and_message(data_dir: Path) -> None:
    odd = data_dir / "projects" / "A,B.yaml"
    odd.write_text("id: A,B\nname: x\nstage: proposal\n", encoding="utf-8")
    done = pmo_hub("validate", "data", "--format", "github", cwd=data_dir.parent)
    line = next(line for line in done.stdout.splitlines() if "A%2CB" in line)
    assert line.startswith("::error file=data/projects/A%2CB.yaml,line=1::data/projects/A,B.yaml:1: ")


def test_quality_summary_for_the_job_summary(data_dir: Path) -> None:
    # The fixture (reporting date 2026-06-30, stale after 30 days): ALPHA reported 2026-06-15 and has
    # a milestone "Data migrated" due 2026-06-01 with a forecast; BETA is a proposal.
    summary = data_dir.parent / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    done = pmo_hub("quality-summary", "--out", "summary.md", "--site-url", "https://hub.example/", cwd=data_dir.parent)
    assert done.returncode == 0, done.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(
        "# Earlier step\n## Data quality: Test Borough\n\n2 projects, reporting date 2026-06-30. "
        "Full list: [data quality](https://hub.example/portfolio/data-quality/).\n"
    )
    assert "| Stale status | 0 |\n| No status update | 0 |\n| Overdue milestones without a forecast | 0 |\n" in text
