"""The CI workflows and pre-commit hooks: valid YAML, and every step a Make target the README documents."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from support import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
MAKE_CALL = re.compile(r"\bmake\s+(?:--?[\w-]+\s+)*([a-z][\w-]*)")


def targets_of_makefile() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*)\s*:(?!=)", text, flags=re.MULTILINE))


def make_calls(workflow: dict) -> list[str]:
    calls = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            calls += MAKE_CALL.findall(step.get("run", ""))
    return calls


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
    data["on"] = data.pop(True)
    return data


def test_both_workflows_exist() -> None:
    assert [path.name for path in WORKFLOWS] == ["nightly.yml", "pull-request.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_steps_are_make_targets_from_the_readme(path: Path) -> None:
    workflow = load(path)
    assert workflow["name"] and workflow["permissions"] == {"contents": "read"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = targets_of_makefile()
    calls = make_calls(workflow)
    assert calls
    for target in calls:
        assert target in targets, f"{path.name} calls `make {target}`, which the Makefile does not define"
        assert f"make {target}" in readme, f"`make {target}` is not in the README"
    for job in workflow["jobs"].values():
        assert job["runs-on"] and job["timeout-minutes"] > 0
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
            run = step.get("run", "")
            # Anything a step runs is either a Make target or plumbing for the job (outputs, summary).
            for line in filter(None, (line.strip() for line in run.splitlines())):
                assert line.startswith("make ") or line.startswith("echo "), line


def test_pull_request_workflow() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert "pull_request" in workflow["on"]
    assert make_calls(workflow) == ["install", "validate", "build", "check-links"]
    steps = workflow["jobs"]["check"]["steps"]
    assert any(step.get("run") == "make validate VALIDATE_FORMAT=github" for step in steps)
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_nightly_workflow() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "nightly.yml")
    assert workflow["on"]["schedule"][0]["cron"] and "workflow_dispatch" in workflow["on"]
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert make_calls(workflow) == ["install", "validate", "publish", "quality-summary"]
    checkout = workflow["jobs"]["rebuild"]["steps"][0]
    assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"


def test_make_targets_run_the_documented_commands() -> None:
    commands = {
        "validate": "pmo-hub validate --format text",
        "check-links": "pmo-hub check-links site",
        "publish": 'pmo-hub publish --dest "/srv/x"',
        "quality-summary": "pmo-hub quality-summary",
        "generate": "pmo-hub generate --out build/docs --config-out build/mkdocs.yml",
    }
    for target, command in commands.items():
        done = subprocess.run(
            ["make", "-n", target, "DEST=/srv/x"], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert command in done.stdout, (target, done.stdout)
    missing = subprocess.run(["make", "-n", "publish"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert 'test -n ""' in missing.stdout  # the guard that stops `make publish` without DEST


def test_pre_commit_hooks() -> None:
    local = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = local["repos"][0]["hooks"][0]
    assert local["repos"][0]["repo"] == "local"
    assert hook["entry"] == "make --no-print-directory validate" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "data/projects/NMC-001.yaml") and not re.search(hook["files"], "docs/index.md")
    assert "validate" in targets_of_makefile()

    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert published == [
        {
            "id": "pmo-hub-validate",
            "name": "PMO Hub data validation",
            "description": "Check data/ against the PMO Hub data contract; one line per problem (file:line).",
            "entry": "pmo-hub validate",
            "language": "python",
            "pass_filenames": False,
            "files": "^data/",
        }
    ]
