"""The portfolio views and downloads, rendered in a second process while the build goes on.

The views and downloads read the whole portfolio, and no other page reads them: at 1,000
projects they take about 6 s of CPU (the XLSX alone 2.5 s), which on the one core MkDocs
uses would add a third to the build. A :class:`ViewsJob` renders them on another core while
the build renders the project pages and MkDocs reads and converts them; the build waits
only when it needs the first view. The downloads are made last, while the build converts and
writes the pages, and waited for only when the build writes them, at its end. Their paths are
known before they exist (:func:`expected_paths`), so the site can list and link them from the
start.

The second process is forked where that is safe (the process has one thread, as
``mkdocs build`` has) and spawned otherwise (``mkdocs serve`` runs a server thread; Windows
cannot fork). Small portfolios are rendered in this process: starting another costs more
than it saves. The output is the same bytes either way.

While ``mkdocs serve`` runs, the second process is kept (``keep_process``) and given the next
portfolio after each edit of the data: starting one with the server's threads running means
spawning a new interpreter that imports pandas again, about a second of each rebuild. It is
forked at the first build, before the server starts its threads. Each portfolio is sent with
its unchanged projects named by id (it already holds them): pickling thousands of projects
costs about as much again.
"""

from __future__ import annotations

import gc
import io
import itertools
import multiprocessing
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Literal, cast

from pmo_hub.load.settings import HubSettings
from pmo_hub.model import Portfolio, Project
from pmo_hub.render import paths
from pmo_hub.render.downloads import DOWNLOAD_FILES
from pmo_hub.render.outputs import LastOutputs
from pmo_hub.render.pages import GeneratedPage
from pmo_hub.render.views import view_pages

# Below this many projects the views take well under a second: render them in-process.
BACKGROUND_FROM_PROJECTS = 300


def page_paths() -> list[str]:
    """The view pages the views job makes, in the order it makes them (before the downloads)."""
    return [*paths.VIEW_PAGES, *paths.RISK_CELL_PAGES]


def download_paths() -> list[str]:
    """The downloads the views job makes, after the pages, in the order it makes them."""
    return [paths.download(name) for name in DOWNLOAD_FILES]


def expected_paths() -> list[str]:
    """Every file the views job makes, in the order it makes them."""
    return [*page_paths(), *download_paths()]


class ViewsJob:
    """The views and downloads of one portfolio, rendered in the background where that pays.

    The pages come first and can be taken before the downloads are made (:meth:`pages`, then
    :meth:`downloads`): a build converts and writes the pages while the downloads are made.

    ``settings.views_in_background`` unset (None) decides by the portfolio's size and the
    machine's cores.
    """

    def __init__(self, portfolio: Portfolio, settings: HubSettings, *, keep_process: bool = False) -> None:
        self._portfolio = portfolio
        self._settings = settings
        self._pages: list[GeneratedPage] | None = None
        self._downloads: list[GeneratedPage] | None = None
        self._here: Iterator[GeneratedPage] | None = None  # rendered in this process, as taken
        self._receiver: threading.Thread | None = None
        self._arrived = threading.Condition()
        self._received: list[GeneratedPage | None] = []  # in the order made (None: let go)
        self._taken = 0  # how many of them the engine has taken
        self._ended: tuple[str, Any] | None = None  # how it ended: done, error (and why), stopped
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None
        self._sent = False  # to a second process (else rendered here)
        self._keep = keep_process
        background = settings.views_in_background
        if background is None:
            background = len(portfolio.projects) >= BACKGROUND_FROM_PROJECTS and (os.cpu_count() or 1) > 1
        if background and not (keep_process and self._hand_to_kept_process()):
            self._start()

    @property
    def in_background(self) -> bool:
        return self._process is not None

    def pages(self) -> list[GeneratedPage]:
        """The view pages, in :func:`page_paths` order; waits for them (not for the downloads)."""
        if self._pages is None:
            self._pages = self._made(page_paths())
        return self._pages

    def page(self, path: str) -> GeneratedPage:
        """The view page at ``path``; waits for it, not for the pages made after it."""
        if self._pages is not None:
            return self._pages[page_paths().index(path)]
        made = self._made(page_paths()[: page_paths().index(path) + 1])
        if len(made) == len(page_paths()):
            self._pages = made
        return made[-1]

    def downloads(self) -> list[GeneratedPage]:
        """The downloads, in :func:`download_paths` order; waits for them."""
        if self._downloads is None:
            self._downloads = self._made(download_paths(), after=len(page_paths()))
            if self._process is not None:
                self._close()  # it said it is done: kept for the next job, or let go
        return self._downloads

    def let_go(self) -> None:
        """The engine holds what it took so far (the pages, the downloads): do not keep a second
        copy of it (the downloads of a large portfolio are tens of megabytes). What was let go
        must not be asked again."""
        if self._pages is not None:
            self._pages = []
        if self._downloads is not None:
            self._downloads = []
        with self._arrived:
            taken = min(self._taken, len(self._received))
            self._received[:taken] = [None] * taken

    def cancel(self) -> None:
        """Stop the second process, if any (the build failed or was interrupted)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        if self._receiver is not None:
            self._receiver.join(timeout=5)  # it sees the process end
        self._keep = False
        self._close()

    def _made(self, expected: list[str], *, after: int = 0) -> list[GeneratedPage]:
        """The ``len(expected)`` files made after the first ``after``, checked against ``expected``."""
        count = after + len(expected)
        if self._sent:
            made = self._received_up_to(count, last=after > 0)[after:]
        else:
            if self._here is None:
                self._here = iter(view_pages(self._portfolio, self._settings))
            self._received += itertools.islice(self._here, max(0, count - len(self._received)))
            made = self._received[after:count]
        self._taken = max(self._taken, count)
        if [page.path if page else None for page in made] != expected:
            raise RuntimeError(
                f"the views job made {[page.path if page else None for page in made]}, expected {expected}"
            )
        return [page for page in made if page]

    # -- the second process ---------------------------------------------------------------

    def _hand_to_kept_process(self) -> bool:
        """Give the job to the process kept from the last one; False if there is none."""
        global _kept
        if _kept is None:
            return False
        process, connection, held = _kept
        _kept = None
        try:
            if not process.is_alive():
                raise BrokenPipeError
            connection.send_bytes(_pickled((self._portfolio, self._settings), held))
        except (OSError, ValueError):  # it stopped: start another
            process.terminate()
            connection.close()
            return False
        self._process, self._connection, self._sent = process, connection, True
        self._receive_when_sent()
        return True

    def _start(self) -> None:
        # get_context(str) is typed as BaseContext, which declares no Process; "fork" and "spawn" give these.
        context = cast(
            "multiprocessing.context.ForkContext | multiprocessing.context.SpawnContext",
            multiprocessing.get_context(_start_method()),
        )
        receiving, sending = context.Pipe(duplex=self._keep)
        # Daemon: if the build stops before taking the result, the process goes with it.
        target = _render_on_request if self._keep else _render_and_send
        process = context.Process(
            target=target, args=(sending, self._portfolio, self._settings), name="pmo-hub-views", daemon=True
        )
        try:
            # Frozen, the objects already made are never walked by the second process's garbage
            # collector: their memory stays shared with this process instead of being copied.
            gc.freeze()
            with _core_importable():
                process.start()
        except OSError:  # no processes to be had (a locked-down sandbox): render in this one
            receiving.close()
            return
        finally:
            gc.unfreeze()
            sending.close()
        self._process, self._connection, self._sent = process, receiving, True
        self._receive_when_sent()

    def _receive_when_sent(self) -> None:
        """Take each file as soon as the second process sends it (in a thread of this process):
        it can then end and free its memory, rather than hold everything until the build asks."""
        process, connection = self._process, self._connection
        assert process is not None and connection is not None

        def receive() -> None:
            ended: tuple[str, Any]
            try:
                while True:
                    wait([connection, process.sentinel])
                    kind, payload = connection.recv()
                    if kind != "page":
                        ended = (kind, payload)
                        break
                    with self._arrived:
                        self._received.append(payload)
                        self._arrived.notify_all()
            except (EOFError, OSError):
                ended = ("stopped", None)
            with self._arrived:
                self._ended = ended
                self._arrived.notify_all()

        self._receiver = threading.Thread(target=receive, name="pmo-hub-views-receiver", daemon=True)
        self._receiver.start()

    def _received_up_to(self, count: int, *, last: bool) -> list[GeneratedPage | None]:
        """The first ``count`` files the second process sent; waits for them (``last``: and for
        the process to say it is done, before it is kept for the next job or let go)."""
        assert self._process is not None
        with self._arrived:
            self._arrived.wait_for(lambda: self._ended is not None or (len(self._received) >= count and not last))
            received, ended = list(self._received[:count]), self._ended
        if len(received) == count and (not last or (ended is not None and ended[0] == "done")):
            return received
        try:
            if ended is None or ended[0] == "stopped":
                self._process.join()
                raise RuntimeError(
                    f"the views process stopped (exit code {self._process.exitcode}) before it sent the views"
                )
            if ended[0] == "error":
                raise RuntimeError(f"rendering the portfolio views failed:\n{ended[1]}")
            return received  # done with fewer files: _made says which are missing
        finally:
            self._close()

    def _close(self) -> None:
        global _kept
        if self._keep and self._process is not None and self._connection is not None and self._process.is_alive():
            _kept = (self._process, self._connection, self._portfolio.by_id)  # it waits for the next job
        else:
            if self._connection is not None:
                self._connection.close()
            if self._process is not None:
                self._process.join(timeout=5)
        self._process, self._connection = None, None


# The second process of a ViewsJob(keep_process=True) that finished, waiting for the next job,
# and the projects it holds (those of the last portfolio it was given).
_kept: tuple[multiprocessing.process.BaseProcess, Connection, dict[str, Project]] | None = None


def _pickled(job: object, held: dict[str, Project]) -> bytes:
    """``job`` pickled with each project the kept process holds as the same object named by id."""

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj: object) -> str | None:
            return obj.id if isinstance(obj, Project) and held.get(obj.id) is obj else None

    buffer = io.BytesIO()
    Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(job)
    return buffer.getvalue()


def _unpickled(data: bytes, held: dict[str, Project]) -> object:
    class Unpickler(pickle.Unpickler):
        def persistent_load(self, project_id: str) -> Project:
            return held[project_id]

    return Unpickler(io.BytesIO(data)).load()


def _render_and_send(
    connection: Connection,
    portfolio: Portfolio,
    settings: HubSettings,
    last: LastOutputs | None = None,
    *,
    close: bool = True,
) -> None:
    """The second process: send each page as soon as it is rendered (and let it go), then say it is
    done: neither process ever holds a copy of every page in one message."""
    try:
        for page in view_pages(portfolio, settings, last):
            connection.send(("page", page))
        message: tuple[str, object] = ("done", None)
    except BaseException:  # noqa: BLE001 (sent to the build, which raises it)
        message = ("error", traceback.format_exc())
    connection.send(message)
    if close:
        connection.close()


def _render_on_request(connection: Connection, portfolio: Portfolio, settings: HubSettings) -> None:
    """The kept second process: render, send, then wait for the next portfolio (the downloads'
    tables that did not change are not written again)."""
    last = LastOutputs()
    while True:
        _render_and_send(connection, portfolio, settings, last, close=False)
        try:
            job = connection.recv_bytes()
        except EOFError:  # the build process is gone
            return
        portfolio, settings = _unpickled(job, portfolio.by_id)  # type: ignore[misc]


def _start_method() -> Literal["fork", "spawn"]:
    # Forking copies the loaded portfolio for free, but a fork copies only the calling thread:
    # with others running (a server, a file watcher) a lock they hold would never be released.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


@contextmanager
def _core_importable() -> Iterator[None]:
    """Put this package's folder on ``sys.path`` while a spawned process starts.

    A spawned process imports the job's function by name, with the parent's ``sys.path``
    at start; MkDocs keeps the hooks' folder there only while it imports a hook.
    """
    folder = str(Path(__file__).resolve().parents[2])
    added = folder not in sys.path
    if added:
        sys.path.insert(0, folder)
    try:
        yield
    finally:
        if added and folder in sys.path:
            sys.path.remove(folder)
