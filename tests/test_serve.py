"""The live preview: it serves at once, rebuilds on edits, tells open pages to reload, survives bad edits and stops on Ctrl-C."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO, interruptible, run_cli, write
from htmltree import Element, parse_html
from livereload.handlers import LiveReloadHandler
from tornado.websocket import websocket_connect
from watchfiles import Change

from sverka import serve as serving
from sverka.errorpage import building_page, is_page_request, other_language_path, page_language
from sverka.problems import Problem
from sverka.serve import production_base_path, starts_build

pytestmark = pytest.mark.slow
TIMEOUT = 20.0
CLAIM = "content/claims/talks-date.yaml"
CLAIM_PAGE = "/en/claims/talks-date/"
HEADLINE = "The talks in Pyongyang took place on 6 November"
PUBLISHED_AT = "https://example.github.io/sverka/"
"""A production address with a path, as a project site on GitHub Pages has."""

Answer = tuple[int, dict[str, str], str]


def fetch(port: int, path: str) -> Answer:
    """Status, headers and body of an address of a server on this machine."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=TIMEOUT) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode("utf-8")


@dataclass
class Preview:
    """A running `build.py serve` on a throwaway project."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def get(self, path: str) -> tuple[int, str]:
        """Status and body of a page."""
        status, _, body = fetch(self.port, path)
        return status, body

    def builds(self) -> int:
        """How many builds the server has finished, successful or not."""
        text = self.log.read_text(encoding="utf-8")
        return text.count("Rebuilt in") + text.count("The build failed")


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Poll until `condition` holds, or fail naming `what`."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def answers(preview: Preview, path: str) -> bool:
    """Whether the server answers at all."""
    try:
        preview.get(path)
        return True
    except OSError:
        return False


@contextmanager
def started_preview(project: Path, log: Path) -> Iterator[Preview]:
    """`build.py serve` on a free port, once it answers (its first build may still run); stopped with SIGINT afterwards."""
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--root", str(project), "--lang", "en", "serve", "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            preexec_fn=interruptible,
        )
    running = Preview(process, port, log)
    try:
        wait_for(lambda: process.poll() is not None or answers(running, "/"), "the server to start")
        assert process.poll() is None, log.read_text(encoding="utf-8")
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(TIMEOUT)


@pytest.fixture
def preview(project: Path, tmp_path: Path) -> Iterator[Preview]:
    """A preview whose first build is over."""
    with started_preview(project, tmp_path / "serve.log") as running:
        wait_for(lambda: running.builds() >= 1, "the first build")
        yield running


def heading(page: str) -> str:
    """The text of a page's first-level heading."""
    h1 = parse_html(page).find("h1")
    assert h1 is not None
    return " ".join(h1.text().split())


def edit_headline(project: Path, text: str) -> None:
    """Change the English headline of the fixture claim."""
    claim = project / CLAIM
    source = claim.read_text(encoding="utf-8")
    old = f"en: {HEADLINE}"
    assert old in source
    claim.write_text(source.replace(old, f"en: {text}"), encoding="utf-8")


def publish_at(project: Path, address: str) -> None:
    """Set the address the project is published at in content/site.yaml."""
    settings = project / "content/site.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "base_url: https://example.org/" in text
    settings.write_text(text.replace("base_url: https://example.org/", f"base_url: {address}"), encoding="utf-8")


async def reload_after(port: int, change: Callable[[], None]) -> dict[str, object]:
    """Connect as livereload.js does, make a change, and return the reload message the server sends."""
    connection = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    try:
        await connection.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        hello = json.loads(await asyncio.wait_for(connection.read_message(), TIMEOUT) or "{}")
        assert hello["command"] == "hello"
        await connection.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}{CLAIM_PAGE}"}))
        await asyncio.sleep(0.3)
        change()
        message = json.loads(await asyncio.wait_for(connection.read_message(), TIMEOUT) or "{}")
        return dict(message)
    finally:
        connection.close()
        while await asyncio.wait_for(connection.read_message(), TIMEOUT) is not None:
            pass  # until the server has closed its side too: no socket is left for the garbage collector


def reload_message(port: int, change: Callable[[], None]) -> dict[str, object]:
    """Make a change and return the reload message the open page would receive."""
    return asyncio.run(reload_after(port, change))


# --- the preview as an editor runs it (`build.py serve`) -------------------------------------------


def test_the_preview_serves_the_built_site_with_the_reload_script(preview: Preview) -> None:
    status, page = preview.get(CLAIM_PAGE)
    assert status == 200
    assert heading(page) == HEADLINE
    scripts = [s.text() for s in parse_html(page).find_all("script")]
    assert any("livereload.js" in script for script in scripts)


def test_an_edit_is_rebuilt_and_the_open_page_is_told_to_reload(preview: Preview, project: Path) -> None:
    message = reload_message(preview.port, lambda: edit_headline(project, "Edited headline"))
    assert message["command"] == "reload"
    status, page = preview.get(CLAIM_PAGE)
    assert (status, heading(page)) == (200, "Edited headline")


def test_a_page_replaced_while_it_is_served_is_sent_whole(preview: Preview, project: Path) -> None:
    # a build replaces files while the browser loads them: each answer is one version, whole, never cut short
    versions = [f"<!doctype html><title>v</title><p>{'a' * size}</p>\n".encode() for size in (100, 5000)]
    page, stop = project / "site/race.html", threading.Event()

    def replace_again() -> None:
        for number in itertools.count():
            if stop.is_set():
                return
            staged = page.with_name(f".race-{number % 2}")
            staged.write_bytes(versions[number % 2])
            os.replace(staged, page)

    page.write_bytes(versions[0])
    replacing = threading.Thread(target=replace_again)
    replacing.start()
    try:
        bodies = [preview.get("/race.html")[1].encode() for _ in range(300)]
    finally:
        stop.set()
        replacing.join()
    assert set(bodies) <= set(versions)


@pytest.mark.parametrize("folder", ["content", "templates"])
def test_a_folder_replaced_whole_is_watched_again(preview: Preview, project: Path, folder: str) -> None:
    # what `rm -rf content && git checkout -- content` does: notices of the old folder end with it, and the new
    # folder may be given the old one's inode number
    shutil.copytree(project / folder, project.parent / "kept")
    shutil.rmtree(project / folder)
    shutil.copytree(project.parent / "kept", project / folder)
    wait_for(lambda: preview.builds() >= 2, "the build after the folder was replaced")
    edit_headline(project, "Edited after the folder came back")
    wait_for(lambda: heading(preview.get(CLAIM_PAGE)[1]) == "Edited after the folder came back", "the edit in the new folder")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_second_preview_of_the_project_is_refused_naming_the_running_one(preview: Preview, project: Path, lang: str) -> None:
    command = [sys.executable, str(REPO / "build.py"), "--root", str(project), "--lang", lang, "serve", "--port", str(free_port())]
    second = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    assert second.returncode == 1
    said = {"en": "a preview of this project is already running at", "ru": "предпросмотр этого проекта уже запущен по адресу"}
    assert f"{said[lang]} http://127.0.0.1:{preview.port}/" in second.stderr
    assert preview.get(CLAIM_PAGE)[0] == 200  # the first goes on


def test_a_site_folder_removed_while_serving_is_built_again_when_a_page_is_asked_for(preview: Preview, project: Path) -> None:
    # the first search index moves into site/ when it is done: removing the folder meanwhile would race with it
    wait_for(lambda: index_hash(project) is not None and not (project / ".site.search").exists(), "the first search index")
    shutil.rmtree(project / "site")
    status, page = preview.get(CLAIM_PAGE)
    assert status == 503 and "building" in page.lower()  # the page that reloads by itself, not a bare 404
    wait_for(lambda: preview.get(CLAIM_PAGE)[0] == 200, "the site built again")
    assert heading(preview.get(CLAIM_PAGE)[1]) == HEADLINE


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_address_of_a_check_not_finished_yet_says_where_its_missing_fields_are_listed(
    preview: Preview, project: Path, lang: str
) -> None:
    assert run_cli(project, "new", "claim", "fresh").returncode == 0
    address = f"/{lang}/claims/fresh/"
    wait_for(lambda: preview.get(address)[0] == 404 and "fresh.yaml" in preview.get(address)[1], "the notice of the unfinished check")
    status, page = preview.get(address)
    tree = parse_html(page)
    assert status == 404 and tree.find("html").get("lang") == lang
    title = {"en": "This check is not finished yet", "ru": "Эта проверка ещё не готова"}[lang]
    assert heading(page) == title and "content/claims/fresh.yaml" in page
    assert [a.get("href") for a in tree.find_all("a")] == [{"ru": "/_desk/", "en": "/en/_desk/"}[lang]]  # the desk in the page's language
    assert "livereload.js" in page  # it reloads, and becomes the check once the check loads
    assert preview.get("/en/claims/nowhere/")[0] == 404 and "not finished" not in preview.get("/en/claims/nowhere/")[1]


def test_two_quick_edits_in_a_row_are_both_signalled(preview: Preview, project: Path) -> None:
    reload_message(preview.port, lambda: edit_headline(project, "First edit"))
    source = (project / CLAIM).read_text(encoding="utf-8")
    second = reload_message(preview.port, lambda: write(project, CLAIM, source.replace("First edit", "Second edit")))
    assert second["command"] == "reload"
    assert heading(preview.get(CLAIM_PAGE)[1]) == "Second edit"


def test_a_burst_of_saves_ends_in_one_build_that_includes_all_of_them(preview: Preview, project: Path) -> None:
    assert preview.builds() == 1
    edit_headline(project, "Burst one")
    about = project / "content/pages/about.yaml"
    about.write_text(about.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    source = (project / CLAIM).read_text(encoding="utf-8")
    write(project, CLAIM, source.replace("Burst one", "Burst two"))
    wait_for(lambda: preview.builds() == 2, "the rebuild")
    time.sleep(1.0)
    assert preview.builds() == 2
    assert heading(preview.get(CLAIM_PAGE)[1]) == "Burst two"


def index_hash(project: Path) -> str | None:
    """The hash of the English search index the preview serves, if there is one."""
    try:
        entry = json.loads((project / "site/pagefind/en/pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return str(entry["languages"]["en"]["hash"])


def test_the_search_index_follows_an_edit_without_holding_up_the_reload(preview: Preview, project: Path) -> None:
    wait_for(lambda: index_hash(project) is not None, "the first search index")
    first = index_hash(project)
    message = reload_message(preview.port, lambda: edit_headline(project, "Searchable headline"))
    assert message["command"] == "reload"
    wait_for(lambda: index_hash(project) not in (None, first), "the search index of the edited site")
    assert not (project / ".site.search").exists()


def problem_items(page: str) -> list[Element]:
    """The listed problems of the error page."""
    return parse_html(page).find_all("li", class_="problem")


def test_a_bad_edit_shows_the_problems_keeps_the_last_good_site_and_a_fix_brings_it_back(preview: Preview, project: Path) -> None:
    good = (project / CLAIM).read_text(encoding="utf-8")
    message = reload_message(preview.port, lambda: write(project, CLAIM, good.replace("verdict: confirmed", "verdict: confimred")))
    assert message["command"] == "reload"

    status, page = preview.get(CLAIM_PAGE)
    assert status == 500
    document = parse_html(page)
    assert document.find("html") is not None and document.find("html").get("lang") == "en"  # type: ignore[union-attr]
    assert any(link.get("href") == "/static/style.css" for link in document.find_all("link"))
    [problem] = problem_items(page)
    location = problem.find("code", class_="location")
    assert location is not None and location.text().startswith(f"{CLAIM}:")
    assert "confimred" in problem.find("p", class_="message").text()  # type: ignore[union-attr]
    excerpt = problem.find("pre", class_="excerpt")
    assert excerpt is not None and "verdict: confimred" in excerpt.text()

    status, russian = preview.get("/ru/claims/talks-date/")
    assert status == 500 and parse_html(russian).find("html").get("lang") == "ru"  # type: ignore[union-attr]
    assert heading(russian) != heading(page)

    last_good = document.find("a", class_="last-good")
    assert last_good is not None
    status, old = preview.get(last_good.get("href") or "")
    assert (status, heading(old)) == (200, HEADLINE)
    assert preview.get("/static/style.css")[0] == 200

    message = reload_message(preview.port, lambda: write(project, CLAIM, good.replace("took place on 6 November", "fixed")))
    assert message["command"] == "reload"
    status, page = preview.get(CLAIM_PAGE)
    assert (status, heading(page)) == (200, "The talks in Pyongyang fixed")
    # the terminal says what the build found, in the editor's language; the web server's English access log (“[E … 500 GET”,
    # which reads like an error in the editor's files) is not there
    assert not re.search(r"^\[[EWI] \d", preview.log.read_text(encoding="utf-8"), re.MULTILINE)


def test_ctrl_c_stops_the_preview_cleanly(preview: Preview) -> None:
    preview.process.send_signal(signal.SIGINT)
    assert preview.process.wait(TIMEOUT) == 0
    log = preview.log.read_text(encoding="utf-8")
    assert "Traceback" not in log and "Preview stopped." in log


def test_ctrl_c_during_the_first_build_stops_the_preview_cleanly(project: Path, tmp_path: Path) -> None:
    with started_preview(project, tmp_path / "serve.log") as running:
        running.process.send_signal(signal.SIGINT)  # at once: the first build has most likely not ended
        assert running.process.wait(TIMEOUT) == 0
    log = running.log.read_text(encoding="utf-8")
    assert "Traceback" not in log and "Preview stopped." in log


def test_swap_files_and_the_builds_own_output_start_no_build(preview: Preview, project: Path) -> None:
    for path in (
        "content/claims/.talks-date.yaml.swp",
        "content/claims/talks-date.yaml~",
        "content/claims/#talks-date.yaml#",
        "content/claims/talks-date.yaml.tmp",
        "templates/__pycache__/page.cpython-311.pyc",
        "content/.hidden/notes.yaml",
        "site/en/stray.html",
        ".cache/stray",
        ".site.staging/stray.html",
    ):
        write(project, path, "not an edit")
    time.sleep(1.0)
    assert preview.builds() == 1
    edit_headline(project, "Seen")  # the watcher does watch: a real edit is built
    wait_for(lambda: preview.builds() == 2, "the build of a real edit")


def test_a_site_built_before_is_served_at_once_at_its_own_address_too(project: Path, tmp_path: Path) -> None:
    publish_at(project, PUBLISHED_AT)
    built = run_cli(project, "build", "--no-search")
    assert built.returncode == 0, built.stderr
    with started_preview(project, tmp_path / "serve.log") as running:
        for path in (CLAIM_PAGE, "/sverka" + CLAIM_PAGE):  # the first requests, while its own first build may run
            status, page = running.get(path)
            assert (status, heading(page)) == (200, HEADLINE), path
        stylesheets = [link.get("href") or "" for link in parse_html(page).find_all("link", rel="stylesheet")]
        assert stylesheets and all(running.get(urlsplit(href).path)[0] == 200 for href in stylesheets)
        wait_for(lambda: running.builds() >= 1, "the preview's own build")
        status, page = running.get(CLAIM_PAGE)
        assert (status, heading(page)) == (200, HEADLINE)


def test_without_a_site_yet_a_page_asked_for_during_the_first_build_is_never_missing(project: Path, tmp_path: Path) -> None:
    with started_preview(project, tmp_path / "serve.log") as running:
        deadline, status = time.monotonic() + TIMEOUT, 0
        while status != 200:
            assert time.monotonic() < deadline, "the first build never ended"
            status, headers, page = fetch(running.port, CLAIM_PAGE)
            assert status in (200, 503), page
            if status == 503:
                assert headers["Retry-After"] == "1"
                assert parse_html(page).find("meta", content="1") is not None
        assert heading(page) == HEADLINE


# --- the parts, in this process ---------------------------------------------------------------------


def test_the_language_of_the_error_page_follows_the_address() -> None:
    assert page_language("/ru/claims/x/", "en") == "ru"
    assert page_language("/en/", "ru") == "en"
    assert page_language("/", "ru") == "ru"
    assert other_language_path("/ru/claims/x/", "ru") == "/en/claims/x/"


def test_only_pages_are_replaced_by_the_error_page() -> None:
    assert is_page_request("ru/claims/x/")
    assert is_page_request("404.html")
    assert not is_page_request("static/style.css")


def test_editors_swap_backup_and_hidden_files_start_no_build() -> None:
    root = "/home/editor/.projects/sverka"  # a hidden folder above the project does not count
    assert starts_build(root, Change.modified, f"{root}/content/claims/x.yaml")
    assert starts_build(root, Change.added, f"{root}/templates/static/style.css")
    for ignored in (".x.yaml.swp", "x.yaml.swx", "x.yaml~", "#x.yaml#", "x.tmp", ".hidden/x.yaml", "__pycache__/x.pyc"):
        assert not starts_build(root, Change.modified, f"{root}/content/claims/{ignored}"), ignored


def test_the_production_address_gives_the_path_site_is_served_under_too(project: Path) -> None:
    assert production_base_path(project) == "/"  # https://example.org/
    assert production_base_path(project, PUBLISHED_AT) == "/sverka/"
    publish_at(project, "https://example.github.io/a/b")
    assert production_base_path(project) == "/a/b/"
    write(project, "content/site.yaml", "base_url: [unclosed")
    assert production_base_path(project) == "/"


def test_the_building_page_asks_to_try_again_in_the_language_of_the_address() -> None:
    pages = {lang: parse_html(building_page(lang)) for lang in ("ru", "en")}
    for lang, page in pages.items():
        assert page.find("html").get("lang") == lang  # type: ignore[union-attr]
        assert page.find("meta", content="1").get("http-equiv") == "refresh"  # type: ignore[union-attr]
    assert heading(building_page("en").decode()) == "Building the site…"
    assert heading(building_page("ru").decode()) == "Сайт собирается…"


@dataclass
class HeldBuild:
    """A build that waits until released, then writes the given files of site/ (or fails with `error`)."""

    site: Path
    files: dict[str, str] = field(default_factory=dict)
    error: Exception | None = None
    release: threading.Event = field(default_factory=threading.Event)
    started: threading.Event = field(default_factory=threading.Event)
    runs: int = 0
    changes: list[set[str] | None] = field(default_factory=list)

    def __call__(self, changes: set[str] | None = None) -> list[Problem]:
        self.runs += 1
        self.changes.append(changes)
        self.started.set()
        assert self.release.wait(TIMEOUT)
        if self.error is not None:
            raise self.error
        for path, text in self.files.items():
            write(self.site, path, text)
        return []


@contextmanager
def in_process(root: Path, build: HeldBuild, base_path: str = "/") -> Iterator[tuple[serving.Preview, int]]:
    """The preview's server and builds in this process, as `serve` runs them; stopped afterwards."""
    preview = serving.Preview(root, build, "en", base_path)
    port = free_port()
    loop = serving.start_server(serving.PreviewServer(preview), "127.0.0.1", port)
    preview.announce = partial(loop.add_callback, LiveReloadHandler.reload_waiters, "*")
    builder = threading.Thread(target=preview.run, daemon=True)
    builder.start()
    try:
        yield preview, port
    finally:
        build.release.set()
        preview.stop()
        builder.join(TIMEOUT)
        loop.add_callback(loop.stop)
        for thread in threading.enumerate():
            if thread.name == "preview-server":
                thread.join(TIMEOUT)


def old_site(site: Path) -> None:
    """A site/ as an earlier build for another address left it."""
    write(site, "en/claims/x/index.html", "<!DOCTYPE html><html><head><title>x</title></head><body><h1>Old page</h1></body></html>")
    write(site, "static/style.css", "body {}")
    write(site, "404.html", "<!DOCTYPE html><html><head><title>404</title></head><body><h1>Not here</h1></body></html>")


def test_while_the_first_build_runs_the_last_site_is_served_under_both_addresses(tmp_path: Path) -> None:
    old_site(tmp_path / "site")
    build = HeldBuild(tmp_path / "site")
    with in_process(tmp_path, build, "/sverka/") as (preview, port):
        assert build.started.wait(TIMEOUT) and not preview.ready
        for path in ("/en/claims/x/", "/sverka/en/claims/x/", "/sverka/en/claims/x"):
            status, headers, page = fetch(port, path)
            assert (status, heading(page), headers["Cache-Control"]) == (200, "Old page", "no-store"), path
        assert fetch(port, "/sverka/static/style.css")[0] == 200
        status, headers, page = fetch(port, "/en/claims/new/")  # not in site/ yet: may come with this build
        assert (status, headers["Retry-After"], heading(page)) == (503, "1", "Building the site…")
        build.release.set()
        wait_for(lambda: preview.ready, "the first build")
        status, _, page = fetch(port, "/sverka/en/claims/new/")
        assert (status, heading(page)) == (404, "Not here")


def test_without_a_site_a_page_asked_for_during_the_first_build_gets_the_building_page(tmp_path: Path) -> None:
    build = HeldBuild(tmp_path / "site", {"en/index.html": "<!DOCTYPE html><html><head></head><body><h1>Built</h1></body></html>"})
    with in_process(tmp_path, build) as (preview, port):
        assert build.started.wait(TIMEOUT)
        for path, lang in (("/en/", "en"), ("/ru/claims/x/", "ru"), ("/", "en")):
            status, headers, page = fetch(port, path)
            assert (status, headers["Retry-After"]) == (503, "1"), path
            assert parse_html(page).find("html").get("lang") == lang  # type: ignore[union-attr]
        assert fetch(port, "/static/style.css")[0] == 404  # not a page: no building page
        build.release.set()
        wait_for(lambda: preview.ready, "the first build")
        status, _, page = fetch(port, "/en/")
        assert (status, heading(page)) == (200, "Built")


def test_the_open_pages_are_told_to_reload_once_the_first_build_is_in_place(tmp_path: Path) -> None:
    old_site(tmp_path / "site")
    build = HeldBuild(tmp_path / "site")
    with in_process(tmp_path, build) as (preview, port):
        assert build.started.wait(TIMEOUT)
        message = reload_message(port, build.release.set)
        assert message["command"] == "reload" and preview.ready


def test_an_internal_error_of_the_build_shows_on_the_error_page_and_the_server_goes_on(tmp_path: Path) -> None:
    old_site(tmp_path / "site")
    build = HeldBuild(tmp_path / "site", error=RuntimeError("a bug in the generator"))
    build.release.set()
    with in_process(tmp_path, build) as (preview, port):
        wait_for(lambda: preview.ready, "the first build")
        status, _, page = fetch(port, "/en/claims/x/")
        [problem] = parse_html(page).find_all("li")
        assert status == 500 and "RuntimeError: a bug in the generator" in problem.text()
        status, _, page = fetch(port, "/en/claims/x/?last-good")
        assert (status, heading(page)) == (200, "Old page")


def test_asks_made_while_a_build_runs_make_exactly_one_more_build(tmp_path: Path) -> None:
    build = HeldBuild(tmp_path / "site")
    preview = serving.Preview(tmp_path, build, "en")
    announced: list[int] = []
    preview.announce = lambda: announced.append(preview.state.number)
    builder = threading.Thread(target=preview.run, daemon=True)
    builder.start()
    try:
        assert build.started.wait(TIMEOUT)
        for _ in range(3):
            preview.request()
        build.release.set()
        wait_for(lambda: announced == [1, 2], "the second build")
        time.sleep(0.3)
        assert (build.runs, announced) == (2, [1, 2])
    finally:
        preview.stop()
        builder.join(TIMEOUT)


def test_each_build_is_told_the_files_saved_since_the_last_one_began(tmp_path: Path) -> None:
    write(tmp_path, "content/claims/first.yaml", "headline: x\n")
    build = HeldBuild(tmp_path / "site")
    build.release.set()
    preview = serving.Preview(tmp_path, build, "en")
    stop = threading.Event()
    builder = threading.Thread(target=preview.run, daemon=True)
    watcher = threading.Thread(target=serving.watch_folders, args=(preview, stop), daemon=True)
    builder.start()
    try:
        wait_for(lambda: preview.ready, "the first build")
        watcher.start()
        time.sleep(0.5)  # the watcher is watching
        claim = write(tmp_path, "content/claims/new-claim.yaml", "headline: x\n")
        wait_for(lambda: build.runs == 2, "the build after the save")
        assert build.changes[0] is None  # the first build looks at everything
        assert str(claim.resolve()) in (build.changes[1] or set())
    finally:
        stop.set()
        preview.stop()
        builder.join(TIMEOUT)


def test_a_host_that_is_not_this_machines_is_told_as_such(project: Path) -> None:
    result = run_cli(project, "serve", "--no-search", "--host", "no-such-host.invalid", "--port", "8799")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "not an address of this machine — give --host one of its" in result.stderr and "another port" not in result.stderr


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_port_already_taken_is_one_message_saying_what_to_do(project: Path, lang: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(project, "serve", "--no-search", "--port", str(port), lang=lang)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
    assert ("cannot listen on" in result.stderr) == (lang == "en")
    assert "Address already in use" not in result.stderr and "Serving on" not in result.stderr  # not the library's English
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_a_port_out_of_range_is_refused_before_anything_starts(project: Path, port: str) -> None:
    result = run_cli(project, "serve", "--port", port)
    assert result.returncode == 2 and f"“{port}” is not a port" in result.stderr
