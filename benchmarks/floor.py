"""The least CPU a cold build can take with the fixed libraries: their share of the work, timed alone.

    python benchmarks/floor.py CORPUS          # CORPUS: a project built once (`build.py --root CORPUS`)

A cold build must at least parse every YAML file into nodes that remember where each value stands
(libyaml's C parser, as `yamlread.parse_yaml` calls it), render every markdown text once
(markdown-it-py, configured as `prose.make_parser` configures it) and write every byte of the site into
new folders. This script times each of those alone, in one process, with nothing of the generator
around it: no validation, no records, no checks, no templates. Their sum is a floor under the cold
build's CPU time; divided by the cores, a floor under its wall-clock time, reached only if everything
else took no time and the cores were never idle. The site's files are read from CORPUS/site and written
into a temporary folder beside it, in batches, which is removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

import build  # noqa: E402
from sverka.parallel import cores  # noqa: E402
from sverka.prose import parser_for  # noqa: E402
from sverka.records import Project  # noqa: E402

BATCH = 2000
"""Files of the site held in memory at once while their writing is timed."""


def cpu(work: Callable[[], object]) -> float:
    """The CPU time (user and system) this process spent on `work`."""
    started = time.process_time()
    work()
    return time.process_time() - started


def yaml_files(root: Path) -> list[Path]:
    """Every YAML file a build reads."""
    return sorted(path for folder in ("content", "seeds") for path in (root / folder).rglob("*.yaml"))


def parse_all(texts: list[str]) -> None:
    """Compose every text into nodes, as the build does (`yamlread.parse_yaml`)."""
    for text in texts:
        list(yaml.compose_all(text, Loader=yaml.CSafeLoader))


def markdown_texts(project: Project) -> list[str]:
    """Every markdown text the site shows, in each language, once."""
    texts = [
        *(claim.summary for claim in project.claims),
        *(discrepancy.note for claim in project.claims for discrepancy in claim.discrepancies),
        *(correction.note for claim in project.claims for correction in claim.corrections),
        *(verdict.definition for verdict in project.verdicts),
        *(event.description for event in project.events),
        *(account.note for event in project.events for account in event.accounts),
        *(page.body for page in project.pages),
    ]
    return [text for bilingual in texts for text in bilingual.values()]


def render_all(texts: list[str]) -> None:
    """Render every text once, with the parser the build uses."""
    render = parser_for("/").render
    for text in texts:
        render(text)


def site_batches(site: Path) -> Iterator[list[tuple[str, bytes]]]:
    """The site's files (path relative to `site`, bytes), a batch at a time."""
    batch: list[tuple[str, bytes]] = []
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                batch.append((os.path.relpath(path, site), handle.read()))
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def write_batch(target: str, batch: list[tuple[str, bytes]], made: set[str]) -> None:
    """Write files into new folders, each folder made once."""
    for relative, data in batch:
        folder = os.path.dirname(os.path.join(target, relative))
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(os.path.join(target, relative), "wb") as out:
            out.write(data)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args()
    site = args.corpus / "site"
    if not site.is_dir():
        sys.exit(f"{site} does not exist: build the project first (python build.py --root {args.corpus} --no-search)")
    texts = [path.read_text(encoding="utf-8") for path in yaml_files(args.corpus)]
    project, _ = build.load_and_check(args.corpus, None, False, None)
    markdown = markdown_texts(project)
    rows = [
        (f"YAML: {len(texts):,} files, {sum(map(len, texts)) / 2**20:.0f} M characters, libyaml", cpu(lambda: parse_all(texts))),
        (f"markdown: {len(markdown):,} texts, markdown-it-py", cpu(lambda: render_all(markdown))),
    ]
    target = tempfile.mkdtemp(prefix="floor-", dir=args.corpus)
    written, files, made = 0.0, 0, set[str]()
    size = 0
    try:
        for batch in site_batches(site):
            started = time.process_time()
            write_batch(target, batch, made)
            written += time.process_time() - started
            files += len(batch)
            size += sum(len(data) for _, data in batch)
    finally:
        shutil.rmtree(target, ignore_errors=True)
    rows.append((f"writing the site: {files:,} files, {size / 2**20:.0f} MB, {len(made):,} folders", written))
    total = sum(seconds for _, seconds in rows)
    width = max(len(label) for label, _ in rows)
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds:7.2f} s CPU")
    print(f"{'the libraries alone':<{width}}  {total:7.2f} s CPU")
    print(f"{f'on {cores()} cores, at best':<{width}}  {total / cores():7.2f} s")


if __name__ == "__main__":
    main()
