"""A build an editor cannot break: one build of a project at a time, the system's refusals told as messages,
prompt and quiet stops, and whatever stops a build, site/ stays a whole site and the next build equals a clean one."""

from __future__ import annotations

import errno
import fcntl
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import jinja2.loaders
import pytest
from conftest import REPO, build_files, interruptible, make_project, run_cli, write
from test_serve import free_port, wait_for

import build
from sverka import output, search
from sverka.incremental import publishing
from sverka.incremental.builder import Builder
from sverka.plan import opendata
from sverka.settings import Settings

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import edit_claim, write_project

STOP_SECONDS = 2.0
"""How long a build or the preview may take to stop once asked (Ctrl-C or SIGTERM)."""
CLAIM = "content/claims/talks-date.yaml"
WAITING = {"en": "Another build of this project is running", "ru": "Этот проект уже собирает другой процесс"}
NO_SPACE = {"en": "no space left on the device — free some space", "ru": "на диске не осталось места — освободите место"}
STOPPED = {"en": "Stopped; site/ holds the last complete build.", "ru": "Остановлено; в папке site/ — последняя завершённая сборка."}
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="finds child processes through /proc (Linux)")


def site_tree(root: Path) -> dict[str, bytes]:
    """Every file of the published site."""
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def clean_build(root: Path, *options: str) -> dict[str, bytes]:
    """The site a clean build of the project's inputs makes (beside it, so on the same file system), search index included."""
    clean = root.with_name(root.name + "-clean")
    shutil.rmtree(clean, ignore_errors=True)
    for folder in ("content", "seeds", "templates", "locales"):
        shutil.copytree(root / folder, clean / folder)
    assert run_cli(clean, *options).returncode == 0
    return site_tree(clean)


def edit(root: Path, words: str) -> None:
    """Change the English headline of the fixture's claim."""
    text = (root / CLAIM).read_text(encoding="utf-8")
    write(root, CLAIM, text.replace("took place on 6 November", f"took place on 6 November ({words})", 1))


@contextmanager
def lock_held(root: Path) -> Iterator[None]:
    """Hold the project's build lock, as a build in another process would."""
    (root / ".cache").mkdir(exist_ok=True)
    with open(root / ".cache" / "build.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


STARTED: list[subprocess.Popen[bytes]] = []


@pytest.fixture(autouse=True)
def none_left_running() -> Iterator[None]:
    """Whatever a test asserted, the processes it started end with it."""
    yield
    for process in STARTED:
        if process.poll() is None:
            process.kill()
        process.wait()
    STARTED.clear()


def start(root: Path, log: Path, *args: str, lang: str = "en") -> subprocess.Popen[bytes]:
    """Start build.py on the project, its messages going to `log`, in a process group of its own (as a terminal starts it)."""
    with log.open("wb") as sink:
        command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "--lang", lang, *args]
        STARTED.append(subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=interruptible))
    return STARTED[-1]


def processes() -> Iterator[tuple[int, int, bytes]]:
    """Every live process (not a zombie): its id, its parent's id and its command line."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if state != "Z":
            yield int(entry.name), int(parent), command


def indexers_of(pid: int) -> list[int]:
    """The search indexers a process is running now."""
    return [child for child, parent, command in processes() if parent == pid and b"pagefind" in command]


def naming(root: Path) -> list[bytes]:
    """The command lines of the processes still working on a project (builds, their workers, indexers)."""
    return [command for _, _, command in processes() if str(root).encode() in command]


def left_after(root: Path, seconds: float) -> list[bytes]:
    """The processes still working on a project once they all ended, or `seconds` passed."""
    deadline = time.monotonic() + seconds
    while (left := naming(root)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def stop_while_indexing(process: subprocess.Popen[bytes], how: str) -> None:
    """Stop the process once it runs the search indexer, and see it end promptly.

    `how`: "Ctrl-C" (SIGINT to its whole process group, as a terminal sends it), "SIGINT" or "SIGTERM" (to it alone)."""
    indexers: list[int] = []

    def indexing() -> bool:
        indexers[:] = indexers_of(process.pid)
        return bool(indexers) or process.poll() is not None

    wait_for(indexing, "the indexer to start")
    assert indexers, "the build ended before it indexed"
    if how == "Ctrl-C":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(getattr(signal, how))
    process.wait(STOP_SECONDS)


# ---- one build at a time ---------------------------------------------------------------------------


@pytest.mark.parametrize("after", [0.15, 0.3, 0.5])
def test_ctrl_c_while_the_build_starts_stops_it_without_a_traceback(project: Path, tmp_path: Path, after: float) -> None:
    log = tmp_path / "build.log"
    process = start(project, log, "--no-search")
    time.sleep(after)  # while the generator's modules load, before any file is read
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(STOP_SECONDS) in (0, 130, -signal.SIGINT)  # finished already; stopped; stopped before Python ran
    assert "Traceback" not in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_second_build_waits_for_the_one_running_then_publishes_what_a_clean_build_makes(project: Path, tmp_path: Path, lang: str) -> None:
    log = tmp_path / "build.log"
    with lock_held(project):
        waiting = start(project, log, "--no-search", lang=lang)
        wait_for(lambda: WAITING[lang] in log.read_text(encoding="utf-8"), "the message that it waits")
        assert waiting.poll() is None and not (project / "site").exists()
    assert waiting.wait(60) == 0
    assert "Traceback" not in log.read_text(encoding="utf-8")
    assert site_tree(project) == build_files(project)


@pytest.mark.slow
def test_two_builds_started_together_both_succeed_and_leave_the_site_a_clean_build_makes(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, 150, 1)  # enough pages for the render workers and a noticeable index
    builds = [start(root, tmp_path / f"build-{number}.log") for number in (1, 2)]
    assert [process.wait(120) for process in builds] == [0, 0]
    logs = [(tmp_path / f"build-{number}.log").read_text(encoding="utf-8") for number in (1, 2)]
    assert not any("Traceback" in log for log in logs)
    assert any(WAITING["en"] in log for log in logs)
    assert site_tree(root) == clean_build(root)


def test_check_reads_the_project_without_waiting_for_a_build(project: Path) -> None:
    with lock_held(project):
        result = run_cli(project, "check")
    assert result.returncode == 0 and WAITING["en"] not in result.stderr


def test_the_preview_takes_the_lock_for_each_rebuild(project: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with lock_held(project):
        preview = start(project, log, "serve", "--no-search", "--port", str(free_port()))
        wait_for(lambda: WAITING["en"] in log.read_text(encoding="utf-8"), "the message that it waits")
        assert "Rebuilt in" not in log.read_text(encoding="utf-8")
    wait_for(lambda: "Rebuilt in" in log.read_text(encoding="utf-8"), "the first build")
    preview.send_signal(signal.SIGINT)
    assert preview.wait(STOP_SECONDS) == 0
    assert "Traceback" not in log.read_text(encoding="utf-8")


def fake_indexer(tmp_path: Path, replace_site: bool) -> list[str]:
    """A stand-in for Pagefind that writes a bundle, replacing site/ meanwhile if asked (as another build's swap does)."""
    script = tmp_path / "indexer.sh"
    swap = 'mv "$SITE" "$SITE.gone" && mkdir "$SITE" && ' if replace_site else ""
    script.write_text(f'#!/bin/sh\n{swap}mkdir -p "$6" && echo "//" > "$6/pagefind.js" && echo "{{}}" > "$6/pagefind-entry.json"\n')
    script.chmod(0o755)
    return [str(script)]


@pytest.mark.parametrize("meanwhile", ["site/ replaced", "another build running"])
def test_the_previews_background_index_never_lands_in_a_site_it_was_not_made_from(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, meanwhile: str
) -> None:
    assert run_cli(project, "--no-search").returncode == 0
    site = project / "site"
    monkeypatch.setenv("SITE", str(site))
    command = fake_indexer(tmp_path, replace_site=meanwhile == "site/ replaced")
    if meanwhile == "site/ replaced":
        search.index_published_site(site, command)
    else:
        with lock_held(project):
            search.index_published_site(site, command)
    assert not (site / "pagefind").exists() and not (project / ".site.search").exists()


# ---- the system's refusals ---------------------------------------------------------------------------


class FullDisk(io.BytesIO):
    """A file on a full disk: every write fails, naming no file, as the system's do."""

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_full_disk_is_one_located_line_the_site_stays_and_the_next_build_is_a_clean_one(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    assert build.main(["--root", str(project)]) == 0
    before = site_tree(project)
    edit(project, "edited")
    capsys.readouterr()
    monkeypatch.setattr(output, "open", lambda path, mode: FullDisk(), raising=False)
    assert build.main(["--root", str(project), "--lang", lang]) == 1
    lines = capsys.readouterr().err.splitlines()
    located = [line for line in lines if NO_SPACE[lang] in line]
    assert len(located) == 1 and located[0].startswith(".site.staging/") and ".html: " in located[0], lines
    assert "Traceback" not in "\n".join(lines)
    assert site_tree(project) == before and not (project / ".site.staging").exists()
    monkeypatch.undo()
    assert build.main(["--root", str(project)]) == 0
    assert site_tree(project) == clean_build(project)


@pytest.mark.parametrize(
    ("number", "inodes_left", "told"),
    [
        (errno.ENOSPC, 0, "the disk can hold no more files (it has space, but no free inodes)"),
        (errno.ENOSPC, 1000, "no space left on the device"),
        (
            errno.EPERM,
            1000,
            "the system does not let this be changed, whatever its permissions — check whether it, or the folder it is in, is "
            "marked unchangeable",
        ),
        (errno.EROFS, 1000, "the disk this is on is mounted read-only"),
    ],
)
def test_a_refusal_of_the_system_is_told_by_its_cause(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], number: int, inodes_left: int, told: str
) -> None:
    assert build.main(["--root", str(project)]) == 0
    before = site_tree(project)
    edit(project, "edited")
    capsys.readouterr()

    class Refusing(io.BytesIO):
        def write(self, data: object) -> int:
            raise OSError(number, os.strerror(number))

    statvfs = os.statvfs(project)
    fields = [statvfs.f_bsize, statvfs.f_frsize, statvfs.f_blocks, statvfs.f_bfree, 1000, 10_000, inodes_left, inodes_left]
    monkeypatch.setattr(os, "statvfs", lambda path: os.statvfs_result((*fields, statvfs.f_flag, statvfs.f_namemax)))
    monkeypatch.setattr(output, "open", lambda path, mode: Refusing(), raising=False)
    assert build.main(["--root", str(project), "--lang", "en"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len([line for line in lines if told in line]) == 1 and "Traceback" not in "\n".join(lines), lines
    assert site_tree(project) == before


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_file_of_the_generator_that_is_missing_is_told_to_be_restored_and_the_site_stays(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    assert build.main(["--root", str(project)]) == 0
    before = site_tree(project)
    shutil.rmtree(project / ".cache")  # a build that makes every file anew
    monkeypatch.setattr(opendata, "SCHEMA_FILE", project / "schemas" / "claims.schema.json")  # as if deleted
    capsys.readouterr()
    assert build.main(["--root", str(project), "--lang", lang]) == 1
    lines = capsys.readouterr().err.splitlines()
    told = {"en": "this file is missing — restore it", "ru": "этого файла нет — восстановите его"}[lang]
    assert (
        [line for line in lines if told in line]
        == [
            line
            for line in lines
            if line.startswith("schemas/claims.schema.json: ") and "git checkout -- schemas/claims.schema.json" in line
        ]
        != []
    ), lines
    assert "Traceback" not in "\n".join(lines) and site_tree(project) == before


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        (PermissionError(errno.EACCES, os.strerror(errno.EACCES)), "this cannot be written or read: permission denied"),
        (IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)), "this is a folder where the build writes a file — move it away"),
    ],
)
def test_a_file_that_cannot_be_written_is_named_with_what_to_do(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], failure: OSError, words: str
) -> None:
    def refuse(path: str, mode: str) -> None:
        failure.filename = path
        raise failure

    monkeypatch.setattr(output, "open", refuse, raising=False)
    assert build.main(["--root", str(project), "--no-search"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and not (project / "site").exists()
    assert [line for line in err.splitlines() if words in line and line.startswith(".site.staging/")]


@pytest.mark.parametrize(("folder", "mode"), [("en/claims", 0o555), ("en/claims/talks-date", 0o000)])  # read-only; unreadable
def test_a_folder_of_the_site_made_read_only_is_replaced_and_leaves_nothing_behind(project: Path, folder: str, mode: int) -> None:
    # Permissions bind root only without the capabilities that override them (CI runs as root).
    as_owner = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    if as_owner and not shutil.which("setpriv"):
        pytest.skip("setpriv (util-linux) is needed to drop root's permission override")

    def build_as_owner() -> subprocess.CompletedProcess[str]:
        command = [*as_owner, sys.executable, str(REPO / "build.py"), "--root", str(project), "--no-search"]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    assert build_as_owner().returncode == 0
    (project / "site" / folder).chmod(mode)
    claim = project / "content/claims/talks-date.yaml"
    for headline in ("The talks took place on 6 November", "The talks took place in Pyongyang"):  # the second must not trip over the first
        claim.write_text(
            re.sub(r"(?m)^  en: The talks.*$", f"  en: {headline}", claim.read_text(encoding="utf-8"), count=1), encoding="utf-8"
        )
        result = build_as_owner()
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert not (project / ".site.staging").exists() and not (project / ".site.old").exists()
    assert site_tree(project) == clean_build(project, "--no-search")


def test_a_template_that_cannot_be_read_is_named_with_what_to_do(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(path: str, *args: object, **kwargs: object) -> object:
        if str(path).endswith("404.html"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return open(path, *args, **kwargs)

    monkeypatch.setattr(jinja2.loaders, "open", refuse, raising=False)
    assert build.main(["--root", str(project), "--no-search"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and not (project / "site").exists()
    assert "templates/404.html: this cannot be written or read: permission denied — check its owner and permissions" in err


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_file_where_the_cache_folder_should_be_is_named_and_moving_it_away_is_enough(project: Path, lang: str) -> None:
    write(project, ".cache", "not a folder")
    result = run_cli(project, "--no-search", lang=lang)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    expected = {"en": "this is a file where the build makes a folder", "ru": "это файл, а сборке здесь нужна папка"}[lang]
    assert f".cache: {expected}" in result.stderr
    (project / ".cache").unlink()
    assert run_cli(project, "--no-search").returncode == 0
    assert site_tree(project) == build_files(project)


@pytest.mark.parametrize(("lang", "words"), [("en", "the build ran out of memory"), ("ru", "сборке не хватило памяти")])
def test_running_out_of_memory_is_a_message_and_the_site_stays(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str, words: str
) -> None:
    assert build.main(["--root", str(project), "--no-search"]) == 0
    before = site_tree(project)
    edit(project, "edited")

    def exhausted(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(publishing, "make_file", exhausted)
    assert build.main(["--root", str(project), "--no-search", "--lang", lang]) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert site_tree(project) == before


def test_the_preview_writes_every_changed_file_before_replacing_any_so_a_full_disk_leaves_its_site_as_it_was(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = Builder(Settings(project, search=False), keep_in_memory=True)
    preview.build()
    before = site_tree(project)
    edit(project, "edited")
    written: list[str] = []

    def fills_up(folder: Path, path: str, content: bytes) -> None:
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(path)
        output.write_file(folder, path, content)

    monkeypatch.setattr(publishing, "write_file", fills_up)
    with pytest.raises(OSError):
        preview.build({str(project / CLAIM)})
    assert written and site_tree(project) == before  # no file replaced, no temporary file left
    monkeypatch.undo()
    Builder(Settings(project, search=False), keep_in_memory=True).build()  # the preview starts afresh after a refusal
    assert site_tree(project) == build_files(project)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB file system of its own (tmpfs), for a disk that really fills up."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root and mount(8); the full disk is also simulated above")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)], capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill a file system, leaving about `leave` bytes free; the file that fills it."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:  # unbuffered: nothing is left to write when the file closes
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    with filler.open("r+b") as handle:
        handle.truncate(max(0, filler.stat().st_size - leave))
    return filler


@pytest.mark.slow
@pytest.mark.parametrize("leave", [0, 300_000], ids=["full before the pages", "full while indexing"])
def test_on_a_disk_that_fills_up_the_build_says_so_and_once_space_is_freed_builds_what_a_clean_build_makes(
    small_disk: Path, leave: int
) -> None:
    project = make_project(small_disk / "project")
    assert run_cli(project).returncode == 0
    before = site_tree(project)
    edit(project, "edited on a full disk")
    filler = fill(small_disk, leave)
    result = run_cli(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if NO_SPACE["en"] in line]) == 1, result.stderr
    assert site_tree(project) == before
    filler.unlink()
    assert run_cli(project).returncode == 0
    assert site_tree(project) == clean_build(project)


# ---- stopping ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic project large enough that indexing it takes a noticeable moment, built once."""
    root = tmp_path_factory.mktemp("corpus") / "project"
    write_project(root, 150, 1)
    assert run_cli(root).returncode == 0
    return root


def copy_of(project: Path, tmp_path: Path) -> Path:
    """A copy of a built project (the manifest stays valid: copies keep sizes and modification times)."""
    root = tmp_path / "project"
    shutil.copytree(project, root, symlinks=True)
    return root


@needs_proc
@pytest.mark.slow
@pytest.mark.parametrize("how", ["Ctrl-C", "SIGINT", "SIGTERM"])
def test_a_build_stopped_while_indexing_ends_at_once_with_its_indexers_and_keeps_the_site(
    built_corpus: Path, tmp_path: Path, how: str
) -> None:
    root = copy_of(built_corpus, tmp_path)
    before = site_tree(root)
    edit_claim(root, 1)
    log = tmp_path / "build.log"
    stop_while_indexing(start(root, log), how)
    text = log.read_text(encoding="utf-8")
    assert STOPPED["en"] in text
    assert not any(word in text for word in ("Traceback", "failed", "reinstall"))
    assert naming(root) == []
    assert site_tree(root) == before and not (root / ".site.staging").exists()


@needs_proc
@pytest.mark.slow
@pytest.mark.parametrize("how", ["Ctrl-C", "SIGINT"])
def test_the_preview_stopped_while_it_indexes_ends_at_once_and_says_nothing_of_the_environment(
    built_corpus: Path, tmp_path: Path, how: str
) -> None:
    root = copy_of(built_corpus, tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    stop_while_indexing(start(root, log, "serve", "--port", str(port)), how)
    text = log.read_text(encoding="utf-8")
    assert "Preview stopped." in text
    assert not any(word in text for word in ("Traceback", "failed", "reinstall"))
    assert naming(root) == []
    published = {path: content for path, content in site_tree(root).items() if not path.startswith("pagefind/")}
    assert published == build_files(root, base_url=f"http://127.0.0.1:{port}/", drafts=True)  # the editors' edition


# ---- crash safety ----------------------------------------------------------------------------------------

CRASH_CLAIMS = 400
"""The synthetic project's size: a cold build with its index takes a few seconds on two cores."""


def edit_template(root: Path, run: int) -> None:
    """Change the page template every page is made with: the build writes every page again."""
    base = root / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", f"<!-- edit {run} --></body>", 1), encoding="utf-8")


@needs_proc
@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_a_whole_site_and_the_next_build_is_a_clean_one(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, CRASH_CLAIMS, 2)
    started = time.monotonic()
    assert run_cli(root).returncode == 0
    durations = {"cold": time.monotonic() - started}
    trees = [site_tree(root)]
    seed = random.randrange(2**32)
    rng, moments = random.Random(seed), []
    for run, (kind, change) in enumerate([("claim", edit_claim), ("template", edit_template)] * 2):
        change(root, run)
        moments.append(round(rng.uniform(0.05, 1.05) * durations.get(kind, durations["cold"]), 2))
        killed = start(root, tmp_path / "killed.log")
        time.sleep(moments[-1])
        killed.kill()
        killed.wait()
        assert left_after(root, STOP_SECONDS) == [], f"processes outlived the killed build; seed {seed}, moments {moments}"
        after = site_tree(root)
        started = time.monotonic()
        assert run_cli(root).returncode == 0, f"seed {seed}, moments {moments}"
        durations[kind] = time.monotonic() - started
        trees.append(site_tree(root))
        assert after in (trees[-2], trees[-1]), f"site/ was neither the last site nor the next; seed {seed}, moments {moments}"
    assert trees[-1] == clean_build(root), f"seed {seed}, moments {moments}"


@needs_proc
@pytest.mark.slow
@pytest.mark.parametrize("signals", [("SIGINT", "SIGINT"), ("SIGTERM", "SIGINT")])
def test_a_second_ctrl_c_while_the_build_renders_on_two_cores_still_ends_it_at_once_and_frees_the_project(
    tmp_path: Path, signals: tuple[str, str]
) -> None:
    root = tmp_path / "project"
    write_project(root, CRASH_CLAIMS, 2)
    assert run_cli(root, "--no-search").returncode == 0
    before, seed = site_tree(root), random.randrange(2**32)
    for run in range(3):
        edit_template(root, run)  # every page rendered again: on two cores, by this process and a worker
        building = start(root, tmp_path / "stopped.log", "--no-search")
        wait_for(partial(has_worker, building), "a worker")
        time.sleep(random.Random(seed + run).uniform(0, 0.3))
        for name in signals:  # the second as the editor presses Ctrl-C again, while the first is being handled
            if name == "SIGINT":
                os.killpg(building.pid, signal.SIGINT)  # as a terminal sends it: to the workers too
            else:
                building.send_signal(getattr(signal, name))
            time.sleep(0.01)
        try:
            code = building.wait(STOP_SECONDS * 2)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the build did not end after {signals}; seed {seed}, run {run}")
        log = (tmp_path / "stopped.log").read_text(encoding="utf-8")
        assert code in (130, 0) and "Traceback" not in log, log
        assert left_after(root, STOP_SECONDS) == [], f"processes outlived the stopped build; seed {seed}, run {run}"
        if code == 130:
            assert site_tree(root) == before
    finished = run_cli(root, "--no-search")  # the lock was let go: the next build neither waits nor fails
    assert finished.returncode == 0 and WAITING["en"] not in finished.stderr, finished.stderr


def has_worker(process: subprocess.Popen[bytes]) -> bool:
    """Whether a build has started a worker process (or ended already)."""
    return any(parent == process.pid for _, parent, _ in processes()) or process.poll() is not None


def test_a_site_folder_that_is_a_link_stays_a_link_and_the_folder_it_points_to_gets_each_build(project: Path, tmp_path: Path) -> None:
    assert run_cli(project, "--no-search").returncode == 0
    elsewhere = tmp_path / "www"
    (project / "site").rename(elsewhere)
    (project / "site").symlink_to(elsewhere, target_is_directory=True)
    for words in ("first edit", "second edit"):
        edit(project, words)
        result = run_cli(project, "--no-search")
        assert result.returncode == 0, result.stderr
        assert (project / "site").is_symlink() and (project / "site").resolve() == elsewhere.resolve()
        assert site_tree(project) == build_files(project)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_site_folder_that_is_a_link_to_itself_is_named_as_a_loop_and_left_as_it_is(project: Path, lang: str) -> None:
    (project / "site").symlink_to("site")
    result = run_cli(project, "--no-search", lang=lang)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    told = {"en": "this symbolic link leads round in a loop", "ru": "эта символическая ссылка ведёт по кругу"}[lang]
    assert f"site: {told}" in result.stderr
    assert os.readlink(project / "site") == "site"


def test_a_file_where_the_site_folder_should_be_is_named_and_moving_it_away_is_enough(project: Path) -> None:
    write(project, "site", "not a folder")
    result = run_cli(project, "--no-search")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "site: this, or a folder on its path, is a file where the build needs a folder — move the file away" in result.stderr
    assert (project / "site").read_text(encoding="utf-8") == "not a folder"
    (project / "site").unlink()
    assert run_cli(project, "--no-search").returncode == 0
    assert site_tree(project) == build_files(project)


def test_a_leftover_staging_folder_that_cannot_be_removed_is_named_in_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    stuck = tmp_path / ".site.staging" / "ru" / "claims" / "talks" / "index.html"  # e.g. left by a build run as root
    stuck.parent.mkdir(parents=True)
    stuck.write_text("left", encoding="utf-8")
    unlink = os.unlink

    def refusing(path: str, *args: object, **kwargs: object) -> None:
        if os.path.basename(os.fspath(path)) == stuck.name:  # by its name in its folder, or by its whole path when retried
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), path)
        unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "unlink", refusing)
    with pytest.raises(PermissionError) as refused:
        output.Staging(site)
    assert refused.value.filename == str(stuck)  # not "index.html" alone: the editor must find it
