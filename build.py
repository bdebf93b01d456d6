#!/usr/bin/env python3
"""Build the Sverka fact-check site: load → check → render → publish.

python build.py                 build the site into site/
python build.py check           validate everything, write nothing
python build.py --help          every command and option
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
CACHE = ".cache"


def ensure_environment() -> None:
    """Re-run inside the project's own environment, creating it on first use.

    A run with another interpreter hands over to `.venv`'s at once; inside `.venv`, dependencies that
    are missing (the first run, or a new dependency in pyproject.toml) are installed once, then the
    build starts again.
    """
    from importlib.util import find_spec

    if all(find_spec(name) for name in ("babel", "jinja2", "livereload", "markdown_it", "orjson", "pagefind_bin", "yaml")):
        return
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() != VENV.resolve():
        if not python.exists():
            print("Setting up the project's environment in .venv (first run only)…", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])
    if os.environ.get(INSTALLED):
        sys.exit("The project's environment in .venv is incomplete: run `make clean-env site` to recreate it.")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", str(ROOT)], check=True)
    os.environ[INSTALLED] = "1"
    os.execv(sys.executable, [sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]])


INSTALLED = "SVERKA_ENVIRONMENT_INSTALLED"
"""Set once the dependencies were installed in this run, so that a failed install cannot loop."""


ensure_environment()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

from sverka.cache import Cache  # noqa: E402
from sverka.check import check_project  # noqa: E402
from sverka.i18n import cli_language, translate  # noqa: E402
from sverka.incremental import (  # noqa: E402
    MANIFEST,
    fingerprint_project,
    inputs_stamp,
    read_manifest,
    read_stamp,
    updated_manifest,
    write_manifest,
    write_stamp,
)
from sverka.jsonschemas import write_schemas  # noqa: E402
from sverka.load import load_project  # noqa: E402
from sverka.memory import Look, Memory, Published, exact_signature  # noqa: E402
from sverka.output import Staging, finish_publishing  # noqa: E402
from sverka.parallel import heap_set_aside  # noqa: E402
from sverka.problems import Collector, Problem, ProblemsFound, format_report  # noqa: E402
from sverka.records import Project  # noqa: E402
from sverka.render import FolderSink, Rendered, render_changes, render_site  # noqa: E402
from sverka.scaffold import Refused, new_claim, new_event, new_source  # noqa: E402
from sverka.search import BUNDLE, BackgroundIndexer, index_search  # noqa: E402
from sverka.serve import serve  # noqa: E402
from sverka.site import plan_site  # noqa: E402
from sverka.stopwatch import Stopwatch  # noqa: E402


def build_site(
    root: Path, base_url: str | None = None, strict: bool = False, repository_url: str | None = None
) -> tuple[dict[str, bytes], Collector]:
    """The whole pipeline in memory: load → check → render. Raises ProblemsFound."""
    project, problems = load_and_check(root, base_url, strict, repository_url)
    files = render_site(project, root, problems, plan_site)
    fail_on(problems, strict)
    return files, problems


def load_and_check(
    root: Path,
    base_url: str | None,
    strict: bool,
    repository_url: str | None,
    cache: Cache | None = None,
    clock: Stopwatch | None = None,
    memory: Memory | None = None,
) -> tuple[Project, Collector]:
    """Load every record and check every reference and quote. Raises ProblemsFound."""
    clock = clock or Stopwatch()
    problems = Collector()
    project = load_project(root, problems, base_url, repository_url, cache, memory)
    clock.lap("load")
    if project is None:
        raise ProblemsFound(problems.problems)
    with heap_set_aside():  # the records just loaded are not walked by the collections checking triggers
        project = check_project(project, problems, memory)
    clock.lap("check")
    fail_on(problems, strict)
    return project, problems


def build_and_publish(
    root: Path,
    base_url: str | None,
    strict: bool,
    repository_url: str | None,
    after_write: Callable[[Path], None] | None = index_search,
    clock: Stopwatch | None = None,
    memory: Memory | None = None,
    index_later: bool = False,
) -> tuple[Rendered, Collector]:
    """The pipeline on disk: load → check → render what changed into a staging folder → publish; caches in .cache/.

    `after_write` indexes the site for search before it is published; with `index_later` the caller
    indexes it after publishing (the preview, which keeps the last index meanwhile), otherwise a
    build without the indexer drops an out-of-date index. A `memory` kept between calls makes each
    stage redo only what changed (see sverka/memory.py).
    """
    clock = clock or Stopwatch()
    cache, site = Cache(root / CACHE), root / "site"
    settings = f"{base_url}\n{repository_url}\n{strict}\nsearch index: {after_write is not None or index_later}"
    if finish_publishing(site) and memory is not None:
        memory.manifest = None  # a publish cut off earlier was completed now: look at site/ afresh
    if memory is not None and memory.manifest is not None and kept_manifest_is_last(memory, cache.folder) and site.is_dir():
        manifest, intact, stamp = memory.manifest, True, None  # no other build has published since this process did
    else:
        stamp = inputs_stamp(root, settings)
        manifest, intact = read_manifest(cache.folder, site)
        if intact and stamp == read_stamp(cache.folder) and memory is None:
            clock.lap("unchanged")  # no input file touched and site/ intact: nothing to do
            return Rendered({}, frozenset(manifest), {path: entry.fingerprint for path, entry in manifest.items()}), Collector()
        write_stamp(cache.folder, None)
    project, problems = load_and_check(root, base_url, strict, repository_url, cache, clock, memory)
    fingerprints = fingerprint_project(project, root, f"{base_url}\n{repository_url}", memory)
    clock.lap("fingerprint")
    staging = Staging(site, flat=intact and after_write is None)  # then published file by file (see below)
    try:
        sink = FolderSink(staging.folder, manifest, flat=staging.flat)
        rendered = render_changes(project, root, problems, plan_site, fingerprints, manifest, sink, memory, cache)
        clock.lap("render")
        fail_on(problems, strict)
        rendered.removed = frozenset(manifest.keys() - rendered.fingerprints.keys())
        index_now = after_write is not None and (rendered.pages_changed or not intact or not (site / BUNDLE).is_dir())
        if not rendered.written and not rendered.removed and not index_now:
            staging.discard()  # every file's bytes are as they were: nothing to publish
        elif index_now or not intact:  # a new tree: nothing unknown in site/ is carried over
            staging.keep(rendered.unchanged)
            staging.commit((lambda folder: clock.time("search index", after_write, folder)) if after_write else None)
        else:  # no page changed, or built without the index: an out-of-date one is not kept (unless indexed later)
            dropped = [BUNDLE] if rendered.pages_changed and not index_later else []
            staging.publish(rendered.written, rendered.removed, dropped)
    except BaseException:
        staging.discard()
        if memory is not None:
            memory.manifest = None  # the publish may have been completed by discard(): look at site/ afresh next time
        raise
    entries = updated_manifest(site, manifest, rendered)
    if memory is not None:
        memory.manifest, memory.manifest_mark = entries, exact_signature(str(cache.folder / MANIFEST))
        memory.published = Published(rendered.jobs, fingerprints.number, rendered.fingerprints, entries)
    else:
        write_manifest(cache.folder, entries)
        write_stamp(cache.folder, stamp if not problems.warnings else None)
    clock.lap("publish")
    return rendered, problems


def fail_on(problems: Collector, strict: bool) -> None:
    """Stop on errors, and on warnings too in strict mode."""
    if problems.errors or (strict and problems.warnings):
        raise ProblemsFound(problems.problems)


def command_build(args: argparse.Namespace, lang: str) -> int:
    """Build and publish site/; on any problem, report all and keep the old site."""
    started = time.perf_counter()
    clock = Stopwatch()
    indexer = None if args.no_search else index_search
    with heap_set_aside():  # each stage's records are set aside from the collector once made (see parallel.py)
        rendered, problems = build_and_publish(args.root, args.base_url, args.strict, args.repository_url, indexer, clock)
    report_warnings(problems, args.root, lang)
    if args.timings:
        print(clock.report(), file=sys.stderr)
    print(
        translate(lang, "Built {pages} pages ({files} files, {changed} written) into {folder} in {seconds:.2f} s").format(
            pages=sum(1 for path in rendered.fingerprints if path.endswith(".html")),
            files=len(rendered.fingerprints),
            changed=len(rendered.written),
            folder="site/",
            seconds=time.perf_counter() - started,
        ),
        file=sys.stderr,
    )
    return 0


def command_check(args: argparse.Namespace, lang: str) -> int:
    """Validate and render in memory without writing anything."""
    _, problems = build_site(args.root, args.base_url, args.strict, args.repository_url)
    report_warnings(problems, args.root, lang)
    print(translate(lang, "No problems found."), file=sys.stderr)
    return 0


def command_serve(args: argparse.Namespace, lang: str) -> int:
    """Live preview: build, serve site/, rebuild and reload on every change; the search index follows in the background."""
    memory = Memory()
    site = args.root / "site"
    indexer = BackgroundIndexer(site, lambda found: print(format_report(found, args.root, lang), file=sys.stderr))

    def rebuild(look: Look) -> list[Problem]:
        memory.look = look  # the signatures of the files the preview just looked at
        with heap_set_aside():  # the project kept from the last build is not walked by collections during this one
            rendered, problems = build_and_publish(
                args.root, f"http://{args.host}:{args.port}/", False, None, None, memory=memory, index_later=True
            )
        if rendered.pages_changed or not (site / BUNDLE).is_dir():
            indexer.request()
        return problems.warnings

    try:
        return serve(args.root, rebuild, args.host, args.port, lang)
    finally:
        leave_manifest(args.root, memory)


def leave_manifest(root: Path, memory: Memory) -> None:
    """Write the manifest of what the preview last published into .cache/, as it stops: the preview keeps
    it in memory while it runs, and a preview started again then finds site/ up to date (its pages hold
    the preview's addresses; a build with other settings renders them again anyway). Not when another
    build published after it (that build wrote its own manifest), nor when a publish failed."""
    folder = root / CACHE
    if memory.manifest is not None and kept_manifest_is_last(memory, folder):
        with contextlib.suppress(OSError):  # without it, the next preview only renders every file again
            write_manifest(folder, memory.manifest)


def kept_manifest_is_last(memory: Memory, cache_folder: Path) -> bool:
    """Whether no other build has published since this process did: the manifest file in .cache/, which
    every other build rewrites, is as it was after this process's last build."""
    return memory.manifest_mark == exact_signature(str(cache_folder / MANIFEST))


def command_new(args: argparse.Namespace, lang: str) -> int:
    """Write a commented skeleton of a claim, source or timeline event."""
    makers = {
        "claim": lambda: new_claim(args.root, args.name),
        "source": lambda: new_source(args.root, Path(args.name), args.id),
        "event": lambda: new_event(args.root, args.name),
    }
    try:
        done = makers[args.kind]()
    except Refused as refused:
        print(refused.message(lang), file=sys.stderr)
        return 1
    print(done.message(lang), file=sys.stderr)
    return 0


def command_schemas(args: argparse.Namespace, lang: str) -> int:
    """Write the JSON Schemas of the editor's files into schemas/."""
    for path in write_schemas(args.root):
        print(path.relative_to(args.root).as_posix(), file=sys.stderr)
    return 0


def report_warnings(problems: Collector, root: Path, lang: str) -> None:
    """Print warnings of a build that succeeded."""
    if problems.warnings:
        print(format_report(problems.warnings, root, lang), file=sys.stderr)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="build.py", description="Build the Sverka fact-check site.")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this one)")
    parser.add_argument("--lang", choices=["ru", "en"], help="language of messages (default: from SVERKA_LANG or LANG)")
    commands = parser.add_subparsers(dest="command")
    for name, help_text in (("build", "build the site into site/ (the default)"), ("check", "validate without writing anything")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--base-url", help="the address the site will be published at")
        sub.add_argument("--repository-url", help="the repository whose issue tracker takes error reports")
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sub.add_argument("--timings", action="store_true", help="print how long each stage took")
        sub.add_argument("--no-search", action="store_true", help="skip the search index (quick local builds; search then finds nothing)")
    serve_parser = commands.add_parser("serve", help="live preview: rebuild and reload the browser on every change")
    serve_parser.add_argument("--port", type=int, default=8000, help="the port to listen on (default: 8000)")
    serve_parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    new_parser = commands.add_parser("new", help="write a commented skeleton: new claim ID, new source FILE.txt [--id ID], new event ID")
    new_parser.add_argument("kind", choices=["claim", "source", "event"], help="what to create")
    new_parser.add_argument("name", help="the new id (for a source: the text file to archive)")
    new_parser.add_argument("--id", help="the source's id (default: made from the file name)")
    commands.add_parser("schemas", help="write the JSON Schemas of the editor's files into schemas/")
    parser.add_argument("--base-url", dest="top_base_url", help="the address the site will be published at")
    parser.add_argument("--repository-url", dest="top_repository_url", help="the repository whose issue tracker takes error reports")
    parser.add_argument("--strict", dest="top_strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--timings", dest="top_timings", action="store_true", help="print how long each stage took")
    parser.add_argument("--no-search", dest="top_no_search", action="store_true", help="skip the search index (quick local builds)")
    args = parser.parse_args(argv)
    args.command = args.command or "build"
    args.base_url = getattr(args, "base_url", None) or args.top_base_url
    args.strict = getattr(args, "strict", False) or args.top_strict
    args.repository_url = getattr(args, "repository_url", None) or args.top_repository_url
    args.timings = getattr(args, "timings", False) or args.top_timings
    args.no_search = getattr(args, "no_search", False) or args.top_no_search
    return args


COMMANDS = {"build": command_build, "check": command_check, "serve": command_serve, "new": command_new, "schemas": command_schemas}


def main(argv: list[str]) -> int:
    """Run one command; editor's mistakes end in a report and exit status 1, never a traceback."""
    args = parse_arguments(argv)
    lang = cli_language(args.lang, dict(os.environ))
    try:
        return COMMANDS[args.command](args, lang)
    except ProblemsFound as found:
        print(format_report(found.problems, args.root, lang), file=sys.stderr)
        print(translate(lang, "The build stopped; site/ was left as it was."), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
