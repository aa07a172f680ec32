"""The data's history: the portfolio's project files after each recent commit that changed them.

Read from git alone, never from the clock, so that two builds of one commit agree: the last
``limit`` commits that changed the data folder (``git log --first-parent -- <data_dir>``, newest
first; a merge counts as one commit, compared with its first parent), and for each the project
files as they were after it. It stays cheap at dozens of commits over thousands of projects:

- the files are listed once, at the parent of the oldest commit (``git ls-tree``, the
  *baseline*), and after that only the files each commit changed (``git diff-tree --stdin``: one
  process for every commit); the others are carried forward, the same objects;
- only the versions the commits wrote and the ones before them are read (``git cat-file
  --batch``, one process, in memory), which is all the changes of a history need; the thousands
  of files no commit touched are read only if a snapshot's whole list of projects is asked for.
  A file is parsed when its project is first asked for, once however many commits share it,
  and :class:`HistoryReader` keeps what it parsed between reads (for ``mkdocs serve``);
- git runs at the repository's root, with ``-c core.quotepath=off``, literal pathspecs, no
  pager, no signature checks and a timeout.

Only regular files named ``<id>.yaml`` directly in the data folder's ``projects/`` are read, and
only when ``<id>`` is a valid identifier (``model.common.IDENTIFIER_PATTERN``) and the file's
``id`` is that same id; ``portfolio.yaml`` is read for the programmes' names. A file that does not
parse at some commit is skipped for that commit (listed in :attr:`Snapshot.skipped`): the
project stays as it last parsed, so that a broken commit and its fix make no changes of their own.

History never fails a build: outside a git repository, in a shallow clone missing the commits
it needs, when git is not installed, fails or times out, the history is empty and
:attr:`History.unavailable` says why (:attr:`History.reason` in words).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from pmo_hub.load.portfolio import PORTFOLIO_FILE, PROJECTS_DIR
from pmo_hub.load.validate import parse_model
from pmo_hub.load.yaml_source import MAX_BYTES, parse_yaml
from pmo_hub.model import PortfolioSettings, Project
from pmo_hub.model.common import IDENTIFIER_PATTERN
from pmo_hub.problems import Problem, one_line

DEFAULT_LIMIT = 60
# Seconds each git command may take (a cat-file of thousands of files takes well under one).
DEFAULT_TIMEOUT = 60.0

_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_REGULAR_MODES = frozenset({"100644", "100755"})
_HEX = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
# Read-only commands, so no lock is taken; never a prompt; messages in English.
_GIT_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANGUAGE": "C"}
_GIT_OPTIONS = (
    "--no-pager",
    "--literal-pathspecs",
    "-c",
    "core.quotepath=off",
    "-c",
    "log.showSignature=false",
    "-c",
    "log.follow=false",
    "-c",
    "i18n.logOutputEncoding=UTF-8",
)


class Unavailable(str, Enum):
    """Why a history is empty."""

    no_git = "no_git"  # git is not installed (not on PATH)
    not_a_repository = "not_a_repository"  # the data folder is not inside a git repository
    shallow = "shallow"  # a shallow clone: the commits the history needs are missing
    no_commits = "no_commits"  # no commit yet, or none that changed the data folder
    git_failed = "git_failed"  # git failed or timed out


@dataclass(frozen=True)
class Commit:
    """One commit that changed the data folder."""

    hash: str
    parents: tuple[str, ...]
    time: datetime  # the commit (committer) time, UTC
    subject: str

    @property
    def short(self) -> str:
        """The first 12 hex digits: how pages and event ids name the commit."""
        return self.hash[:12]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The portfolio's project files as they were after one commit (or before the oldest one).

    ``projects`` maps each id to its project, parsed when first asked for (the changes of a
    history need only the files its commits changed, and the versions before them); a project
    whose file does not parse at this commit is the one it last parsed as. ``files`` maps each
    project file's id to its git object (blob) id; ``changed`` holds the ids whose file the
    commit added, changed or removed; ``skipped`` the files it changed that could not be read.
    """

    commit: Commit | None  # None: the baseline, the state before the oldest commit
    files: Mapping[str, str] = field(default_factory=dict)  # project id → blob id
    programmes: Mapping[str, str] = field(default_factory=dict)  # programme id → name
    changed: frozenset[str] = frozenset()
    refused: Mapping[str, str] = field(default_factory=dict, repr=False)  # path → why, never parsed
    previous: Snapshot | None = field(default=None, repr=False)
    store: _Store | None = field(default=None, repr=False)
    memo: dict[str, Project | None] = field(default_factory=dict, repr=False)

    @property
    def projects(self) -> Mapping[str, Project]:
        """Project id → project, in id order."""
        return _Projects(self)

    def project(self, project_id: str) -> Project | None:
        """The project ``project_id`` as of this commit, or None if it has no (readable) file."""
        if project_id in self.memo:
            return self.memo[project_id]
        found = None
        blob = self.files.get(project_id)
        if blob is not None and self.store is not None:
            found, _ = self.store.project(blob, project_id)
            if found is None and self.previous is not None:
                found = self.previous.project(project_id)  # as it last parsed
        self.memo[project_id] = found
        return found

    @property
    def skipped(self) -> dict[str, str]:
        """Repository path → why it was not read, for the files this commit changed (every file,
        for the baseline) that are not regular files or do not parse."""
        found = dict(self.refused)
        if self.store is not None:
            for project_id in sorted(self.changed if self.commit is not None else self.files):
                blob = self.files.get(project_id)
                if blob is not None:
                    project, why = self.store.project(blob, project_id)
                    if project is None:
                        found[self.store.names.project_path(project_id)] = why
        return dict(sorted(found.items()))


class _Projects(Mapping[str, Project]):
    """A snapshot's projects, parsed as they are asked for."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot

    def __getitem__(self, project_id: str) -> Project:
        project = self._snapshot.project(project_id)
        if project is None:
            raise KeyError(project_id)
        return project

    def __contains__(self, project_id: object) -> bool:
        return isinstance(project_id, str) and self._snapshot.project(project_id) is not None

    def __iter__(self) -> Iterator[str]:
        snapshot = self._snapshot
        if snapshot.store is not None:
            snapshot.store.fetch(snapshot.files.values())  # one git process for every file
        return (key for key in sorted(snapshot.files) if snapshot.project(key) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class History:
    """The data's recent history: a snapshot per commit, newest first, and the baseline.

    Empty (no snapshots) when it cannot be read: ``unavailable`` and ``reason`` say why.
    """

    snapshots: tuple[Snapshot, ...] = ()
    baseline: Snapshot = field(default_factory=lambda: Snapshot(None))
    data_path: str = ""  # the data folder relative to the repository's root ("." for the root)
    limit: int = DEFAULT_LIMIT
    unavailable: Unavailable | None = None
    reason: str = ""

    @property
    def commits(self) -> tuple[Commit, ...]:
        """The commits read, newest first."""
        return tuple(snapshot.commit for snapshot in self.snapshots if snapshot.commit is not None)

    @property
    def newest(self) -> Commit | None:
        """The newest commit that changed the data, if any."""
        return self.snapshots[0].commit if self.snapshots else None

    def steps(self) -> Iterator[tuple[Snapshot, Snapshot]]:
        """Each snapshot with the one before it, ``(before, after)``, oldest first."""
        older = [*self.snapshots[1:], self.baseline] if self.snapshots else []
        for after, before in reversed(list(zip(self.snapshots, older, strict=True))):
            yield before, after


def read_history(
    data_dir: Path, *, limit: int = DEFAULT_LIMIT, timeout: float = DEFAULT_TIMEOUT, git: str = "git"
) -> History:
    """The history of ``data_dir``: its last ``limit`` commits (see the module's description).

    Never raises for anything git or the repository does: an empty :class:`History` says why.
    """
    return HistoryReader(data_dir, git=git).read(limit=limit, timeout=timeout)


class HistoryReader:
    """Reads the history of one data folder, again whenever asked, parsing each blob once.

    A git blob never changes, so the projects parsed from it are kept by its object id between
    reads (``mkdocs serve`` rebuilds): a new commit costs the files it changed.
    """

    def __init__(self, data_dir: Path, *, git: str = "git") -> None:
        self.data_dir = data_dir
        self.git = git
        self._projects: MutableMapping[str, tuple[Project | None, str]] = {}
        self._settings: MutableMapping[str, PortfolioSettings | None] = {}

    def read(self, *, limit: int = DEFAULT_LIMIT, timeout: float = DEFAULT_TIMEOUT) -> History:
        """The history now (see :func:`read_history`)."""
        limit = max(1, int(limit))
        try:
            return self._read(limit, timeout)
        except _Empty as empty:
            return History(limit=limit, unavailable=empty.kind, reason=empty.reason)
        except FileNotFoundError:
            return History(limit=limit, unavailable=Unavailable.no_git, reason="git is not installed")
        except subprocess.TimeoutExpired as error:
            reason = f"git took longer than {error.timeout:g} s: {' '.join(str(a) for a in error.cmd[-3:])}"
            return History(limit=limit, unavailable=Unavailable.git_failed, reason=reason)
        except (OSError, subprocess.SubprocessError, UnicodeError, ValueError) as error:
            return History(limit=limit, unavailable=Unavailable.git_failed, reason=f"git failed: {error}")

    # -- the steps ------------------------------------------------------------------------

    def _read(self, limit: int, timeout: float) -> History:
        git = _Git(self.git, self._start_folder(), timeout)
        top = git.run("rev-parse", "--show-toplevel", failed=_not_a_repository).decode("utf-8").strip()
        if not top:  # inside .git, or a bare repository
            raise _Empty(Unavailable.not_a_repository, "the data folder is not in a git working tree")
        root = Path(top)
        git = _Git(self.git, root, timeout)
        data_path = self._data_path(root)
        if not git.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", failed=_no_commit).strip():
            raise _Empty(Unavailable.no_commits, "the repository has no commit yet")
        commits = _parse_log(
            git.run(
                "log",
                "--first-parent",
                "--no-renames",
                "-z",
                f"--max-count={limit}",
                "--format=%H%x00%P%x00%ct%x00%s",
                "HEAD",
                "--",
                data_path,
            )
        )
        if not commits:
            raise _Empty(Unavailable.no_commits, f"no commit changed {_shown(data_path)}")
        shallow = git.run("rev-parse", "--is-shallow-repository").strip() == b"true"
        if shallow and (len(commits) < limit or not commits[-1].parents):
            raise _Empty(
                Unavailable.shallow,
                f"a shallow clone: the history of {_shown(data_path)} before commit {commits[-1].short} is missing "
                "(git fetch --unshallow, or check out with the whole history: fetch-depth: 0)",
            )
        return self._snapshots(git, data_path, commits, limit)

    def _start_folder(self) -> Path:
        """Where git starts looking for the repository: the data folder, or its nearest folder."""
        folder = self.data_dir.absolute()
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent
        return folder

    def _data_path(self, root: Path) -> str:
        try:
            relative = self.data_dir.resolve().relative_to(root.resolve())
        except ValueError:
            raise _Empty(Unavailable.not_a_repository, f"the data folder is outside the repository at {root}") from None
        return relative.as_posix() or "."

    def _snapshots(self, git: _Git, data_path: str, commits: list[Commit], limit: int) -> History:
        names = _Names(data_path)
        oldest = commits[-1]
        base_entries = (
            _parse_ls_tree(git.run("ls-tree", "-r", "-z", oldest.parents[0], "--", *names.pathspecs))
            if oldest.parents
            else []
        )
        # One diff-tree for every commit: "<commit> <first parent>" per line (the root alone).
        requests = "".join(f"{c.hash} {c.parents[0]}\n" if c.parents else f"{c.hash}\n" for c in commits)
        diffs = _parse_diff_tree(
            git.run(
                "diff-tree",
                "--stdin",
                "-r",
                "-z",
                "--root",
                "--no-renames",
                "--",
                *names.pathspecs,
                input=requests.encode("ascii"),
            )
        )
        changes = [entry for found in diffs.values() for entry in found]
        referenced = _blobs_read(names, [*base_entries, *changes])
        for cache in (self._projects, self._settings):  # keep what this history can use, no more
            for stale in [known for known in cache if known not in referenced]:
                del cache[stale]
        # Read now: every version the commits wrote, and the versions before them. The files no
        # commit changed are read only if asked for (a snapshot's whole list of projects).
        touched = {path for path, _, _ in changes}
        store = _Store(names, git, self._projects)
        store.fetch(
            _blobs_read(names, [*changes, *(entry for entry in base_entries if entry[0] in touched)])
            - set(self._settings)
        )

        files: dict[str, str] = {}
        settings: PortfolioSettings | None = None
        refused: dict[str, str] = {}
        for path, blob, mode in base_entries:
            settings = self._apply(names, path, blob, mode, store, files, settings, refused, set())
        baseline = Snapshot(None, dict(files), _programmes(settings), frozenset(), refused, None, store)
        snapshots = [baseline]
        for commit in reversed(commits):
            changed: set[str] = set()
            refused = {}
            for path, blob, mode in diffs.get(commit.hash, ()):
                settings = self._apply(names, path, blob, mode, store, files, settings, refused, changed)
            snapshots.append(
                Snapshot(commit, dict(files), _programmes(settings), frozenset(changed), refused, snapshots[-1], store)
            )
        return History(tuple(reversed(snapshots[1:])), baseline, data_path, limit)

    def _apply(
        self,
        names: _Names,
        path: str,
        blob: str | None,
        mode: str,
        store: _Store,
        files: dict[str, str],
        settings: PortfolioSettings | None,
        refused: dict[str, str],
        changed: set[str],
    ) -> PortfolioSettings | None:
        """Apply one file's new state to ``files``; return the portfolio settings now."""
        if path == names.portfolio:
            if blob is None or mode not in _REGULAR_MODES:
                return None
            parsed, why = self._settings_in(blob, path, store)
            if parsed is None:
                refused[path] = why  # the programmes stay as they last parsed
                return settings
            return parsed
        project_id = names.project_id(path)
        if project_id is None:
            return settings  # not a project file (another folder, another name): never read
        changed.add(project_id)
        if blob is None:
            files.pop(project_id, None)
        elif mode not in _REGULAR_MODES:
            files.pop(project_id, None)  # a link or a submodule is no project file
            refused[path] = "not a regular file"
        else:
            files[project_id] = blob
        return settings

    def _settings_in(self, blob: str, path: str, store: _Store) -> tuple[PortfolioSettings | None, str]:
        if blob in self._settings:
            cached = self._settings[blob]
            return cached, "" if cached is not None else "does not parse"
        store.fetch([blob])
        content = store.contents.pop(blob, NOT_FOUND)
        if not isinstance(content, bytes):
            return None, content
        source = parse_yaml(content, Path(path))
        settings = parse_model(PortfolioSettings, source) if not source.problems else None
        self._settings[blob] = settings
        return settings, "" if settings is not None else _first_problem(source.problems)


class _Store:
    """The project files of one history, by blob id, read from git in batches and each parsed on
    first use (the reader keeps what was parsed, for its next read)."""

    def __init__(self, names: _Names, git: _Git, parsed: MutableMapping[str, tuple[Project | None, str]]) -> None:
        self.names = names
        self.git = git
        self.parsed = parsed
        self.contents: dict[str, bytes | str] = {}

    def fetch(self, blobs: Iterable[str]) -> None:
        """Read every blob of ``blobs`` not read or parsed yet, with one ``cat-file --batch``.

        Never raises: a blob git cannot give is recorded with the reason (read again on asking)."""
        needed = sorted({blob for blob in blobs if blob not in self.parsed and blob not in self.contents})
        if not needed:
            return
        try:
            self.contents.update(_read_blobs(self.git, needed))
        except _Empty as empty:
            self.contents.update(dict.fromkeys(needed, empty.reason))
        except (OSError, subprocess.SubprocessError, ValueError) as error:
            self.contents.update(dict.fromkeys(needed, f"git failed: {error}"))

    def project(self, blob: str, project_id: str) -> tuple[Project | None, str]:
        """The project in ``blob``, the file of ``project_id``; or None and why not."""
        known = self.parsed.get(blob)
        if known is None:
            self.fetch([blob])
            content = self.contents.pop(blob, NOT_FOUND)  # parsed once: the bytes are let go
            if not isinstance(content, bytes):
                return None, content  # not kept: it may be read another time
            self.parsed[blob] = known = _parse_project(content, self.names.project_path(project_id))
        project, why = known
        if project is not None and project.id != project_id:
            return None, f"its id {project.id!r} is not its file name"
        return project, why


def _parse_project(content: bytes, path: str) -> tuple[Project | None, str]:
    """The project in a file's bytes, or None and its first problem. Never raises: history must
    not fail a build, whatever an old commit holds."""
    try:
        source = parse_yaml(content, Path(path))
        project = parse_model(Project, source) if not source.problems else None
    except Exception as error:  # whatever it is, the loader reports it today; history skips the file
        return None, one_line(f"could not be read: {type(error).__name__}: {error}")
    return project, "" if project is not None else _first_problem(source.problems)


def _read_blobs(git: _Git, blobs: list[str]) -> dict[str, bytes | str]:
    """The content of each blob (or why it is not read: missing, too large), by object id."""
    sizes = _parse_batch_check(git.run("cat-file", "--batch-check", input=_lines(blobs)))
    found: dict[str, bytes | str] = {}
    small = []
    for blob in blobs:
        kind, size = sizes.get(blob, ("missing", 0))
        if kind != "blob":
            found[blob] = NOT_FOUND
        elif size > MAX_BYTES:
            found[blob] = f"larger than {MAX_BYTES // (1024 * 1024)} MiB"
        else:
            small.append(blob)
    if small:
        found.update(_parse_batch(git.run("cat-file", "--batch", input=_lines(small))))
    return found


NOT_FOUND = "not found in the repository"


def _first_problem(problems: list[Problem]) -> str:
    """Why a file was skipped, in one line: its first problem."""
    if not problems:
        return "does not parse"
    first = min(problems, key=lambda problem: problem.line)
    where = f"line {first.line}: {first.field}: " if first.field else f"line {first.line}: "
    return one_line(where + first.message)


# -- git and its output ----------------------------------------------------------------------


class _Empty(Exception):
    def __init__(self, kind: Unavailable, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def _not_a_repository(stderr: str) -> _Empty:
    if "not a git repository" in stderr.lower() or not stderr:
        return _Empty(Unavailable.not_a_repository, "the data folder is not in a git repository")
    return _Empty(Unavailable.git_failed, f"git cannot read the repository: {stderr}")  # e.g. dubious ownership


def _no_commit(stderr: str) -> _Empty:
    return _Empty(Unavailable.no_commits, "the repository has no commit yet")


class _Git:
    """git, run in one folder with fixed options and a timeout."""

    def __init__(self, program: str, cwd: Path, timeout: float) -> None:
        self.program = program
        self.cwd = cwd
        self.timeout = timeout

    def run(self, *args: str, input: bytes = b"", failed: Callable[[str], _Empty] | None = None) -> bytes:
        """The output of ``git <args>``. On failure, ``failed(stderr)`` is raised, or else a
        ``git_failed`` :class:`_Empty` naming the command and git's last line."""
        completed = subprocess.run(
            [self.program, *_GIT_OPTIONS, *args],
            cwd=self.cwd,
            input=input,
            capture_output=True,
            timeout=self.timeout,
            env={**os.environ, **_GIT_ENV},
            check=False,
        )
        if completed.returncode == 0:
            return completed.stdout
        lines = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        stderr = one_line(lines[-1]) if lines else ""
        if failed is not None:
            raise failed(stderr)
        raise _Empty(Unavailable.git_failed, f"git {args[0]} failed: {stderr or f'exit status {completed.returncode}'}")


def _lines(blobs: list[str]) -> bytes:
    return "".join(f"{blob}\n" for blob in blobs).encode("ascii")


def _parse_log(output: bytes) -> list[Commit]:
    """``%H\\0%P\\0%ct\\0%s`` records, each ended by ``-z``'s NUL."""
    fields = output.split(b"\0")
    if fields and fields[-1] in (b"", b"\n"):
        fields.pop()
    commits = []
    for start in range(0, len(fields) - 3, 4):
        hash_, parents, seconds, subject = fields[start : start + 4]
        commit = hash_.decode("ascii").strip()
        if not _HEX.match(commit):
            raise ValueError(f"unexpected git log output: {excerpt_bytes(hash_)}")
        commits.append(
            Commit(
                hash=commit,
                parents=tuple(parents.decode("ascii").split()),
                time=datetime.fromtimestamp(int(seconds), tz=UTC),
                subject=one_line(subject.decode("utf-8", "replace")),  # no control characters on a page
            )
        )
    return commits


def excerpt_bytes(raw: bytes) -> str:
    return one_line(raw[:40].decode("utf-8", "replace"))


def _parse_ls_tree(output: bytes) -> list[tuple[str, str | None, str]]:
    """``<mode> <type> <object>\\t<path>`` records → (path, blob, mode); blobs only."""
    entries: list[tuple[str, str | None, str]] = []
    for record in output.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split()
        path = _decode_path(raw_path)
        if kind == "blob" and path is not None:
            entries.append((path, blob, mode))
    return entries


def _parse_diff_tree(output: bytes) -> dict[str, list[tuple[str, str | None, str]]]:
    """``diff-tree --stdin -z`` output → commit → [(path, new blob or None if removed, new mode)]."""
    found: dict[str, list[tuple[str, str | None, str]]] = {}
    tokens = output.split(b"\0")
    current: list[tuple[str, str | None, str]] | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if not token.strip():
            continue
        if token.startswith(b":"):
            # ":<old mode> <new mode> <old object> <new object> <status>", then the path
            _, new_mode, _, new_blob, status = token[1:].decode("ascii").split()
            raw_path = tokens[index]
            index += 1
            path = _decode_path(raw_path)
            if current is None or path is None:
                continue
            removed = status.startswith("D") or set(new_blob) == {"0"}
            current.append((path, None if removed else new_blob, new_mode))
        else:
            commit = token.decode("ascii").strip()
            if not _HEX.match(commit):
                raise ValueError(f"unexpected git diff-tree output: {excerpt_bytes(token)}")
            current = found.setdefault(commit, [])
    return found


def _parse_batch_check(output: bytes) -> dict[str, tuple[str, int]]:
    """``<object> <type> <size>`` lines (or ``<object> missing``)."""
    found = {}
    for line in output.decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].isdigit():
            found[parts[0]] = (parts[1], int(parts[2]))
    return found


def _parse_batch(output: bytes) -> dict[str, bytes | str]:
    """``<object> <type> <size>\\n<content>\\n`` records."""
    found: dict[str, bytes | str] = {}
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        parts = output[position:end].decode("ascii", "replace").split()
        position = end + 1
        if len(parts) != 3 or not parts[2].isdigit():
            if parts:
                found[parts[0]] = NOT_FOUND
            continue
        size = int(parts[2])
        found[parts[0]] = output[position : position + size] if parts[1] == "blob" else NOT_FOUND
        position += size + 1
    return found


def _decode_path(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None  # not a name the data folder's files can have


class _Names:
    """The repository paths of the data folder's files, and which of them are project files."""

    def __init__(self, data_path: str) -> None:
        prefix = "" if data_path == "." else data_path.rstrip("/") + "/"
        self.projects = f"{prefix}{PROJECTS_DIR}/"
        self.portfolio = f"{prefix}{PORTFOLIO_FILE}"
        self.pathspecs = (self.projects, self.portfolio)

    def project_path(self, project_id: str) -> str:
        return f"{self.projects}{project_id}.yaml"

    def is_read(self, path: str) -> bool:
        """Whether the file at ``path`` is one the history reads."""
        return path == self.portfolio or self.project_id(path) is not None

    def project_id(self, path: str) -> str | None:
        """``<id>`` of ``<data>/projects/<id>.yaml`` if ``<id>`` is a valid identifier, else None."""
        if not path.startswith(self.projects):
            return None
        name = path[len(self.projects) :]
        if "/" in name or not name.endswith(".yaml"):
            return None
        stem = name[: -len(".yaml")]
        return stem if _IDENTIFIER.match(stem) else None


def _shown(data_path: str) -> str:
    return "the repository" if data_path == "." else f"{data_path}/"


def _blobs_read(names: _Names, entries: Iterable[tuple[str, str | None, str]]) -> set[str]:
    """The blobs of the regular files among ``entries`` that the history reads."""
    return {blob for path, blob, mode in entries if blob and mode in _REGULAR_MODES and names.is_read(path)}


def _programmes(settings: PortfolioSettings | None) -> dict[str, str]:
    return {programme.id: programme.name for programme in settings.programmes} if settings else {}
