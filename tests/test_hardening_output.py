"""Whatever the data holds, reports stay reports: one problem per line, CI commands only where we
write them, and a job summary that shows names as text."""

from __future__ import annotations

from pathlib import Path

from pmo_hub.problems import Problem
from support import pmo_hub, write_project

HOSTILE_DATE = "2026-01-01\n::error::injected\r\x1b[31m\u2028"


def test_one_problem_is_one_line_in_text_mode(data_dir: Path) -> None:
    write_project(data_dir, "X", f"id: X\nname: N\nstage: proposal\nstart: {HOSTILE_DATE!r}\n".replace("'", '"'))
    done = pmo_hub("validate", "data", cwd=data_dir.parent)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "data/projects/X.yaml:4: start: expected a date as YYYY-MM-DD, "
        "got '2026-01-01\\n::error::injected\\r\\x1b[31m\\u2028'",
        "1 problem found.",
    ]


def test_github_annotations_carry_one_escaped_line(data_dir: Path) -> None:
    write_project(data_dir, "X", f"id: X\nname: N\nstage: proposal\nstart: {HOSTILE_DATE!r}\n".replace("'", '"'))
    done = pmo_hub("validate", "data", "--format", "github", cwd=data_dir.parent)
    assert done.stdout.splitlines() == [
        "::error file=data/projects/X.yaml,line=4::data/projects/X.yaml:4: start: expected a date as YYYY-MM-DD, "
        "got '2026-01-01\\n::error::injected\\r\\x1b[31m\\u2028'"
    ]
    assert not any(line.startswith("::") for line in done.stderr.splitlines())


def test_github_annotations_escape_what_github_reads() -> None:
    from pmo_hub.cli import _github_escape, _github_property

    assert _github_escape("100% done\r\n") == "100%25 done%0D%0A"
    assert _github_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_every_part_of_a_problem_is_escaped() -> None:
    problem = Problem("data/projects/a\nb.yaml", 3, 'risks[0]."x\ny"', "bad\tvalue\x00\u202e")
    assert str(problem) == 'data/projects/a\\nb.yaml:3: risks[0]."x\\ny": bad\\tvalue\\x00\\u202e'


def test_the_quality_summary_shows_names_as_text(data_dir: Path) -> None:
    portfolio = data_dir / "portfolio.yaml"
    portfolio.write_text(
        portfolio.read_text(encoding="utf-8").replace("organisation: Test Borough", "organisation: '<!-- Borough'"),
        encoding="utf-8",
    )
    alpha = data_dir / "projects" / "ALPHA.yaml"
    text = alpha.read_text(encoding="utf-8").replace(
        "name: Alpha system replacement", "name: '<img src=x onerror=alert(1)> ![](https://t.example/p.png) [a](b)'"
    )
    alpha.write_text(
        text.replace(
            "- name: Data migrated\n    due: 2026-06-01\n    forecast: 2026-08-01",
            "- name: '`code` *bold* | pipe'\n    due: 2026-06-01",
        ),
        encoding="utf-8",
    )
    done = pmo_hub("quality-summary", cwd=data_dir.parent)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "## Data quality: &lt;\\!\\-\\- Borough"
    assert lines[lines.index("### Overdue milestones without a forecast") + 6] == (
        "| ALPHA: &lt;img src=x onerror=alert\\(1\\)&gt; \\!\\[\\]\\(https\\://t\\.example/p\\.png\\) "
        "\\[a\\]\\(b\\) | \\`code\\` \\*bold\\* \\| pipe \\(due 2026\\-06\\-01\\) | "
        "`data/projects/ALPHA.yaml` |"
    )
    for raw in ("<img", "![", "<!--", "](", "`code`"):
        assert raw not in done.stdout
