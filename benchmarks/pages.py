"""Where a cold build's rendering CPU goes: each kind of file of a project, rendered in one process.

    python benchmarks/pages.py CORPUS [--sample 100]

Loads and checks the project as a build does, works out every related check, then renders up to
`--sample` files of each kind (a template, or the data files, `claims.json`, feeds and the rest)
three times after a warm-up. Prints the best CPU time per file, how many files of that kind the site
has, and their estimated total: the time per file times their number. Nothing is written.

With `--templates-only`, every markdown text of the sample is rendered once and remembered, during the
warm-up, so the times are those of the templates and the code they call, without markdown.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections import defaultdict
from pathlib import Path

from markupsafe import Markup

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import build  # noqa: E402
import sverka.prose  # noqa: E402
from sverka.render import PageJob, Renderer, load_messages  # noqa: E402
from sverka.site import plan_site  # noqa: E402


def kind_of(job: PageJob) -> str:
    """A template's name, or what a generated file is."""
    if job.make is None:
        return job.template
    if job.output.startswith("data/"):
        return "data/claims/*.json"
    return job.output.rsplit("/", 1)[-1]


def remember_markdown() -> None:
    """Make the markdown of every module that renders some remember every text it renders (see --templates-only)."""
    render = sverka.prose.render_markdown
    remembered: dict[tuple[str, str], Markup] = {}

    def remembering(text: str, base_path: str = "/") -> Markup:
        html = remembered.get((text, base_path))
        if html is None:
            html = remembered[text, base_path] = render(text, base_path)
        return html

    for name, module in list(sys.modules.items()):
        if name.startswith("sverka.") and getattr(module, "render_markdown", None) is render:
            module.render_markdown = remembering  # type: ignore[attr-defined]


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sample", type=int, default=100, help="files of each kind to render (default 100)")
    parser.add_argument("--templates-only", action="store_true", help="markdown rendered during the warm-up only")
    args = parser.parse_args()
    if args.templates_only:
        remember_markdown()
    project, _ = build.load_and_check(args.corpus, None, False, None)
    renderer = Renderer(project, args.corpus, {lang: load_messages(args.corpus / "locales", lang) for lang in project.site.languages})
    kinds: dict[str, list[PageJob]] = defaultdict(list)
    for job in plan_site(project):
        kinds[kind_of(job)].append(job)
    project.related_checks.work_out_all()
    gc.freeze()  # as in a build's workers: the project is not walked by collections
    rows = []
    for kind, jobs in kinds.items():
        sample = jobs[: args.sample]
        for job in sample if args.templates_only else sample[:1]:
            renderer.contents(job)
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            for job in sample:
                renderer.contents(job)
            best = min(best, (time.process_time() - started) / len(sample))
        rows.append((best * len(jobs), kind, len(jobs), best))
    print(f"{'files':<28} {'count':>7} {'ms each':>9} {'total s':>8}")
    for total, kind, count, each in sorted(rows, reverse=True):
        print(f"{kind:<28} {count:>7} {each * 1000:>9.3f} {total:>8.2f}")
    print(f"{'all':<28} {sum(r[2] for r in rows):>7} {'':>9} {sum(r[0] for r in rows):>8.2f}")


if __name__ == "__main__":
    main()
