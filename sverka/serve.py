"""The live preview: rebuild on every change, serve site/, show a failed build's problems in the browser.

livereload gives the websocket, the reload script and static files; two of its habits are worked
around here: its watcher runs the rebuild callback without catching errors, and it drops a reload
that comes within a few seconds of the previous one. So its watcher is kept idle, this module polls
the editor's folders itself (with a debounce, so a burst of saves makes one build), catches every
failure of the build, and signals the browsers directly after each build. Where the kernel sends
notices of changes (Linux), it looks again only at the files they name (`Watcher`).
"""

from __future__ import annotations

import gc
import html
import os
import signal
import stat
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher as LivereloadWatcher
from tornado import ioloop

from .i18n import LANGUAGES, N_, Messages, load_messages, translate
from .notices import IN_ISDIR, IN_Q_OVERFLOW, LISTING_CHANGED, LOST, Notice, Notices, open_notices
from .problems import Problem, ProblemsFound, format_report, read_line

Signature = tuple[int, int, int, int]


def signature_of(stat: os.stat_result) -> Signature:
    """A file's size, modification time, change time and inode."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


@dataclass(frozen=True)
class Look:
    """The signature of every file in the editor's folders."""

    files: dict[str, Signature]
    taken_ns: int = field(compare=False)
    folders: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)


BuildFunction = Callable[[Look], list[Problem]]
"""Builds and publishes site/ from the files as the look saw them; returns the warnings, raises ProblemsFound on errors."""

WATCHED = ("content", "seeds", "templates", "locales")
"""The editor's folders; never site/ or the staging folders the build writes (no rebuild loops)."""

POLL_SECONDS = 0.1
"""The shortest pause between two looks at the watched folders."""
WATCH_SHARE = 0.2
"""The largest share of a core that looking at the folders may take: a look at tens of thousands of
files takes tens of milliseconds, and the pause after it grows to match."""
DEBOUNCE_SECONDS = 0.3
"""A change starts a build only once the folders have been quiet this long."""
WHOLE_LOOK_SHARE = 0.05
"""With the kernel's notices, the largest share of a core that looking at every file anyway may take
(see `Watcher`)."""
WHOLE_LOOK_SECONDS = 2.0
"""With the kernel's notices, the shortest time between two looks at every file."""

ERROR_TEMPLATE = "build-error.html"
LAST_GOOD = "last-good"
"""The query parameter that shows the last good version of a page while the build is broken."""


@dataclass(frozen=True)
class BuildState:
    """The outcome of the latest build: its number and, when it failed, its problems."""

    number: int = 0
    problems: tuple[Problem, ...] = ()
    failed: bool = False


@dataclass
class Preview:
    """The watched project and the state of its latest build."""

    root: Path
    build: BuildFunction
    lang: str
    state: BuildState = field(default_factory=BuildState)
    watcher: Watcher = field(init=False)
    """What looks at the folders (with the kernel's notices, where there are any)."""
    seen: Look = field(default_factory=lambda: Look({}, 0))
    built: Look = field(default_factory=lambda: Look({}, 0))
    changed_at: float = 0.0
    look_seconds: float = 0.0
    """How long the last look at the folders took."""

    def __post_init__(self) -> None:
        self.watcher = Watcher(self.root, open_notices())

    def tick(self) -> None:
        """Called after each pause (`pause`): rebuild once the folders changed and then stayed quiet."""
        started = time.monotonic()
        current = self.watcher.look()
        now = time.monotonic()
        self.look_seconds = now - started
        if current != self.seen:
            self.seen, self.changed_at = current, now
            return
        if current != self.built and now - self.changed_at >= DEBOUNCE_SECONDS:
            self.rebuild(current)
            LiveReloadHandler.reload_waiters("*")

    def pause(self) -> float:
        """Seconds until the next look: POLL_SECONDS, or longer when looking takes more than WATCH_SHARE of a core."""
        return max(POLL_SECONDS, self.look_seconds * (1 - WATCH_SHARE) / WATCH_SHARE)

    def rebuild(self, current: Look) -> None:
        """Build from the files as the look saw them and remember the outcome."""
        self.built = self.seen = current
        self.state = run_build(lambda: self.build(current), self.root, self.lang, self.state.number + 1)

    def error_page(self, path: str) -> bytes:
        """The page a browser gets while the build is broken."""
        return render_error_page(self.root, self.state, page_language(path, self.lang), path)


def settle_heap() -> None:
    """One full garbage collection, after the first build and before any edit: the collector's next full
    collection then waits until the heap has grown by a quarter. Without it, one came during the first
    rebuild after an edit, walking the whole project kept in memory (0.4 s at N = 10,000)."""
    gc.collect()


def snapshot(root: Path) -> Look:
    """The signature of every file in the watched folders (see `memory.Look`, which the build is given).

    As `os.walk` would list them (folders linked to are not entered), but with the signature of each
    file read from its directory entry: at N = 10,000 the look took 55 ms through `os.walk`, and the
    `stat` calls themselves 20 ms of it."""
    taken = time.time_ns()
    found: dict[str, Signature] = {}
    listed: dict[str, tuple[str, ...]] = {}
    folders = [str(root / folder) for folder in WATCHED]
    while folders:
        folder = folders.pop()
        try:
            entries = os.scandir(folder)
        except OSError:  # no such folder, or removed meanwhile
            continue
        names = []
        with entries:
            for entry in entries:
                names.append(entry.name)
                if is_ignored(entry.name):
                    continue
                try:
                    if entry.is_dir():
                        if not entry.is_symlink():
                            folders.append(entry.path)
                        continue
                    info = entry.stat()
                except OSError:  # deleted between listing and reading
                    continue
                found[entry.path] = signature_of(info)
        listed[folder] = tuple(names)
    return Look(found, taken, listed)


class Watcher:
    """Looks at the editor's folders: the signature of every file in them, as `snapshot` gives it.

    With the kernel's notices of changes (`notices.open_notices`), a look reads the notices that came
    since the last one and looks again only at the files they name, and lists again a folder whose
    entries changed; with no notice, it is the last look. It looks at every file (`snapshot`) the first
    time, when a folder was made, removed or moved, when notices were dropped, and every now and then
    anyway (WHOLE_LOOK_SECONDS, or longer for a large project: at most WHOLE_LOOK_SHARE of a core), so
    that a change on a file system that sends no notices (some network and shared folders) is seen all
    the same, only later. Without notices, every look looks at every file. At N = 10,000 a look at every
    file takes 35–70 ms; one after an edit, under a millisecond.
    """

    def __init__(self, root: Path, notices: Notices | None) -> None:
        self.root = root
        self.notices = notices
        self.last: Look | None = None
        self.whole_seconds = 0.0
        """How long the last look at every file took."""
        self.whole_at = 0.0
        """When it was taken (`time.monotonic`)."""

    def look(self) -> Look:
        """The signature of every file in the watched folders now (see `memory.Look`)."""
        if self.notices is None or self.last is None:
            return self.whole()
        # Notices of a folder no longer watched (moved out of the project), from before its watch was removed, tell nothing.
        found = [notice for notice in self.notices.read() if notice[0] in self.notices.folders or notice[1] & IN_Q_OVERFLOW]
        pause = max(WHOLE_LOOK_SECONDS, self.whole_seconds * (1 - WHOLE_LOOK_SHARE) / WHOLE_LOOK_SHARE)
        if time.monotonic() - self.whole_at >= pause or any(self.uncovered(notice) for notice in found):
            return self.whole()
        return self.updated(self.last, found) if found else self.last

    def uncovered(self, notice: Notice) -> bool:
        """Whether after a notice the watches may not cover every folder, or notices were dropped."""
        _, mask, name = notice
        return bool(mask & LOST) or bool(mask & IN_ISDIR and mask & LISTING_CHANGED and not is_ignored(name))

    def whole(self) -> Look:
        """A look at every file, with every folder it found watched: those of the last look before it (so
        that nothing changes in them unnoticed meanwhile), and then any new ones, looking again."""
        if self.notices is not None and self.last is not None:
            self.watch(list(self.last.folders))
        for _ in range(3):  # folders made while looking: watched, then looked at again (a fourth time: later)
            started = time.monotonic()
            look = snapshot(self.root)
            self.whole_at = time.monotonic()
            self.whole_seconds = self.whole_at - started
            if self.notices is None or set(look.folders) <= set(self.notices.folders.values()):
                break
            self.watch(list(look.folders))
        self.last = look
        return look

    def watch(self, folders: list[str]) -> None:
        """Watch these folders; if the kernel refuses (it has no watches left), look at every file from now on."""
        if self.notices is None:
            return
        try:
            self.notices.watch(folders)
        except OSError:
            self.notices.close()
            self.notices = None

    def updated(self, last: Look, found: list[Notice]) -> Look:
        """The last look, with the files the notices name looked at again and their folders listed again."""
        assert self.notices is not None
        taken = time.time_ns()
        files, listed = dict(last.files), dict(last.folders)
        named: set[str] = set()
        relisted: set[str] = set()  # once each: an editor's save by rename alone brings three such notices
        for number, mask, name in found:
            folder = self.notices.folders[number]
            if mask & LISTING_CHANGED:
                relisted.add(folder)
            if name and not is_ignored(name):
                named.add(os.path.join(folder, name))
        for folder in relisted:
            with suppress(OSError):  # removed meanwhile: its own notice makes the next look a whole one
                listed[folder] = tuple(os.listdir(folder))
        for path in named:
            try:
                info = os.stat(path)
            except OSError:  # removed
                files.pop(path, None)
                continue
            if stat.S_ISDIR(info.st_mode):  # a folder linked to: not entered, as `snapshot` does not
                files.pop(path, None)
            else:
                files[path] = signature_of(info)
        self.last = Look(files, taken, listed)
        return self.last


def is_ignored(name: str) -> bool:
    """Editors' swap and backup files, hidden files and caches start no build."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".pyc")) or name == "__pycache__"


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
        problem = Problem(
            "",
            0,
            0,
            N_("the build stopped on an internal error: {reason} — the details are in the terminal"),
            (("reason", f"{type(error).__name__}: {error}"),),
        )
        return BuildState(number, (problem,), True)
    if warnings:
        print(format_report(list(warnings), root, lang), file=sys.stderr)
    print(translate(lang, "Rebuilt in {seconds:.2f} s").format(seconds=time.perf_counter() - started), file=sys.stderr)
    return BuildState(number, (), False)


def page_language(path: str, fallback: str) -> str:
    """The language of the page at a URL path: its first segment, /ru/… or /en/…."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else fallback


def is_page_request(path: str) -> bool:
    """Whether a URL path asks for a page (not a stylesheet, image or data file)."""
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith(".html") or "." not in name


def other_language_path(path: str, lang: str) -> str | None:
    """The same page in the other language, when the path starts with a language."""
    parts = path.lstrip("/").split("/", 1)
    if parts[0] not in LANGUAGES:
        return None
    other = next(code for code in LANGUAGES if code != lang)
    return "/" + other + "/" + (parts[1] if len(parts) > 1 else "")


def problem_view(problem: Problem, root: Path, lang: str) -> dict[str, Any]:
    """What the error page shows of one problem: where, what, and the offending line."""
    excerpt = read_line(root, problem.path, problem.line) if problem.path else None
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "warning": problem.severity != "error",
        "message": problem.message(lang),
        "excerpt": excerpt.rstrip("\n") if excerpt is not None else None,
        "caret": " " * max(0, min(problem.column - 1, len(excerpt or ""))) + "^",
    }


def error_context(root: Path, state: BuildState, lang: str, path: str) -> dict[str, Any]:
    """The variables of the error page template."""
    problems = [problem_view(p, root, lang) for p in sorted(state.problems)]
    return {
        "lang": lang,
        "problems": problems,
        "errors": sum(1 for p in problems if not p["warning"]),
        "build_number": state.number,
        "stylesheet": "/static/style.css",
        "last_good": f"{path}?{LAST_GOOD}",
        "other_language": other_language_path(path, lang),
    }


def error_messages(root: Path, lang: str) -> Messages:
    """The catalog of `lang` for the error page; English msgids when the catalog cannot be read."""
    try:
        return load_messages(root / "locales", lang)
    except Exception:  # the catalog itself may be what the editor just broke
        return Messages(lang, {}, {}, lambda n: 0 if n == 1 else 1)


def render_error_page(root: Path, state: BuildState, lang: str, path: str) -> bytes:
    """The build's problems as a page styled like the site (a plain page if the template itself fails)."""
    context = error_context(root, state, lang, path)
    messages = error_messages(root, lang)
    try:
        env = Environment(
            loader=FileSystemLoader(str(root / "templates")),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_gettext_callables(messages.gettext, messages.ngettext, newstyle=True)  # type: ignore[attr-defined]
        return env.get_template(ERROR_TEMPLATE).render(context).encode("utf-8")
    except Exception as error:  # the template may be what the editor just broke
        return plain_error_page(context, f"templates/{ERROR_TEMPLATE}: {error}")


def plain_error_page(context: dict[str, Any], reason: str) -> bytes:
    """A minimal error page that needs no template."""
    items = "".join(
        f"<li><code>{html.escape(p['path'])}:{p['line']}:{p['column']}</code> {html.escape(p['message'])}"
        + (f"<pre>{html.escape(p['excerpt'])}\n{p['caret']}</pre>" if p["excerpt"] is not None else "")
        + "</li>"
        for p in context["problems"]
    )
    return (
        f'<!DOCTYPE html><html lang="{context["lang"]}"><head><meta charset="utf-8"><title>Build failed</title>'
        f'<link rel="stylesheet" href="{context["stylesheet"]}"></head><body><main><h1>Build failed</h1>'
        f"<ul>{items}</ul><p>{html.escape(reason)}</p></main></body></html>"
    ).encode()


class SiteHandler(StaticFileHandler):
    """Serves site/; while the build is broken, page requests get the error page (status 500)."""

    preview: Preview

    def initialize(self, path: str, default_filename: str | None = None, preview: Preview | None = None) -> None:  # type: ignore[override]
        super().initialize(path, default_filename)
        assert preview is not None
        self.preview = preview

    async def get(self, path: str, include_body: bool = True) -> None:
        """A file of the last good build, or the error page while broken."""
        state = self.preview.state
        if state.failed and is_page_request(path) and LAST_GOOD not in self.request.arguments:
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(self.preview.error_page(self.request.path) if include_body else b"")
            return
        await super().get(path, include_body)

    def set_extra_headers(self, path: str) -> None:
        """Never let the browser keep a page the next build replaces."""
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """The site's own 404 page for a missing address."""
        not_found = Path(self.root) / "404.html"
        if status_code == 404 and not_found.is_file():
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(not_found.read_bytes())
            return
        super().write_error(status_code, **kwargs)


class IdleWatcher(LivereloadWatcher):
    """livereload's watcher, kept idle: Preview.tick watches and rebuilds instead."""

    def examine(self) -> tuple[None, None]:
        """Report no change, so livereload never runs or throttles anything itself."""
        return None, None


class PreviewServer(Server):
    """livereload's server with the site handler in place of its plain static handler."""

    def __init__(self, preview: Preview):
        super().__init__(watcher=IdleWatcher())
        self.preview = preview

    def get_web_handlers(self, script: bytes) -> list[Any]:
        """Route every address to the site handler."""
        site = str(self.preview.root / "site")
        return [(r"/(.*)", SiteHandler, {"path": site, "default_filename": "index.html", "preview": self.preview})]


def serve(root: Path, build: BuildFunction, host: str, port: int, lang: str) -> int:
    """Build, serve site/ at http://host:port/, rebuild on every change; Ctrl-C stops it (exit 0)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background, Ctrl-C stops it
    try:
        preview = Preview(root, build, lang)
        preview.rebuild(preview.watcher.look())
        settle_heap()
        server = PreviewServer(preview)
        server.watch(str(root / "content"))  # registered so that livereload does not watch the working directory
        loop = ioloop.IOLoop.current()

        def look() -> None:
            try:
                preview.tick()
            finally:  # a failed look (reported by the loop) does not stop the watching
                loop.call_later(preview.pause(), look)

        loop.call_later(POLL_SECONDS, look)
        print(
            translate(lang, "Preview at http://{host}:{port}/ — edit and save, the page reloads; Ctrl-C stops.").format(
                host=host, port=port
            ),
            file=sys.stderr,
        )
        server.serve(port=port, host=host, root=str(root / "site"), open_url_delay=None, restart_delay=0)
    except KeyboardInterrupt:
        pass
    print(translate(lang, "Preview stopped."), file=sys.stderr)
    return 0
