#!/usr/bin/env python3
"""Build the Sverka fact-check site: load → edition → check → plan → render → publish.

python3 build.py                 build the site into site/
python3 build.py check           validate everything, write nothing
python3 build.py serve           live preview on http://127.0.0.1:8000/
python3 build.py --help          every command and option
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
INSTALLED = "SVERKA_ENVIRONMENT_INSTALLED"
"""Set once the dependencies were installed in this run, so that a failed install cannot loop."""
MODULES = ("babel", "jinja2", "livereload", "markdown_it", "orjson", "pagefind_bin", "rapidfuzz", "watchfiles", "yaml")


SETUP_MESSAGES = {
    "setting up": (
        "Setting up the project's environment in .venv (first run only)…",
        "Готовлю окружение проекта в .venv (только при первом запуске)…",
    ),
    "no venv": (
        "Python could not make .venv (its message is above): on Debian or Ubuntu install python3-venv "
        "(`apt install python3-venv`), then run build.py again.",
        "Python не смог создать .venv (его сообщение выше): в Debian или Ubuntu установите python3-venv "
        "(`apt install python3-venv`), затем снова запустите build.py.",
    ),
    "no install": (
        "The project's dependencies could not be installed into .venv (pip's message is above): check the connection "
        "to PyPI, then run build.py again.",
        "Зависимости проекта не удалось установить в .venv (сообщение pip выше): проверьте связь с PyPI, затем снова запустите build.py.",
    ),
    "incomplete": (
        "The project's environment in .venv is incomplete: run `make clean-env site` to recreate it.",
        "Окружение проекта в .venv неполное: пересоздайте его командой `make clean-env site`.",
    ),
}
"""What the set-up says, in English and Russian: it runs before the catalogs can be read."""


def setup_message(key: str) -> str:
    """A set-up message in the language the command line asks for (--lang, SVERKA_LANG, the system's)."""
    from sverka.languages import cli_language  # no dependency: the environment may not exist yet

    args = sys.argv[1:]
    explicit = next((value for flag, value in pairwise(args) if flag == "--lang"), None)
    explicit = next((arg.removeprefix("--lang=") for arg in args if arg.startswith("--lang=")), explicit)
    english, russian = SETUP_MESSAGES[key]
    return russian if cli_language(explicit, dict(os.environ)) == "ru" else english


def run_setup_step(command: list[str], failed: str) -> None:
    """One step of the set-up; if it fails, say what to do instead of Python's traceback."""
    try:
        subprocess.run(command, check=True)
    except (OSError, subprocess.CalledProcessError):
        sys.exit(setup_message(failed))


def ensure_environment() -> None:
    """Re-run with `.venv`'s interpreter, creating it on first use; inside it, install missing dependencies once (first run,
    or a new one in pyproject.toml) and start again."""
    from importlib.util import find_spec

    if all(find_spec(name) for name in MODULES):
        return
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() != VENV.resolve():
        if not python.exists():
            print(setup_message("setting up"), file=sys.stderr)
            run_setup_step([sys.executable, "-m", "venv", str(VENV)], "no venv")
        os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])
    if os.environ.get(INSTALLED):
        sys.exit(setup_message("incomplete"))
    run_setup_step([sys.executable, "-m", "pip", "install", "--quiet", "-e", str(ROOT)], "no install")
    os.environ[INSTALLED] = "1"
    os.execv(sys.executable, [sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]])


if __name__ == "__main__":
    ensure_environment()
    # Ctrl-C while the modules load: nothing has been read or written yet, so stop at once, without a traceback (an
    # exception raised here can land in an import's clean-up callback, which prints it and carries on)
    signal.signal(signal.SIGINT, lambda number, frame: os._exit(130))

from sverka.alignment import align, describe  # noqa: E402
from sverka.check import check_addresses, check_project, site_addresses  # noqa: E402
from sverka.cli import parse_arguments  # noqa: E402
from sverka.editions import edition, readable, reported, settle_unfinished  # noqa: E402
from sverka.history import report_unnoted_changes  # noqa: E402
from sverka.i18n import N_, format_number, format_seconds, translate  # noqa: E402
from sverka.incremental.builder import Builder  # noqa: E402
from sverka.jsonschemas import write_schemas  # noqa: E402
from sverka.languages import cli_language  # noqa: E402
from sverka.load import load_project  # noqa: E402
from sverka.plan import plan  # noqa: E402
from sverka.problems import Collector, Problem, ProblemsFound, fail_on, format_report  # noqa: E402
from sverka.project import Project  # noqa: E402
from sverka.render import render_site  # noqa: E402
from sverka.scaffold import Refused, new_claim, new_event, new_source  # noqa: E402
from sverka.search import BUNDLE, BackgroundIndexer, index_search  # noqa: E402
from sverka.serve import production_base_path, serve  # noqa: E402
from sverka.settings import Settings  # noqa: E402
from sverka.sources import load_sources  # noqa: E402
from sverka.system import ProjectLock, RefusedBySystem, refusals_told, sole_preview, stop_on_signals  # noqa: E402


def build_site(root: Path, base_url: str | None = None, strict: bool = False, **options: Any) -> tuple[dict[str, bytes], Collector]:
    """The whole pipeline in one process, in memory (load → edition → check → plan → render). Raises ProblemsFound.
    `options`: the other fields of `Settings` (repository_url, drafts, now)."""
    files, problems, _ = build_in_memory(Settings(root, base_url=base_url, strict=strict, **options))
    return files, problems


def build_in_memory(settings: Settings) -> tuple[dict[str, bytes], Collector, Project]:
    """The site's files as a build with these settings would publish them, and the edition they show. Raises ProblemsFound."""
    project, problems = load_and_check(settings)
    jobs = plan(project, settings.root, problems)
    check_addresses(project, site_addresses(jobs), problems)
    files = render_site(project, settings.root, jobs, problems)
    fail_on(problems, settings.strict)
    return files, problems, project


def load_and_check(settings: Settings) -> tuple[Project, Collector]:
    """Every record loaded, the edition's records chosen, every reference and quote checked. Raises ProblemsFound."""
    problems = Collector()
    project = load_project(settings.root, problems, settings.base_url, settings.repository_url)
    if project is None:
        raise ProblemsFound(problems.problems)
    project = check_project(edition(project, settings.now, settings.drafts, problems), problems)
    fail_on(problems, strict=False)  # warnings stop a strict build once every check has run, so that none goes untold
    return reported(project, problems), problems


def command_build(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    """Build and publish site/, rendering only what changed; on any problem, report all and keep the old site."""
    started = time.perf_counter()
    builder = Builder(settings)
    with refusals_told(settings.root), ProjectLock(settings.cache, waiting(lang)).held():
        outcome = builder.build(indexer=index_search if settings.search else None)
    with uninterrupted():  # the site is published: a Ctrl-C now would only make the report say it stopped
        report_warnings(list(outcome.warnings), settings.root, lang)
        if settings.timings:
            print(builder.clock.report(lang), file=sys.stderr)
        message = translate(lang, "Built {pages} pages ({files} files, {changed} written) into {folder} in {seconds} s")
        counts = {
            name: format_number(n, lang)
            for name, n in (("pages", outcome.pages), ("files", len(outcome.files)), ("changed", len(outcome.written)))
        }
        seconds = format_seconds(time.perf_counter() - started, lang)
        print(message.format(**counts, folder="site/", seconds=seconds), file=sys.stderr)
    return 0


@contextmanager
def uninterrupted() -> Iterator[None]:
    """SIGINT and SIGTERM ignored within the block (in the main thread, where handlers are set), then as they were."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handlers = {number: signal.signal(number, signal.SIG_IGN) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def command_check(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    """Validate and render in memory without writing anything: the site as published now and, when records are
    scheduled, as each build that publishes one of them will (its problems would stop that build)."""
    lenient = replace(settings, strict=False)  # warnings stop a strict check at the end, with everything found told
    with refusals_told(settings.root):
        _, problems, edition_now = build_in_memory(lenient)
        for moment in () if settings.drafts else edition_now.scheduled:
            try:
                _, later, _ = build_in_memory(replace(lenient, now=moment))
            except ProblemsFound as stopped:
                print(translate(lang, "The site as it will be published at {moment}:").format(moment=readable(moment)), file=sys.stderr)
                raise ProblemsFound([*problems.problems, *(p for p in stopped.problems if p not in problems.problems)]) from None
            problems.extend([problem for problem in later.problems if problem not in problems.problems])
        report_unnoted_changes(settings.root, edition_now, settings.now, problems)
        fail_on(problems, settings.strict)
    report_warnings(problems.warnings, settings.root, lang)
    if any(p.severity == "warning" for p in problems.warnings):  # never "no problems" under a printed warning
        print(translate(lang, "No errors; the warnings above stop only `check --strict`."), file=sys.stderr)
    elif problems.warnings:
        print(translate(lang, "No errors; the notes above stop no build."), file=sys.stderr)
    else:
        print(translate(lang, "No problems found."), file=sys.stderr)
    return 0


def command_serve(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    """Live preview, one per project at a time."""
    address = f"http://{args.host}:{args.port}/"
    with sole_preview(settings.cache, address) as running:
        if running is not None:
            message = translate(lang, "a preview of this project is already running at {address} — open it there, or stop it first")
            print(message.format(address=running), file=sys.stderr)
            return 1
        return preview(settings, args, lang, address)


def preview(settings: Settings, args: argparse.Namespace, lang: str, address: str) -> int:
    """Rebuild and reload on every change; the search index follows in the background."""
    base_path = production_base_path(settings.root, settings.base_url)
    settings = replace(settings, base_url=address, repository_url=None, strict=False, drafts=True)
    builders = [Builder(settings, keep_in_memory=True)]
    report = lambda found: print(format_report(found, settings.root, lang), file=sys.stderr)  # noqa: E731
    lock = ProjectLock(settings.cache, waiting(lang))
    indexer = BackgroundIndexer(settings.site, report, lock) if settings.search else None

    def rebuild(changes: set[str] | None) -> list[Problem]:
        if args.now is None:  # the preview runs for hours: a scheduled record's banner follows the clock
            builders[0].settings = replace(builders[0].settings, now=datetime.now(UTC))
        try:
            with refusals_told(settings.root), lock.held():
                outcome = builders[0].build(changes)
        except Exception as error:
            if isinstance(error, RefusedBySystem) or not isinstance(error, ProblemsFound):
                builders[0] = Builder(settings, keep_in_memory=True)  # after a fault of the generator or the system, trust nothing kept
            raise
        if indexer is not None and (outcome.pages_changed or not (settings.site / BUNDLE).is_dir()):
            indexer.request()
        return list(outcome.warnings)

    try:
        return serve(settings.root, rebuild, args.host, args.port, lang, base_path)
    finally:
        if indexer is not None:
            indexer.stop()
        with lock.held(wait=False) as had:
            if had and (indexer is None or indexer.current):  # a manifest saved under a stale index would keep it
                builders[0].save()


def command_new(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    makers = {
        "claim": lambda: new_claim(settings.root, args.name),
        "source": lambda: new_source(settings.root, Path(args.name), args.id),
        "event": lambda: new_event(settings.root, args.name),
    }
    if args.id is not None and args.kind != "source":  # a claim's or event's id is its name
        message = translate(lang, "--id names a new source only — give the {kind}'s id as its name: build.py new {kind} {id}")
        print(message.format(kind=args.kind, id=args.id), file=sys.stderr)
        return 2
    try:
        done = makers[args.kind]()
    except Refused as refused:
        print(refused.message(lang), file=sys.stderr)
        return 1
    print(done.message(lang), file=sys.stderr)
    return 0


def command_schemas(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    for path in write_schemas(settings.root):
        print(path.relative_to(settings.root).as_posix(), file=sys.stderr)
    return 0


def command_compare(settings: Settings, args: argparse.Namespace, lang: str) -> int:
    """Print two archived sources side by side: paragraphs aligned with their similarity, shared passages, lone sentences."""
    problems = Collector()
    with refusals_told(settings.root):
        sources = {source.id: source for source in load_sources(settings.root, problems)}
    unknown = [name for name in dict.fromkeys((args.first, args.second)) if name not in sources]
    if unknown or args.first == args.second:
        settle_unfinished(problems, drafts=True)  # a source being filled in is the editor's work in progress
        report_warnings(problems.problems, settings.root, lang)  # why a source is left out, if one is
        message = translate(lang, "there is no source “{id}” — give the ids of two archived sources: {known}")
        unfinished = translate(lang, "the source “{id}” is archived but not described yet — fill in seeds/{id}.yaml as the lines above say")
        unreadable = translate(lang, "the source “{id}” cannot be read — correct its text or its metadata as the lines above say")
        broken = {problem.path for problem in problems.problems if problem.severity == "error"}  # not merely unfinished
        for name in unknown:
            archived = (settings.root / "seeds" / f"{name}.txt").is_file()
            told = unreadable if broken & {f"seeds/{name}.txt", f"seeds/{name}.yaml"} else unfinished
            print((told if archived else message).format(id=name, known=", ".join(sorted(sources)) or "—"), file=sys.stderr)
        if not unknown:
            print(translate(lang, "“{id}” is given twice — give two different sources").format(id=args.first), file=sys.stderr)
        return 1
    print(describe(align(sources[args.first], sources[args.second]), lang), end="")
    return 0


def waiting(lang: str) -> Callable[[], None]:
    """What a build says when another build of the project holds the lock."""
    message = translate(lang, "Another build of this project is running (build.py or the preview); waiting for it to finish…")
    return lambda: print(message, file=sys.stderr)


def report_warnings(warnings: list[Problem], root: Path, lang: str) -> None:
    if warnings:
        print(format_report(warnings, root, lang), file=sys.stderr)


def stopped_message(command: str, problems: list[Problem]) -> str:
    """What a run that stopped says last: on errors, or on warnings alone (which only --strict stops on)."""
    errors = any(problem.severity == "error" for problem in problems)
    if command in ("new", "schemas"):  # refused by the system before or while writing
        return N_("Nothing more was written.")
    if errors and command == "check":
        return N_("The check found errors; it writes nothing.")
    if errors:
        return N_("The build stopped; site/ was left as it was.")
    if command == "check":
        return N_("--strict counts the warnings above as errors; the check writes nothing.")
    return N_("--strict counts the warnings above as errors; the build stopped and site/ was left as it was.")


COMMANDS = {
    "build": command_build,
    "check": command_check,
    "serve": command_serve,
    "new": command_new,
    "schemas": command_schemas,
    "compare": command_compare,
}


def main(argv: list[str]) -> int:
    """Run one command; editor's mistakes end in a report and exit status 1, never a traceback."""
    try:
        settings, args = parse_arguments(argv, ROOT)
        lang = cli_language(args.lang, dict(os.environ))
    except KeyboardInterrupt:  # nothing has been read or written yet
        return 130
    try:
        with refusals_told(settings.root):  # a command's own writes (a skeleton, the schemas) refused by the system
            return COMMANDS[args.command](settings, args, lang)
    except ProblemsFound as found:
        print(format_report(found.problems, settings.root, lang), file=sys.stderr)
        print(translate(lang, stopped_message(args.command, found.problems)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the build stopped, and so did every process it started
        print(translate(lang, "Stopped; site/ holds the last complete build."), file=sys.stderr)
        return 130


if __name__ == "__main__":
    stop_on_signals()  # SIGTERM too stops as Ctrl-C does: workers ended, staging removed
    sys.exit(main(sys.argv[1:]))
