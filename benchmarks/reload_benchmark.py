"""How long `mkdocs serve` takes to rebuild after an edit, with N synthetic projects.

Serves the real site configuration (handbook, hooks, theme) over a synthetic portfolio as
`make serve` does (`mkdocs serve --livereload --dirty`), then edits a handbook page and a
project file in turn and prints the rebuild times MkDocs reports, plus the wall time from the
edit to the end of the rebuild. First it times a full `mkdocs build` of the same site, and
prints each rebuild's time as a share of it (the goal: 0.15 or less).

    .venv/bin/python benchmarks/reload_benchmark.py 1000
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, make_portfolio  # noqa: E402

BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_copy(folder: Path, count: int) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, folder / name)
    # A copy: the server watches its hooks folder, and an edit elsewhere must not start a rebuild.
    shutil.copytree(ROOT / "hooks", folder / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    make_portfolio(folder / "data", count)
    return folder


def replace_atomically(path: Path, text: str, scratch: Path) -> None:
    """Give ``path`` new content in one step, written first outside the watched folders: an
    editor's save that truncates then writes can start two rebuilds, and the times printed
    would then belong to the wrong one."""
    temporary = scratch / f".{path.name}.new"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def edited(text: str, number: int) -> str:
    """The file with one real change, as an editor makes it: a handbook page gains a sentence; a
    project's forecast moves, which changes its page, its programme's, the indexes and every view
    that shows money (a change of whitespace only would change no page at all)."""
    amount = re.search(r"\n(\s+forecast: )(\d+(?:\.\d+)?)\n", text)  # the budget's, never a milestone's date
    if amount is None:
        return text + f"\nEdited for the benchmark ({number}).\n"
    moved = int(float(amount[2])) + 1000 * (number + 1)
    return f"{text[: amount.start(2)]}{moved}{text[amount.end(2) :]}"


def wait_for_build(process: subprocess.Popen[str], timeout: float) -> float:
    """Seconds MkDocs reports for the next finished build."""
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise SystemExit("mkdocs serve stopped")
        found = BUILT.search(line)
        if found:
            return float(found.group(1))
    raise SystemExit("no rebuild within the time limit")


def full_build(folder: Path, env: dict[str, str]) -> float:
    """Seconds MkDocs reports for a clean build of ``folder`` (into a folder of its own)."""
    site = folder.parent / f"{folder.name}-site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    shutil.rmtree(site, ignore_errors=True)
    found = BUILT.search(done.stdout + done.stderr)
    if found is None:
        raise SystemExit("mkdocs build did not report its time")
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=2, help="edits of each kind")
    parser.add_argument("--no-dirty", action="store_true", help="serve without --dirty (every rebuild is a full one)")
    args = parser.parse_args()
    folder = site_copy(ROOT / "benchmarks" / "out" / f"serve-{args.count}", args.count)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    full = full_build(folder, env)
    print(f"full build: {full:.1f} s", flush=True)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dev-addr",
        f"127.0.0.1:{free_port()}",
        "--livereload",
        *([] if args.no_dirty else ["--dirty"]),
    ]
    process = subprocess.Popen(
        command,
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        print(f"first build: {wait_for_build(process, 900):.1f} s", flush=True)
        page = folder / "docs" / "using-the-hub.md"
        project = sorted((folder / "data" / "projects").glob("*.yaml"))[args.count // 2]
        for number, (kind, path) in enumerate(
            [("handbook page", page)] * args.edits + [("project file", project)] * args.edits
        ):
            time.sleep(2)  # let the watcher settle
            started = time.monotonic()
            replace_atomically(path, edited(path.read_text(encoding="utf-8"), number), folder.parent)
            reported = wait_for_build(process, 900)
            print(
                f"edit of a {kind}: rebuilt in {reported:.1f} s ({reported / full:.2f} of a full build), "
                f"{time.monotonic() - started:.1f} s after the edit",
                flush=True,
            )
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
