"""The data's history (load/history.py) and the changes read from it (analyse/changes.py).

Each test builds a scratch git repository from a fixture and commits edits to its project
files at fixed times, so that commit hashes, times and change ids are the same on every run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from pmo_hub.analyse.changes import (
    DEFAULT_HOST,
    HIGH_RISK_SCORE,
    ChangeKind,
    ChangeLog,
    change_log,
    portfolio_changes,
    tag_host,
)
from pmo_hub.load.history import History, Unavailable, read_history
from pmo_hub.render.views import score_band
from support import copy_fixture

# Commits made here ignore the machine's git configuration (signing, hooks, templates).
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.invalid",
    "GIT_COMMITTER_NAME": "Test Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.invalid",
}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in June 2026, UTC."""
    return datetime(2026, 6, day, hour, minute, tzinfo=UTC)


class ScratchRepo:
    """A git repository in a temporary folder with a fixture's data in ``data/``."""

    def __init__(self, root: Path, fixture: str = "minimal") -> None:
        self.root = root
        root.mkdir(parents=True)
        self.git("init", "-q")
        self.data = copy_fixture(fixture, root / "data")

    def git(self, *args: str, when: datetime | None = None) -> str:
        env = {**os.environ, **GIT_ENV}
        if when is not None:
            stamp = f"@{int(when.timestamp())} +0000"
            env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        done = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def commit(self, message: str, when: datetime) -> str:
        """Commit everything; return the commit's hash."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "--no-verify", "-m", message, when=when)
        return self.git("rev-parse", "HEAD")

    def project(self, project_id: str) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load((self.data / "projects" / f"{project_id}.yaml").read_text("utf-8"))
        return data

    def edit(self, project_id: str, change: Callable[[dict[str, Any]], None]) -> None:
        data = self.project(project_id)
        change(data)
        self.write(project_id, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))

    def write(self, project_id: str, text: str) -> None:
        (self.data / "projects" / f"{project_id}.yaml").write_text(text, encoding="utf-8")


def add_update(day: str, overall: str, summary: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["updates"].insert(0, {"date": date.fromisoformat(day), "overall": overall, "summary": summary})

    return change


def build_story(root: Path) -> tuple[ScratchRepo, dict[str, str]]:
    """The story every test reads: seven commits of the minimal fixture's data, one a day in
    June 2026 (two on the 6th), after a commit with no data. Returns the repo and commit hashes."""
    repo = ScratchRepo(root)
    data = repo.root / "data"
    shutil.move(data, repo.root / "data.tmp")
    (repo.root / "README.md").write_text("Our PMO\n", encoding="utf-8")
    commits = {"readme": repo.commit("Start the repository", at(1, 8))}
    shutil.move(repo.root / "data.tmp", data)
    commits["import"] = repo.commit("Import the portfolio", at(1, 9))

    repo.edit("ALPHA", add_update("2026-06-25", "red", "Supplier failed."))
    commits["red"] = repo.commit("ALPHA: June report", at(2, 10))

    def approve(project: dict[str, Any]) -> None:
        project.update(stage="initiation", start=date(2026, 7, 1), end=date(2027, 6, 30))

    repo.edit("BETA", approve)
    commits["approved"] = repo.commit("BETA approved at gate 0", at(3, 11))

    def risks_and_decision(project: dict[str, Any]) -> None:
        project["risks"][0]["impact"] = 4  # R1: 4 × 3 = 12 → 4 × 4 = 16
        project["risks"] += [
            {"id": "R2", "title": "Data loss", "probability": 5, "impact": 5, "status": "open"},
            {"id": "R3", "title": "Old closed risk", "probability": 5, "impact": 4, "status": "closed"},
            {"id": "R4", "title": "Minor delay", "probability": 2, "impact": 3, "status": "open"},
        ]
        project["decisions"] = [
            {"id": "D1", "date": date(2026, 6, 4), "title": "Extend the contract", "decided_by": "sponsor"}
        ]

    repo.edit("ALPHA", risks_and_decision)
    commits["risks"] = repo.commit("ALPHA: risks and a decision", at(4, 12))

    repo.write("GAMMA", "id: GAMMA\nname: Gamma idea\nstage: proposal\n")
    beta = (repo.data / "projects" / "BETA.yaml").read_text("utf-8")
    repo.write("BETA", "id: BETA\nname: [unclosed\n")  # does not parse in this commit
    commits["broken"] = repo.commit("GAMMA proposed; BETA half edited", at(5, 13))

    repo.write("BETA", beta)
    repo.edit("BETA", lambda project: project.update(stage="closed"))
    commits["closed"] = repo.commit("BETA closed", at(6, 8))

    repo.edit("ALPHA", add_update("2026-06-28", "amber", "Recovering."))
    commits["amber"] = repo.commit("ALPHA recovering", at(6, 17, 30))
    return repo, commits


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScratchRepo, dict[str, str]]:
    return build_story(tmp_path_factory.mktemp("story") / "repo")


def short(commit: str) -> str:
    return commit[:12]


def expected_changes(commits: dict[str, str], host: str = DEFAULT_HOST) -> list[tuple[str, str, str, str | None]]:
    """(id, kind, summary, direction) of the story's changes, newest first."""

    def tag(project: str, kind: str, commit: str, detail: str) -> str:
        return f"tag:{host},2026:{project}/{kind}/{short(commits[commit])}/{detail}"

    return [
        (
            tag("ALPHA", "rag", "amber", "red-to-amber"),
            "rag",
            "ALPHA Alpha system replacement moved from Red to Amber",
            "improved",
        ),
        (tag("BETA", "closed", "closed", "initiation-to-closed"), "closed", "BETA Beta proposal was closed", None),
        (tag("GAMMA", "proposal", "broken", "new"), "proposal", "GAMMA Gamma idea was proposed", None),
        (
            tag("ALPHA", "risk", "risks", "R1"),
            "risk",
            "ALPHA Alpha system replacement raised risk R1 Supplier capacity to high (score 12 to 16)",
            None,
        ),
        (
            tag("ALPHA", "risk", "risks", "R2"),
            "risk",
            "ALPHA Alpha system replacement has a new high risk: R2 Data loss (score 25)",
            None,
        ),
        (
            tag("ALPHA", "decision", "risks", "D1"),
            "decision",
            "ALPHA Alpha system replacement recorded decision D1: Extend the contract (04 Jun 2026)",
            None,
        ),
        (
            tag("BETA", "stage", "approved", "proposal-to-initiation"),
            "stage",
            "BETA Beta proposal moved from Proposal to Initiation",
            None,
        ),
        (
            tag("ALPHA", "rag", "red", "amber-to-red"),
            "rag",
            "ALPHA Alpha system replacement moved from Amber to Red",
            "worsened",
        ),
    ]


def described(log: ChangeLog) -> list[tuple[str, str, str, str | None]]:
    return [(c.id, c.kind.value, c.summary, c.direction) for c in log.changes]


# -- the history ----------------------------------------------------------------------------


def test_history_lists_the_commits_that_changed_the_data_newest_first(story: tuple[ScratchRepo, dict]) -> None:
    repo, commits = story
    history = read_history(repo.data)
    assert history.unavailable is None and history.reason == ""
    assert history.data_path == "data"
    order = ["amber", "closed", "broken", "risks", "approved", "red", "import"]
    assert [c.hash for c in history.commits] == [commits[name] for name in order]
    assert history.newest is not None and history.newest.subject == "ALPHA recovering"
    assert history.newest.time == at(6, 17, 30)
    assert history.baseline.projects == {}  # the commit before the import had no data


def test_each_snapshot_is_the_project_files_after_its_commit(story: tuple[ScratchRepo, dict]) -> None:
    repo, _ = story
    history = read_history(repo.data)
    newest, closed, broken, risks, approved, red, imported = history.snapshots
    assert sorted(imported.projects) == ["ALPHA", "BETA"]
    assert sorted(newest.projects) == ["ALPHA", "BETA", "GAMMA"]
    assert (
        imported.projects["ALPHA"].current is not None and imported.projects["ALPHA"].current.overall.value == "amber"
    )
    assert red.projects["ALPHA"].current is not None and red.projects["ALPHA"].current.overall.value == "red"
    assert imported.programmes == {"prog-a": "Programme A"}
    # Only the files a commit changed are parsed again; the others are the same objects.
    assert red.changed == {"ALPHA"} and red.projects["BETA"] is imported.projects["BETA"]
    assert approved.projects["ALPHA"] is red.projects["ALPHA"]


def test_a_file_that_does_not_parse_is_skipped_for_that_commit(story: tuple[ScratchRepo, dict]) -> None:
    repo, _ = story
    history = read_history(repo.data)
    closed, broken, risks = history.snapshots[1:4]
    assert list(broken.skipped) == ["data/projects/BETA.yaml"]
    assert "YAML syntax error" in broken.skipped["data/projects/BETA.yaml"]
    assert broken.projects["BETA"] is risks.projects["BETA"]  # as it last parsed
    assert closed.skipped == {} and closed.projects["BETA"].stage.value == "closed"


def test_only_valid_project_file_names_are_read(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    repo.commit("Import", at(1, 9))
    projects = repo.data / "projects"
    (projects / "notes.txt").write_text("not a project\n", encoding="utf-8")
    (projects / "-bad.yaml").write_text("id: -bad\nname: Bad\nstage: proposal\n", encoding="utf-8")
    (projects / "sub").mkdir()
    (projects / "sub" / "DELTA.yaml").write_text("id: DELTA\nname: Nested\nstage: proposal\n", encoding="utf-8")
    (projects / "EPSILON.yaml").write_text("id: OTHER\nname: Wrong id\nstage: proposal\n", encoding="utf-8")
    (projects / "LINK.yaml").symlink_to("ALPHA.yaml")
    repo.commit("Odd files", at(2, 9))
    history = read_history(repo.data)
    newest = history.snapshots[0]
    assert sorted(newest.projects) == ["ALPHA", "BETA"]
    assert sorted(newest.skipped) == ["data/projects/EPSILON.yaml", "data/projects/LINK.yaml"]
    assert newest.skipped["data/projects/LINK.yaml"] == "not a regular file"
    assert "is not its file name" in newest.skipped["data/projects/EPSILON.yaml"]
    assert change_log(history).changes == ()


def test_a_removed_project_leaves_the_snapshot_without_a_change(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    repo.commit("Import", at(1, 9))
    (repo.data / "projects" / "BETA.yaml").unlink()
    repo.commit("BETA withdrawn", at(2, 9))
    history = read_history(repo.data)
    assert sorted(history.snapshots[0].projects) == ["ALPHA"]
    assert history.snapshots[0].changed == {"BETA"}
    assert change_log(history).changes == ()


def test_files_no_commit_changed_are_read_when_asked_for(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo", "insight")
    repo.commit("Import", at(1, 9))
    repo.edit("P03", add_update("2026-06-29", "red", "Contractor gone."))
    portfolio = repo.data / "portfolio.yaml"
    portfolio.write_text(portfolio.read_text("utf-8").replace("name: Alpha Programme", "name: Schools"), "utf-8")
    repo.commit("P03 red; programme A renamed", at(2, 9))
    history = read_history(repo.data, limit=1)
    newest = history.snapshots[0]
    assert newest.changed == {"P03"} and len(newest.files) == 10
    assert history.baseline.programmes["prog-a"] == "Alpha Programme" and newest.programmes["prog-a"] == "Schools"
    assert [c.summary for c in change_log(history).changes] == ["P03 Project Three moved from Green to Red"]
    assert list(newest.projects) == [f"P{n:02d}" for n in range(1, 11)]  # the others, read now
    assert newest.projects["P05"] is history.baseline.projects["P05"]
    assert newest.projects["P03"] is not history.baseline.projects["P03"]


def test_a_data_folder_at_the_repositorys_root(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    for name in ("portfolio.yaml", "roles.yaml", "projects"):
        shutil.move(repo.data / name, repo.root / name)
    repo.data.rmdir()
    repo.commit("Import", at(1, 9))
    (repo.root / "projects" / "BETA.yaml").write_text(
        "id: BETA\nname: Beta proposal\nstage: closed\n", encoding="utf-8"
    )
    repo.commit("BETA closed", at(2, 9))
    history = read_history(repo.root)
    assert history.data_path == "."
    assert [c.summary for c in change_log(history).changes] == ["BETA Beta proposal was closed"]


def test_git_taking_too_long_gives_an_empty_history(story: tuple[ScratchRepo, dict]) -> None:
    repo, _ = story
    history = read_history(repo.data, timeout=1e-6)
    assert history.unavailable is Unavailable.git_failed and history.reason.startswith("git took longer than")


def test_the_limit_keeps_the_newest_commits_and_their_ids(story: tuple[ScratchRepo, dict]) -> None:
    repo, commits = story
    history = read_history(repo.data, limit=3)
    assert [c.hash for c in history.commits] == [commits["amber"], commits["closed"], commits["broken"]]
    assert history.baseline.projects["ALPHA"].risks[1].id == "R2"  # the state after "risks"
    assert described(change_log(history)) == expected_changes(commits)[:3]


def test_a_merge_counts_once_against_its_first_parent(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    repo.commit("Import", at(1, 9))
    main = repo.git("rev-parse", "--abbrev-ref", "HEAD")
    repo.git("checkout", "-q", "-b", "edit")
    repo.edit("ALPHA", add_update("2026-06-25", "red", "Supplier failed."))
    repo.commit("ALPHA: June report", at(2, 9))
    repo.edit("ALPHA", lambda project: project.update(stage="closing"))
    repo.commit("ALPHA closing", at(3, 9))
    repo.git("checkout", "-q", main)
    (repo.root / "README.md").write_text("Our PMO\n", encoding="utf-8")
    repo.commit("Readme", at(3, 10))
    repo.git("merge", "-q", "--no-ff", "-m", "Merge the June report", "edit", when=at(4, 9))
    merge = repo.git("rev-parse", "HEAD")
    history = read_history(repo.data)
    assert [c.subject for c in history.commits] == ["Merge the June report", "Import"]
    log = change_log(history)
    assert [(c.kind.value, c.commit.hash, c.summary) for c in log.changes] == [
        ("rag", merge, "ALPHA Alpha system replacement moved from Amber to Red"),
        ("stage", merge, "ALPHA Alpha system replacement moved from Delivery to Closing"),
    ]


# -- when there is no history ---------------------------------------------------------------


def test_outside_a_repository_the_history_is_empty_and_says_why(tmp_path: Path) -> None:
    data = copy_fixture("minimal", tmp_path / "data")
    history = read_history(data)
    assert history.snapshots == () and history.unavailable is Unavailable.not_a_repository
    assert history.reason == "the data folder is not in a git repository"
    log = change_log(history)
    assert log.changes == () and log.last_day is None and log.updated is None


def test_a_shallow_clone_gives_an_empty_history(story: tuple[ScratchRepo, dict], tmp_path: Path) -> None:
    repo, _ = story
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
        timeout=60,
    )
    history = read_history(clone / "data")
    assert history.snapshots == () and history.unavailable is Unavailable.shallow
    assert history.reason.startswith("a shallow clone: the history of data/ before commit")
    assert "fetch-depth: 0" in history.reason


def test_a_shallow_clone_deep_enough_for_the_limit_has_its_history(
    story: tuple[ScratchRepo, dict], tmp_path: Path
) -> None:
    repo, commits = story
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "4", f"file://{repo.root}", str(clone)],
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
        timeout=60,
    )
    history = read_history(clone / "data", limit=3)
    assert history.unavailable is None
    assert described(change_log(history)) == expected_changes(commits)[:3]


def test_without_git_the_history_is_empty_and_says_why(story: tuple[ScratchRepo, dict], tmp_path: Path) -> None:
    repo, _ = story
    history = read_history(repo.data, git=str(tmp_path / "no-such-git"))
    assert history.unavailable is Unavailable.no_git and history.reason == "git is not installed"


def test_a_repository_without_commits_or_data_commits(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    history = read_history(repo.data)
    assert history.unavailable is Unavailable.no_commits and history.reason == "the repository has no commit yet"
    (repo.root / "README.md").write_text("Our PMO\n", encoding="utf-8")
    repo.git("add", "README.md")
    repo.git("commit", "-q", "-m", "Readme", when=at(1, 9))
    history = read_history(repo.data)
    assert history.unavailable is Unavailable.no_commits and history.reason == "no commit changed data/"


# -- the changes ----------------------------------------------------------------------------


def test_the_changes_of_the_story_newest_first(story: tuple[ScratchRepo, dict]) -> None:
    repo, commits = story
    log = change_log(read_history(repo.data))
    assert described(log) == expected_changes(commits)
    first = log.changes[0]
    assert (first.project_id, first.project_name, first.what) == (
        "ALPHA",
        "Alpha system replacement",
        "moved from Red to Amber",
    )
    assert first.commit.hash == commits["amber"] and first.time == at(6, 17, 30)
    assert [c.time for c in log.changes] == sorted((c.time for c in log.changes), reverse=True)


def test_what_changed_at_the_last_rebuild_is_the_last_day_of_changes(story: tuple[ScratchRepo, dict]) -> None:
    repo, commits = story
    log = change_log(read_history(repo.data))
    assert log.last_day == date(2026, 6, 6)
    assert [c.hash for c in log.last_day_commits] == [commits["amber"], commits["closed"]]
    assert [c.summary for c in log.latest] == [
        "ALPHA Alpha system replacement moved from Red to Amber",
        "BETA Beta proposal was closed",
    ]
    assert [(kind, [c.project_id for c in found]) for kind, found in log.latest_by_kind()] == [
        (ChangeKind.rag, ["ALPHA"]),
        (ChangeKind.closed, ["BETA"]),
    ]
    assert [(day, len(found)) for day, found in log.earlier_by_day()] == [
        (date(2026, 6, 5), 1),
        (date(2026, 6, 4), 3),
        (date(2026, 6, 3), 1),
        (date(2026, 6, 2), 1),
    ]
    assert log.updated == at(6, 17, 30)


def test_ids_are_stable_across_runs_repositories_and_later_commits(tmp_path: Path) -> None:
    repo, commits = build_story(tmp_path / "first")
    again, same_commits = build_story(tmp_path / "second")
    assert same_commits == commits  # fixed times: the same hashes
    first = described(change_log(read_history(repo.data)))
    assert described(change_log(read_history(repo.data))) == first
    assert described(change_log(read_history(again.data))) == first

    (repo.root / "README.md").write_text("Our PMO, updated\n", encoding="utf-8")
    repo.commit("Readme only", at(7, 9))
    assert described(change_log(read_history(repo.data))) == first  # not a data commit

    repo.edit("ALPHA", lambda project: project.update(summary="Replace the Alpha system, in two phases."))
    repo.commit("ALPHA: summary", at(8, 9))
    log = change_log(read_history(repo.data))
    assert described(log) == first  # a data commit with no change of its own
    assert log.last_day == date(2026, 6, 8) and log.latest == ()

    repo.edit("BETA", lambda project: project.setdefault("risks", []).append(high_risk("R9")))
    repo.commit("BETA: a high risk", at(9, 9))
    log = change_log(read_history(repo.data))
    assert [c.summary for c in log.latest] == [
        "BETA Beta proposal has a new high risk: R9 Funding withdrawn (score 15)"
    ]
    assert described(log)[1:] == first


def high_risk(risk_id: str) -> dict[str, Any]:
    return {"id": risk_id, "title": "Funding withdrawn", "probability": 5, "impact": 3, "status": "open"}


def test_the_host_of_the_ids(story: tuple[ScratchRepo, dict]) -> None:
    repo, commits = story
    host = tag_host("https://PMO.Example.org/hub/")
    assert host == "pmo.example.org"
    assert tag_host(None) == tag_host("") == tag_host("not a url") == DEFAULT_HOST == "pmo-hub.invalid"
    assert tag_host("http://127.0.0.1:8000/") == tag_host("http://localhost:8000/") == DEFAULT_HOST
    assert tag_host("http://[::1]:8000/") == DEFAULT_HOST
    log = change_log(read_history(repo.data), host=host)
    assert described(log) == expected_changes(commits, host)


def test_risks_reach_high_at_the_handbooks_high_band() -> None:
    assert score_band(HIGH_RISK_SCORE) == "high" and score_band(HIGH_RISK_SCORE - 1) != "high"


def test_reopened_risks_and_first_reports(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    repo.commit("Import", at(1, 9))

    def close_r1(project: dict[str, Any]) -> None:
        project["risks"][0].update(impact=5, status="closed")

    repo.edit("ALPHA", close_r1)
    repo.commit("R1 closed", at(2, 9))
    repo.edit("ALPHA", lambda project: project["risks"][0].update(status="open"))
    repo.edit("BETA", add_first_update)
    repo.commit("R1 reopened; BETA's first report", at(3, 9))
    log = change_log(read_history(repo.data))
    assert [c.summary for c in log.changes] == [
        "ALPHA Alpha system replacement reopened risk R1 Supplier capacity, now high (score 20)"
    ]  # BETA's first status report is no move


def add_first_update(project: dict[str, Any]) -> None:
    project["updates"] = [{"date": date(2026, 6, 3), "overall": "green", "summary": "Started."}]


def test_portfolio_changes_is_the_logs_list(story: tuple[ScratchRepo, dict]) -> None:
    repo, _ = story
    history: History = read_history(repo.data)
    assert portfolio_changes(history) == change_log(history).changes
    assert len({c.id for c in change_log(history).changes}) == len(change_log(history).changes)
