"""The live preview: serve site/ at once, rebuild on every change, show a failed build's problems in the browser.

Threads: the main thread runs the builds one at a time, so Ctrl-C stops a build at once. livereload's server runs on
a tornado IO loop in its own thread, so a build never holds up a request; before the first build it serves the old
site/ or a "building…" page. `watchfiles` watches the editor's folders in a third thread, a burst of saves as one
change. livereload's own watcher stays idle (it does not catch callback errors and drops a reload within seconds of
the last); the browsers are signalled after each build from the loop's thread, the only one that may touch tornado."""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import socket
import stat
import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher as LivereloadWatcher
from tornado import ioloop
from tornado.web import HTTPError
from watchfiles import Change, watch

from .errorpage import LAST_GOOD, building_page, is_page_request, page_language, render_error_page, unfinished_claim, unfinished_page
from .i18n import N_, format_seconds, os_reason, translate
from .plan.desk import DESK
from .problems import Problem, ProblemsFound, format_report
from .reading import is_ignored
from .system import stop_on_signals

BuildFunction = Callable[[set[str] | None], list[Problem]]
"""Builds site/ given the paths changed since the last build (None: any); returns the warnings, raises ProblemsFound on errors."""

WATCHED = ("content", "seeds", "templates", "locales")
"""The editor's folders; never site/, .cache/ or the staging folders the build writes (no rebuild loops)."""

STEP_MS = 50
"""Changes are handed on once none came for this long: one save is built at once, a burst of saves in one build."""
DEBOUNCE_MS = 1600
"""A stream of changes that never pauses is handed on after this long all the same."""
FOLDER_CHECK_MS = 1000
"""How often the watcher looks whether an editor's folder was replaced whole, which its notices cannot tell."""


@dataclass(frozen=True)
class BuildState:
    """The outcome of the latest build: its number (0 before the first has ended) and, when it failed, its problems."""

    number: int = 0
    problems: tuple[Problem, ...] = ()
    failed: bool = False


class Preview:
    """The watched project and its builds, one at a time: asks during a build make exactly one more, seeing every change until it starts."""

    def __init__(self, root: Path, build: BuildFunction, lang: str, base_path: str = "/") -> None:
        self.root, self.build, self.lang = root, build, lang
        self.announce: Callable[[], None] = lambda: None
        """Tells the open pages to reload; called after each build."""
        self.base = base_path.strip("/")
        """The path of the address a plain build made site/ for, without slashes around it."""
        self.state = BuildState()
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.changes: set[str] | None = None
        """The paths changed since the last build began (None: any may have)."""
        self.lock = threading.Lock()

    @property
    def ready(self) -> bool:
        """Whether the preview's first build has ended (well or not)."""
        return self.state.number > 0

    def request(self, paths: set[str] | None = None) -> None:
        """Build once the build in progress, if any, is over; `paths` changed (None: any may have)."""
        with self.lock:
            self.changes = None if paths is None or self.changes is None else self.changes | paths
        self.wanted.set()

    def take_changes(self) -> set[str] | None:
        """The paths changed since the last build began, from now on gathered anew."""
        with self.lock:
            changes, self.changes = self.changes, set()
        return changes

    def stop(self) -> None:
        """Make `run` return once the build in progress, if any, is over."""
        self.stopping.set()
        self.wanted.set()

    def run(self) -> None:
        """Build at once and then whenever asked, each build followed by a reload signal to the open pages, until `stop`."""
        self.request()
        while True:
            # With a timeout: Ctrl-C's signal may reach another thread, and is raised here only when this thread runs.
            while not self.wanted.wait(0.2):
                pass
            if self.stopping.is_set():
                return
            self.wanted.clear()  # before building: a change saved from now on makes one more build
            changes = self.take_changes()
            self.state = run_build(partial(self.build, changes), self.root, self.lang, self.state.number + 1)
            self.announce()

    def site_path(self, path: str) -> str:
        """A requested path as a path in site/, without the path of a plain build's address in front."""
        if self.base and (path == self.base or path.startswith(self.base + "/")):
            return path[len(self.base) + 1 :]
        return path

    def error_page(self, path: str) -> bytes:
        return render_error_page(self.root, self.state.problems, self.state.number, page_language(path, self.lang), path)


def starts_build(root: str, change: Change, path: str) -> bool:
    """Whether a change at `path` starts a build: not if it, or a folder it is in below `root`, is ignored."""
    return not any(is_ignored(part) for part in os.path.relpath(path, root).split(os.sep))


def watch_folders(preview: Preview, stop: threading.Event) -> None:
    """Request a build after every change in the editor's folders until `stop`; a folder that comes, goes or is replaced
    whole (a checkout, a restore) is watched anew, and every file may have changed. Polls where notices fail (no inotify
    watches left)."""
    root, polling, known = os.path.abspath(preview.root), False, None
    while not stop.is_set():
        present = folder_identities(root)
        if known is not None and present != known:
            preview.request(None)
        known = present
        try:
            if not watch_until_replaced(preview, root, present, polling, stop):
                return
        except FileNotFoundError:  # a folder went between looking and watching: look again
            continue
        except Exception as error:
            if polling:
                raise  # the folders cannot even be read: the traceback says why
            polling = True
            message = translate(
                preview.lang, "The folders cannot be watched through the system's notices ({reason}); they are polled instead."
            )
            print(message.format(reason=error), file=sys.stderr)


def watch_until_replaced(preview: Preview, root: str, present: dict[str, tuple[int, int]], polling: bool, stop: threading.Event) -> bool:
    """Hand on the changes in the folders `present` until one of the editor's folders is not the one watched (True) or
    `stop` (False). Notices of a folder end with the folder itself, so what stands at its path is looked at every second."""
    if not present:
        return not stop.wait(FOLDER_CHECK_MS / 1000)
    with ExitStack() as held:  # each watched folder held open, so that a new one at its path cannot get its inode number
        for name in present:
            held.callback(os.close, os.open(os.path.join(root, name), os.O_RDONLY | os.O_DIRECTORY))
        for changes in watch(
            *(os.path.join(root, name) for name in present),
            watch_filter=partial(starts_build, root),
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
            stop_event=stop,
            force_polling=polling or None,  # None: notices unless WATCHFILES_FORCE_POLLING says otherwise
            rust_timeout=FOLDER_CHECK_MS,
            yield_on_timeout=True,
        ):
            if changes:
                preview.request({path for _, path in changes})
            if folder_identities(root) != present:
                return True
    return False


def folder_identities(root: str) -> dict[str, tuple[int, int]]:
    """The editor's folders that exist, each with its device and inode: a folder replaced whole has a new one."""
    identities = {}
    for name in WATCHED:
        with suppress(OSError):
            status = os.stat(os.path.join(root, name))
            if stat.S_ISDIR(status.st_mode):
                identities[name] = (status.st_dev, status.st_ino)
    return identities


def run_build(build: Callable[[], list[Problem]], root: Path, lang: str, number: int) -> BuildState:
    """Run one build and never let it fail the server: report in the terminal, keep the outcome."""
    started = time.perf_counter()
    try:
        warnings = build()
    except ProblemsFound as found:
        print(format_report(found.problems, root, lang), file=sys.stderr)
        print(translate(lang, "The build failed; the browser shows the problems. The last good site stays in site/."), file=sys.stderr)
        return BuildState(number, tuple(found.problems), True)
    except Exception as error:  # a bug in the generator must not stop the preview
        traceback.print_exc()
        message = N_("the build stopped on an internal error: {reason} — the details are in the terminal")
        return BuildState(number, (Problem("", 0, 0, message, (("reason", f"{type(error).__name__}: {error}"),)),), True)
    if warnings:
        print(format_report(list(warnings), root, lang), file=sys.stderr)
    print(translate(lang, "Rebuilt in {seconds} s").format(seconds=format_seconds(time.perf_counter() - started, lang)), file=sys.stderr)
    return BuildState(number, (), False)


class SiteHandler(StaticFileHandler):
    """Serves site/ (under the path of a plain build's address too); while the build is broken, page
    requests get the error page (status 500), and before the first build, a missing page the building page."""

    preview: Preview

    def initialize(self, path: str, default_filename: str | None = None, preview: Preview | None = None) -> None:
        super().initialize(path, default_filename)
        assert preview is not None
        self.preview = preview

    async def get(self, path: str, include_body: bool = True) -> None:
        path = self.preview.site_path(path)
        if self.preview.state.failed and is_page_request(path) and LAST_GOOD not in self.request.arguments:
            self.send_page(500, self.preview.error_page("/" + path))
            return
        await super().get(path, include_body)

    def decode_argument(self, value: bytes, name: str | None = None) -> str:
        """The requested path as text; one no file can have, with bytes that are not UTF-8 or a NUL byte, is a missing page
        (tornado would answer a bare 400 for the bytes, and fail in os.path with a traceback on the NUL)."""
        if name is not None:  # a query argument
            return str(super().decode_argument(value, name))
        try:
            path = value.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPError(404) from None
        if "\0" in path:
            raise HTTPError(404)
        return path

    def get_content_size(self) -> int:
        """The size of the bytes this answer sends, read here once: a build may replace the file while it is served, and
        tornado would take the size of one version and the bytes of the next (an answer cut short)."""
        try:
            self.snapshot = Path(self.absolute_path).read_bytes()
        except OSError:  # removed by a build since tornado found it
            raise HTTPError(404) from None
        return len(self.snapshot)

    def get_content(self, abspath: str, start: int | None = None, end: int | None = None) -> bytes:
        return self.snapshot[start:end]

    def compute_etag(self) -> None:
        """No entity tag (tornado hashes the file again for it): pages are never cached (`Cache-Control: no-store`)."""
        return None

    def set_extra_headers(self, path: str) -> None:
        """Never let the browser keep a page the next build replaces."""
        self.set_header("Cache-Control", "no-store")

    def send_page(self, status: int, page: bytes) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(page)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """For a missing address, the building page while there may be no site yet (before the first build, or with
        site/ removed meanwhile, which starts one), then the site's own 404 page."""
        if status_code == 403:  # tornado's refusal of an address leading out of site/ or to no file (a folder without
            status_code = 404  # index.html): no page is there, as on the published site, which answers its 404 page
        path = self.preview.site_path(self.request.path.lstrip("/"))
        not_found = Path(self.root) / "404.html"
        gone = self.preview.ready and not Path(self.root).is_dir()
        if gone:
            self.preview.request(None)
        page = Path(self.root, path)  # put in place by a build while this request looked (an address out of site/ never is)
        arrived = ".." not in page.parts and ((page / "index.html").is_file() or page.is_file())
        if status_code == 404 and (gone or arrived or not self.preview.ready) and is_page_request(path):
            self.set_header("Retry-After", "1")
            self.send_page(503, building_page(page_language(path, self.preview.lang)))
        elif status_code == 404 and is_page_request(path) and (draft := unfinished_claim(self.preview.root, path)):
            lang = page_language(path, self.preview.lang)
            desk = f"/{lang}/{DESK}" if Path(self.root, lang, DESK).is_dir() else "/" + DESK  # the default language's is /_desk/
            self.send_page(404, unfinished_page(lang, draft, desk))
        elif status_code == 404 and not_found.is_file():
            self.send_page(404, not_found.read_bytes())
        else:
            super().write_error(status_code, **kwargs)


class IdleWatcher(LivereloadWatcher):
    """livereload's watcher, kept idle: `watch_folders` watches and the preview signals the browsers itself."""

    def examine(self) -> tuple[None, None]:
        return None, None


class PreviewServer(Server):
    """livereload's server with the site handler in place of its plain static handler."""

    def __init__(self, preview: Preview):
        super().__init__(watcher=IdleWatcher())
        self.preview = preview
        self.watch(str(preview.root / "content"))  # registered so that livereload does not watch the working directory

    def _setup_logging(self) -> None:
        super()._setup_logging()
        logging.getLogger("livereload").setLevel(logging.WARNING)  # the preview says where it serves, in the editor's language
        logging.getLogger("tornado.access").disabled = True  # “[E …] 500 GET /…” for each error page: the build's report says why

    def get_web_handlers(self, script: bytes) -> list[Any]:
        site = str(self.preview.root / "site")
        return [(r"/(.*)", SiteHandler, {"path": site, "default_filename": "index.html", "preview": self.preview})]


def production_base_path(root: Path, base_url: str | None = None) -> str:
    """The path of the address a plain build makes site/ for: that of `base_url` if given, else of
    content/site.yaml's; "/" when neither can be read (the build reports broken settings itself)."""
    if base_url is None:
        try:
            base_url = yaml.safe_load((root / "content" / "site.yaml").read_text(encoding="utf-8")).get("base_url")
        except Exception:  # any broken or missing settings: serve at the root only
            base_url = None
    path = urlsplit(base_url).path.strip("/") if isinstance(base_url, str) else ""
    return f"/{path}/" if path else "/"


def start_server(server: PreviewServer, host: str, port: int) -> ioloop.IOLoop:
    """Run livereload's server on an IO loop in a thread of its own; its loop, once it listens."""
    listening: Future[ioloop.IOLoop] = Future()

    def run() -> None:
        try:
            asyncio.set_event_loop(asyncio.new_event_loop())
            loop = ioloop.IOLoop.current()
            loop.add_callback(listening.set_result, loop)  # called once the loop runs, after the port was taken
            server.serve(port=port, host=host, root=str(server.preview.root / "site"), open_url_delay=None, restart_delay=0)
        except BaseException as error:  # e.g. the port is taken: raised in the main thread
            if not listening.done():
                listening.set_exception(error)

    threading.Thread(target=run, name="preview-server", daemon=True).start()
    return listening.result()


def serve(root: Path, build: BuildFunction, host: str, port: int, lang: str, base_path: str = "/") -> int:
    """Serve site/ at http://host:port/ (and under `base_path`), rebuild on every change, reload open pages; Ctrl-C stops it (exit 0)."""
    stop_on_signals()  # even when started in the background, Ctrl-C stops it
    stop, loop = threading.Event(), None
    preview = Preview(root, build, lang, base_path)
    try:
        try:
            loop = start_server(PreviewServer(preview), host, port)
        except OSError as refused:  # the port is taken, or the address is not this machine's
            template = N_("cannot listen on {host}:{port}: {reason} — stop what uses it, or choose another port with --port")
            if refused.errno == errno.EADDRINUSE:
                template = N_("cannot listen on {host}:{port}: the port is in use — stop what uses it, or choose another port with --port")
            elif isinstance(refused, socket.gaierror) or refused.errno == errno.EADDRNOTAVAIL:
                template = N_("cannot listen on {host}:{port}: not an address of this machine — give --host one of its, e.g. 127.0.0.1")
            message = translate(lang, template)
            print(message.format(host=host, port=port, reason=translate(lang, os_reason(refused))), file=sys.stderr)
            return 1
        preview.announce = partial(loop.add_callback, LiveReloadHandler.reload_waiters, "*")
        threading.Thread(target=watch_folders, args=(preview, stop), name="preview-watch", daemon=True).start()
        started = translate(lang, "Preview at http://{host}:{port}/ — edit and save, the page reloads; Ctrl-C stops.")
        print(started.format(host=host, port=port), file=sys.stderr)
        preview.run()  # in the main thread, which Ctrl-C interrupts: a build in progress stops at once
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if loop is not None:
            loop.add_callback(loop.stop)  # livereload then closes the sockets
    print(translate(lang, "Preview stopped."), file=sys.stderr)
    return 0
