"""The live preview: it rebuilds on edits, tells open pages to reload, survives bad edits and stops on Ctrl-C."""

from __future__ import annotations

import asyncio
import errno
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, write
from htmltree import Element, parse_html
from tornado.websocket import websocket_connect

from sverka import serve as serving
from sverka.notices import IN_Q_OVERFLOW, open_notices
from sverka.serve import is_ignored, is_page_request, other_language_path, page_language, snapshot

pytestmark = pytest.mark.slow
TIMEOUT = 20.0
CLAIM = "content/claims/talks-date.yaml"
CLAIM_PAGE = "/en/claims/talks-date/"


@dataclass
class Preview:
    """A running `build.py serve` on a throwaway project."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def get(self, path: str) -> tuple[int, str]:
        """Status and body of a page."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=TIMEOUT) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

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
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def answers(preview: Preview, path: str) -> bool:
    """Whether the server answers at all."""
    try:
        preview.get(path)
        return True
    except OSError:
        return False


@pytest.fixture
def preview(project: Path, tmp_path: Path) -> Iterator[Preview]:
    """A preview server on a free port, stopped with SIGINT afterwards."""
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--root", str(project), "--lang", "en", "serve", "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
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


def heading(page: str) -> str:
    """The text of a page's first-level heading."""
    h1 = parse_html(page).find("h1")
    assert h1 is not None
    return " ".join(h1.text().split())


def edit_headline(project: Path, text: str) -> None:
    """Change the English headline of the fixture claim."""
    claim = project / CLAIM
    source = claim.read_text(encoding="utf-8")
    old = "en: The talks in Pyongyang took place on 6 November"
    assert old in source
    claim.write_text(source.replace(old, f"en: {text}"), encoding="utf-8")


async def reload_after(preview: Preview, change: Callable[[], None]) -> dict[str, object]:
    """Connect as livereload.js does, make a change, and return the reload message the server sends."""
    connection = await websocket_connect(f"ws://127.0.0.1:{preview.port}/livereload")
    try:
        await connection.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        hello = json.loads(await asyncio.wait_for(connection.read_message(), TIMEOUT) or "{}")
        assert hello["command"] == "hello"
        await connection.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{preview.port}{CLAIM_PAGE}"}))
        await asyncio.sleep(0.3)
        change()
        message = json.loads(await asyncio.wait_for(connection.read_message(), TIMEOUT) or "{}")
        return dict(message)
    finally:
        connection.close()
        while await asyncio.wait_for(connection.read_message(), TIMEOUT) is not None:
            pass  # until the server has closed its side too: no socket is left for the garbage collector


def reload_message(preview: Preview, change: Callable[[], None]) -> dict[str, object]:
    """Make a change and return the reload message the open page would receive."""
    return asyncio.run(reload_after(preview, change))


def test_the_preview_serves_the_built_site_with_the_reload_script(preview: Preview) -> None:
    status, page = preview.get(CLAIM_PAGE)
    assert status == 200
    assert heading(page) == "The talks in Pyongyang took place on 6 November"
    scripts = [s.text() for s in parse_html(page).find_all("script")]
    assert any("livereload.js" in script for script in scripts)


def test_an_edit_is_rebuilt_and_the_open_page_is_told_to_reload(preview: Preview, project: Path) -> None:
    message = reload_message(preview, lambda: edit_headline(project, "Edited headline"))
    assert message["command"] == "reload"
    status, page = preview.get(CLAIM_PAGE)
    assert (status, heading(page)) == (200, "Edited headline")


def test_two_quick_edits_in_a_row_are_both_signalled(preview: Preview, project: Path) -> None:
    reload_message(preview, lambda: edit_headline(project, "First edit"))
    source = (project / CLAIM).read_text(encoding="utf-8")
    second = reload_message(preview, lambda: write(project, CLAIM, source.replace("First edit", "Second edit")))
    assert second["command"] == "reload"
    assert heading(preview.get(CLAIM_PAGE)[1]) == "Second edit"


def test_a_burst_of_saves_ends_in_one_build_that_includes_all_of_them(preview: Preview, project: Path) -> None:
    wait_for(lambda: preview.builds() == 1, "the first build")
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
    message = reload_message(preview, lambda: edit_headline(project, "Searchable headline"))
    assert message["command"] == "reload"
    wait_for(lambda: index_hash(project) not in (None, first), "the search index of the edited site")
    assert not (project / ".site.search").exists()


def problem_items(page: str) -> list[Element]:
    """The listed problems of the error page."""
    return parse_html(page).find_all("li", class_="problem")


def test_a_bad_edit_shows_the_problems_keeps_the_last_good_site_and_a_fix_brings_it_back(preview: Preview, project: Path) -> None:
    good = (project / CLAIM).read_text(encoding="utf-8")
    message = reload_message(preview, lambda: write(project, CLAIM, good.replace("verdict: confirmed", "verdict: confimred")))
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
    assert (status, heading(old)) == (200, "The talks in Pyongyang took place on 6 November")
    assert preview.get("/static/style.css")[0] == 200

    message = reload_message(preview, lambda: write(project, CLAIM, good.replace("took place on 6 November", "fixed")))
    assert message["command"] == "reload"
    status, page = preview.get(CLAIM_PAGE)
    assert (status, heading(page)) == (200, "The talks in Pyongyang fixed")


def test_ctrl_c_stops_the_preview_cleanly(preview: Preview) -> None:
    preview.process.send_signal(signal.SIGINT)
    assert preview.process.wait(TIMEOUT) == 0
    assert "Traceback" not in preview.log.read_text(encoding="utf-8")


def test_the_language_of_the_error_page_follows_the_address() -> None:
    assert page_language("/ru/claims/x/", "en") == "ru"
    assert page_language("/en/", "ru") == "en"
    assert page_language("/", "ru") == "ru"
    assert other_language_path("/ru/claims/x/", "ru") == "/en/claims/x/"


def test_only_pages_are_replaced_by_the_error_page() -> None:
    assert is_page_request("ru/claims/x/")
    assert is_page_request("404.html")
    assert not is_page_request("static/style.css")


def test_the_preview_watches_the_editors_folders_but_not_its_own_output(project: Path) -> None:
    write(project, "site/index.html", "<p>built</p>")
    write(project, ".site.staging/index.html", "<p>staging</p>")
    write(project, "content/claims/.talks-date.yaml.swp", "swap")
    files = {Path(name).relative_to(project).as_posix() for name in snapshot(project).files}
    assert CLAIM in files
    assert "templates/static/style.css" in files
    assert "locales/ru/LC_MESSAGES/messages.po" in files
    assert not any(name.startswith(("site/", ".site")) for name in files)
    assert is_ignored(".talks-date.yaml.swp") and "content/claims/.talks-date.yaml.swp" not in files


def test_looking_for_changes_takes_at_most_a_fifth_of_a_core_however_large_the_project(project: Path) -> None:
    watcher = serving.Preview(project, lambda look: [], "en")
    watcher.tick()
    assert watcher.look_seconds > 0
    watcher.look_seconds = 0.001  # a small project: looked at every POLL_SECONDS
    assert watcher.pause() == serving.POLL_SECONDS
    for seconds in (0.05, 0.2):  # tens of thousands of files: the pause grows with the look
        watcher.look_seconds = seconds
        share = seconds / (seconds + watcher.pause())
        assert share == pytest.approx(serving.WATCH_SHARE)


# --- the watcher, with the kernel's notices of changes -------------------------------------------

needs_notices = pytest.mark.skipif(open_notices() is None, reason="this system sends no notices of changes (inotify)")


def counting_whole_looks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one at each look at every file."""
    looks: list[int] = []
    whole = serving.Watcher.whole
    monkeypatch.setattr(serving.Watcher, "whole", lambda watcher: (looks.append(1), whole(watcher))[1])
    return looks


def same_as_a_look_at_every_file(look: serving.Look, project: Path) -> bool:
    every = snapshot(project)
    return look.files == every.files and look.folders == every.folders


@needs_notices
def test_the_watcher_sees_from_the_kernels_notices_what_a_look_at_every_file_sees(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serving, "WHOLE_LOOK_SECONDS", 60.0)  # none of the looks at every file that come now and then
    watcher = serving.Watcher(project, open_notices())
    watcher.look()
    looks = counting_whole_looks(monkeypatch)
    claim, new = project / CLAIM, project / "content" / "claims" / "new-claim.yaml"

    def edits() -> Iterator[None]:
        claim.write_text(claim.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # saved in place
        yield
        (project / "content" / "claims" / ".new.yaml.swp").write_text("swap", encoding="utf-8")
        (project / "content" / "claims" / "__pycache__").mkdir()  # a folder the watcher ignores
        new.with_suffix(".tmp").write_text(claim.read_text(encoding="utf-8"), encoding="utf-8")
        new.with_suffix(".tmp").rename(new)  # saved as editors that write a new file and rename it do
        yield
        new.rename(project / "content" / "claims" / "renamed.yaml")
        yield
        (project / "content" / "claims" / "renamed.yaml").unlink()
        yield
        write(project, "content/pages/extra/page.yaml", "title: x\n")  # a new folder: every file is looked at
        yield
        (project / "content" / "pages" / "extra").rename(project / "content" / "pages" / "moved")  # and a folder renamed
        yield
        write(project, "content/pages/moved/page.yaml", "title: y\n")
        yield
        shutil.rmtree(project / "content" / "pages" / "moved")  # and a folder removed
        yield
        claim.write_text(claim.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        yield

    for step, _ in enumerate(edits()):
        time.sleep(0.01)
        look = watcher.look()
        assert same_as_a_look_at_every_file(look, project), f"step {step}"
    assert len(looks) == 3  # for the new, renamed and removed folder only
    assert watcher.notices is not None and watcher.look() is look  # no notice: the last look


@needs_notices
def test_the_watcher_looks_at_every_file_now_and_then_when_notices_are_lost(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notices = open_notices()
    assert notices is not None
    monkeypatch.setattr(serving, "WHOLE_LOOK_SECONDS", 60.0)
    watcher = serving.Watcher(project, notices)
    first = watcher.look()
    monkeypatch.setattr(notices, "read", lambda: [])  # a file system that sends none
    claim = project / CLAIM
    claim.write_text(claim.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert watcher.look() is first
    monkeypatch.setattr(serving, "WHOLE_LOOK_SECONDS", 0.0)  # the pause between whole looks has passed
    monkeypatch.setattr(serving, "WHOLE_LOOK_SHARE", 1.0)
    assert same_as_a_look_at_every_file(watcher.look(), project) and watcher.look() != first
    monkeypatch.setattr(serving, "WHOLE_LOOK_SECONDS", 60.0)
    looks = counting_whole_looks(monkeypatch)
    watcher.look()
    assert looks == []
    watched = next(iter(notices.folders))
    monkeypatch.setattr(notices, "read", lambda: [(watched, IN_Q_OVERFLOW, "")])  # the kernel dropped notices
    watcher.look()
    assert looks == [1]


def test_without_the_kernels_notices_every_look_looks_at_every_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    watcher = serving.Watcher(project, None)
    looks = counting_whole_looks(monkeypatch)
    first = watcher.look()
    claim = project / CLAIM
    claim.write_text(claim.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert watcher.look() != first and len(looks) == 2 and watcher.look() == snapshot(project)


@needs_notices
def test_the_watcher_looks_at_every_file_when_the_kernel_has_no_watches_left(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notices = open_notices()
    assert notices is not None

    def refused(folders: list[str]) -> None:
        raise OSError(errno.ENOSPC, "no watches left")

    monkeypatch.setattr(notices, "watch", refused)
    watcher = serving.Watcher(project, notices)
    first = watcher.look()
    assert watcher.notices is None
    looks = counting_whole_looks(monkeypatch)
    claim = project / CLAIM
    claim.write_text(claim.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert watcher.look() != first and looks == [1]
