"""Rendering: every page of the site as bytes keyed by its output path (nothing is written here)."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from types import BuiltinFunctionType, CodeType, FunctionType, MethodType
from typing import Any

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, TemplateError, pass_context
from jinja2.bccache import Bucket
from jinja2.runtime import Context, Macro
from jinja2.utils import internalcode
from markupsafe import Markup

from .annotate import text_fragment_url
from .cache import Cache
from .i18n import LANGUAGE_NAMES, N_, Messages, format_day, format_number, load_messages
from .incremental import Entry, Fingerprints, Fragments, Made, kept_fragments
from .memory import Memory
from .output import staged_path
from .parallel import map_in_chunks
from .problems import Collector, Problem
from .prose import render_inline, render_markdown
from .records import Claim, Project
from .related import template_helpers
from .schema import LANGUAGE_WORDS
from .structured import structured_data

STATIC = "static"


@dataclass(frozen=True)
class Needs:
    """What a file shows beyond the inputs every page shares.

    Every file depends on the shared inputs: the generator's code, the templates, catalogs and standing
    content, the list of sources, and the claim index (what places each claim among the others: id,
    verdict, dates, events, tags, sources). A file that shows more names it here, so that an edit
    re-renders exactly the files that show what changed (the aspects of a claim that other pages
    show are hashed apart: `incremental.ASPECTS`). `tests/test_dependencies.py` renders every
    file of a site watching which fields of which records it reads, and fails on any not named here.
    """

    claims: tuple[str, ...] = ()
    """Claims whose whole record the file shows (summary, quotes, discrepancies)."""
    headlines_of: tuple[str, ...] | None = ()
    """Claims the file links to by headline (lists, related checks, the claims citing a source); None: every claim."""
    explanations_of: tuple[str, ...] | None = ()
    """Claims whose explanation of the verdict the file shows (lists of checks); None: every claim's."""
    corrections_of: tuple[str, ...] | None = ()
    """Claims whose correction notes the file shows (the corrections page); None: every claim's."""
    quotes_of: tuple[str, ...] | None = ()
    """Claims whose quotes the file shows; None: every claim's."""
    discrepancies_of: tuple[str, ...] | None = ()
    """Claims whose discrepancy notes the file shows; None: every claim's."""
    sources: tuple[str, ...] | None = ()
    """Sources whose metadata or text the file shows; None: every source."""
    hashed: int = field(init=False, repr=False, compare=False)
    """The hash, worked out once: needs are looked up for every file at every build (string hashes
    differ between interpreters, so needs are shared with forked workers only, never pickled)."""

    def __post_init__(self) -> None:
        fields = (self.claims, self.headlines_of, self.explanations_of, self.corrections_of, self.quotes_of, self.discrepancies_of)
        object.__setattr__(self, "hashed", hash((*fields, self.sources)))

    def __hash__(self) -> int:
        return self.hashed


ALL_SOURCES = Needs(sources=None)


def check_list(ids: tuple[str, ...] | None, sources: tuple[str, ...] | None = ()) -> Needs:
    """What a list of checks shows of each (partials/checks.html): headline and explanation; and `sources`."""
    return Needs(headlines_of=ids, explanations_of=ids, sources=sources)


@dataclass(frozen=True, slots=True)
class PageJob:
    """One file to make: where it goes and how (a template in a language, or a function), and what it shows.

    A job names records by id and looks them up when it is rendered (`context` is a function of the
    project), so the preview can keep the plan of the site from one build to the next (see site.py).
    """

    path: str
    """The URL path below the base, e.g. `ru/claims/talks-date/` or `404.html`."""
    template: str
    lang: str | None
    key: str | None
    """The same page in every language: `{lang}/{key}`; None when it has no counterpart."""
    context: Mapping[str, Any] | Callable[[Project], Mapping[str, Any]] = field(default_factory=dict)
    """The template's variables: fixed values, or a function of the project making them (called only if
    the page is rendered). Records are looked up there, never held by the job."""
    needs: Needs | None = None
    """What the file shows beyond the shared inputs; None means everything."""
    make: Callable[[Renderer], bytes] | None = None
    """For files that are not templated pages (feeds, JSON, static files): the function making the bytes."""
    modified: date | None = None
    """When what the page shows last changed, if the sitemap should say (fact-checks)."""
    output: str = field(init=False, repr=False, compare=False)
    """The file the page is written to, relative to site/."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "output", self.path + "index.html" if self.path.endswith("/") or not self.path else self.path)

    @property
    def is_page(self) -> bool:
        """An HTML page (listed in the sitemap) rather than another file."""
        return self.make is None


def file_job(path: str, make: Callable[[Renderer], bytes], needs: Needs | None = None, source: str = "") -> PageJob:
    """A job for a file made by a function rather than a template (`source` names its maker in messages)."""
    return PageJob(path, source, None, None, needs=needs, make=make)


@dataclass
class Renderer:
    """Jinja environments (one per language) and the helpers templates use."""

    project: Project
    root: Path
    messages: dict[str, Messages]
    envs: dict[str, Environment] = field(default_factory=dict)
    bytecode: BytecodeCache | None = None
    """Where compiled templates are kept between builds, if anywhere."""
    fragments: Fragments = field(default_factory=Fragments)
    """Parts of files kept between builds of the live preview (see `incremental.Fragments`)."""
    helpers: dict[str, object] = field(init=False)
    """The navigation helpers, shared by every language (what they work out is kept for the other pages)."""

    base_path: str = field(init=False)
    """The site's base path (worked out once: pages link a few dozen times each)."""
    spliced: list[bytes] = field(init=False, default_factory=list)
    """The kept parts of the file being rendered, joined, each standing in its text as a mark (see `marked`)."""
    mark: str = field(init=False, default_factory=lambda: f"\x00{secrets.token_hex(8)}\x00")
    """What stands on either side of a part's number in the text (never in an editor's text or a template)."""

    def __post_init__(self) -> None:
        self.helpers = template_helpers(self.project)
        self.base_path = self.project.site.base_path

    def href(self, path: str) -> str:
        """A link to a page of this site, under the base path."""
        return self.base_path + path

    def absolute(self, path: str) -> str:
        """A full address of a page of this site."""
        return self.project.site.base_url + path

    def env(self, lang: str) -> Environment:
        """The template environment of a language (UI strings through its catalog)."""
        if lang not in self.envs:
            self.envs[lang] = make_environment(self.root / "templates", self.messages[lang], self, self.bytecode)
        return self.envs[lang]

    def contents(self, job: PageJob) -> bytes:
        """The bytes of any job's file."""
        return job.make(self) if job.make is not None else self.render(job)

    def alternates(self, job: PageJob) -> dict[str, str]:
        """The page's address in each language, and `x-default`."""
        site = self.project.site
        if job.key is None:
            return {}
        links = {lang: self.absolute(f"{lang}/{job.key}") for lang in site.languages}
        links["x-default"] = self.absolute("") if job.key == "" else links[site.default_language]
        return links

    def claim_parts(self, lang: str, template: str, name: str, claims: Sequence[Claim], macro: Callable[[Claim], str]) -> Markup:
        """`claim_parts(name, claims, macro)` in a template: `macro(claim)` for each claim, joined. Each part
        is kept between builds of the live preview while its claim's file is the same
        (`Fragments.of_claims`), so the macro may show what the file says of the claim (not where its
        quotes stand, which checking adds) and no other record; tests/test_dependencies.py checks it.
        Kept by language, template and `name`: a page listing 150 fact-checks, of which one changed,
        makes one item again."""
        kind = f"claim part {lang} {template} {name}"
        ids = [claim.id for claim in claims]
        if not self.fragments.keeping:
            return Markup("".join(self.fragments.of_claims(kind, ids, lambda index: str(macro(claims[index])))))
        return self.marked(self.fragments.of_claims(kind, ids, lambda index: self.encoded(macro(claims[index]))))

    def parts(self, lang: str, template: str, name: str, views: Sequence[Any], macro: Callable[[Any], str]) -> Markup:
        """`parts(name, views, macro)` in a template: `macro(view)` for each view, joined. Each part is
        kept between builds of the live preview under the view's `key` while what its `needs` name is
        unchanged (see `incremental.Fragments`; tests/test_dependencies.py checks that the needs cover
        the fields of claims, quotes and sources a part reads); kept by language, template and `name`. A
        list of 800 entries of which one changed is made of 799 kept ones without a look-up of each
        (`Fragments.listed`)."""
        kind = f"page part {lang} {template} {name}"
        keys, needs = [view.key for view in views], [view.needs for view in views]
        if not self.fragments.keeping:
            return Markup("".join(self.fragments.parts(kind, keys, needs, lambda index: str(macro(views[index])))))
        return self.marked(self.fragments.parts(kind, keys, needs, lambda index: self.encoded(macro(views[index]))))

    def encoded(self, text: str) -> bytes:
        """A part's text as the UTF-8 bytes it is kept as: the live preview keeps the source pages' and the
        timeline's parts, 130 MB of text at N = 10,000, which take about half as much memory as bytes
        (text with a Cyrillic letter in it takes two bytes for every character)."""
        return self.spliced_in(str(text))

    def marked(self, parts: list[bytes]) -> Markup:
        """Kept parts, joined, for a template to output: a mark that `spliced_in` replaces with their bytes
        once the file's text is made (so they are not decoded and encoded again). The mark can only be
        output as it is, as `parts` and `claim_parts` are (no filter); no parts give no mark, so that a
        template may test whether there are any."""
        if not parts:
            return Markup("")
        self.spliced.append(b"".join(parts))
        return Markup(f"{self.mark}{len(self.spliced) - 1}{self.mark}")

    def spliced_in(self, text: str) -> bytes:
        """Text as UTF-8 bytes, with the parts its marks stand for put in their place."""
        if self.mark not in text:
            return text.encode("utf-8")
        pieces = text.split(self.mark)  # text, a part's number, text, …
        return b"".join(piece.encode("utf-8") if place % 2 == 0 else self.spliced[int(piece)] for place, piece in enumerate(pieces))

    def render(self, job: PageJob) -> bytes:
        """Render one page to UTF-8 bytes."""
        lang = job.lang or self.project.site.default_language
        template = self.env(lang).get_template(job.template)
        context = {
            "lang": lang,
            "page_path": job.path,
            "page_key": job.key,
            "canonical": self.absolute(job.path) if job.path != "404.html" else None,
            "alternates": self.alternates(job),
            **(job.context(self.project) if callable(job.context) else job.context),
        }
        try:
            return self.spliced_in(template.render(context))
        finally:
            self.spliced.clear()


class KeptBytecode(BytecodeCache):
    """Compiled templates kept in a dictionary: Jinja's key of a template (its name) → the checksum of the
    source it was compiled from and the code. Code objects never change, so they are kept as they
    are rather than marshalled (which took a tenth of a preview rebuild that renders a few files)."""

    def __init__(self, store: dict[str, tuple[str, CodeType]]) -> None:
        self.store = store

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self.store.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.store[bucket.key] = (bucket.checksum, bucket.code)


PLAIN_CALLABLES = (FunctionType, MethodType, BuiltinFunctionType)
"""Kinds of callables that take a context, evaluation context or environment only when marked so
(`jinja_pass_arg`, set by `pass_context` and its siblings)."""


class SiteContext(Context):
    """A template context whose calls of macros and plain functions go straight to them.

    Jinja compiles every call in a template (`_()`, `href()`, a macro) to `Context.call`, which asks the
    callable in up to five attribute look-ups whether it wants the context passed first. A macro never
    does, and a function or method only when marked, which one look-up tells; other callables go the
    general way. A fact-check page makes over a hundred such calls.
    """

    @internalcode  # left out of template tracebacks, as Jinja's own
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's own signature
        kind = type(__obj)
        if kind is Macro or (kind in PLAIN_CALLABLES and getattr(__obj, "jinja_pass_arg", None) is None):
            kwargs.pop("_block_vars", None)  # what Jinja adds for callables that take the context
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


class SiteEnvironment(Environment):
    """A Jinja environment whose templates each see a plain copy of its globals, made when they load.

    Jinja keeps a template's globals as a ChainMap over the environment's, so that later changes show;
    ours are all set before any template loads, as Jinja advises. A ChainMap costs at every render:
    each page's context copies it, and each `{% from … import … %}` compares its keys with the page's
    one by one in Python (together about 0.1 ms of a fact-check page's 1.5 ms).
    """

    context_class = SiteContext

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def make_environment(templates: Path, messages: Messages, renderer: Renderer, bytecode: BytecodeCache | None = None) -> Environment:
    """A strict, autoescaping Jinja environment with our filters and one language's catalog."""
    env = SiteEnvironment(
        bytecode_cache=bytecode,
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build renders one state of the templates; the preview makes a new environment per build
    )
    env.install_gettext_callables(messages.gettext, messages.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = direct_gettext(messages.gettext)
    project, lang = renderer.project, messages.lang
    base_path = project.site.base_path
    env.globals.update(
        lang=lang,  # the environment's language: macros imported without the page's context see it
        site=project.site,
        project=project,
        href=renderer.href,
        absolute=renderer.absolute,
        language_names=LANGUAGE_NAMES,
        ui=lambda code, message: renderer.messages[code].gettext(message),
        other_languages=[code for code in project.site.languages if code != lang],
        text_fragment=text_fragment_url,
        structured_data=lambda path: structured_data(project, path),
        verdict_badge=verdict_badges(env, project),
        claim_parts=pass_context(lambda context, *args: renderer.claim_parts(lang, context.name, *args)),
        parts=pass_context(lambda context, *args: renderer.parts(lang, context.name, *args)),
        **renderer.helpers,
    )
    env.filters.update(
        tr=lambda text: text[lang],
        md=lambda text: render_markdown(text, base_path),
        md_inline=lambda text: render_inline(text, base_path),
        day=lambda value: format_day(value, lang),
        number=lambda value: format_number(value, lang),
        iso=lambda value: value.isoformat(),
    )
    return env


BADGE_TEMPLATE = "partials/verdict.html"


def verdict_badges(env: Environment, project: Project) -> Callable[..., Markup]:
    """`verdict_badge(key, link=false, indexed=false)`: the `badge` macro of partials/verdict.html for a
    verdict, made once per language and arguments, then taken as made.

    The macro sees only the language's globals, so a verdict's badge is the same on every page of a
    language. Lists, source pages and the timeline show it once per claim (about 300,000 times in a
    site of 10,000 claims), and a macro call costs many times the dictionary look-up that replaces it.
    """
    made: dict[tuple[str, bool, bool], Markup] = {}

    def verdict_badge(key: str, link: bool = False, indexed: bool = False) -> Markup:
        found = made.get((key, link, indexed))
        if found is None:
            badge = env.get_template(BADGE_TEMPLATE).module.badge  # type: ignore[attr-defined]
            found = made[key, link, indexed] = Markup(badge(project.verdict_by_key[key], link=link, indexed=indexed))
        return found

    return verdict_badge


def direct_gettext(gettext: Callable[[str], str]) -> Callable[..., Markup]:
    """`_()` as the i18n extension's new-style gettext behaves with autoescaping (the translation is safe,
    `%(name)s` placeholders are filled in escaped), but called directly: a page calls it dozens of times."""

    plain: dict[str, Markup] = {}

    def translated(message: str, /, **variables: object) -> Markup:
        if variables:
            return Markup(gettext(message)) % variables
        if message not in plain:  # a label without placeholders: the same every time
            plain[message] = Markup(gettext(message)) % variables
        return plain[message]

    return translated


def plan_pages(project: Project) -> list[PageJob]:
    """The entry pages, every claim's page and the standing pages, in a stable order."""
    jobs = [PageJob("", "root.html", None, "", needs=Needs()), PageJob("404.html", "404.html", None, None, needs=Needs())]
    related = project.related_checks
    related.work_out_all()
    # What a claim's page needs and how it gets its context are the same in every language: made once.
    shared = {
        claim.id: (
            Needs(
                claims=(claim.id,),
                headlines_of=(listed := related.ids_of(claim)),  # its related checks
                explanations_of=listed,
                sources=claim.source_ids,
            ),
            partial(claim_context, claim.id),
            claim.modified,
        )
        for claim in project.claims
    }
    corrected = tuple(sorted(claim.id for claim in project.claims if claim.corrections))
    for lang in project.site.languages:
        for claim in project.claims:
            path, key = f"{lang}/claims/{claim.id}/", f"claims/{claim.id}/"
            needs, context, modified = shared[claim.id]
            jobs.append(PageJob(path, "claim.html", lang, key, context, needs, modified=modified))
        for page in project.pages:
            context = partial(page_context, page.slug)
            # The corrections page lists every correction under its claim's headline (page.html).
            needs = Needs(headlines_of=corrected, corrections_of=corrected, sources=None) if page.slug == "corrections" else ALL_SOURCES
            jobs.append(PageJob(f"{lang}/{page.slug}/", "page.html", lang, f"{page.slug}/", context, needs))
    return jobs


def claim_context(claim_id: str, project: Project) -> dict[str, object]:
    """What a claim's page shows."""
    return {"claim": project.claim_by_id[claim_id]}


def page_context(slug: str, project: Project) -> dict[str, object]:
    """What a standing page shows."""
    return {"page": project.page_by_slug[slug]}


SitePlan = Callable[[Project], list[PageJob]]


@dataclass
class Rendered:
    """A build's output: what was made now, what was kept from the last build, and every file's fingerprint."""

    files: dict[str, bytes]
    """The bytes of every file made now (in-memory builds only)."""
    kept: frozenset[str] = frozenset()
    """Files of the last build whose inputs did not change: not rendered at all."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    """The SHA-256 of every file made now."""
    written: frozenset[str] = frozenset()
    """Files made now whose bytes differ from the last build's (the others keep the live copy)."""
    removed: frozenset[str] = frozenset()
    """Files of the last build that this one no longer makes."""
    jobs: list[PageJob] = field(default_factory=list, repr=False, compare=False)
    """The jobs of the site: rendered or kept (none when the build found nothing to do)."""

    @property
    def pages_changed(self) -> bool:
        """Whether a page was written or removed (the search index then no longer matches the site)."""
        return any(path.endswith(".html") for path in (*self.written, *self.removed))

    @property
    def unchanged(self) -> frozenset[str]:
        """Every file whose bytes are as the last build left them: kept, or made again with the same bytes."""
        return self.kept | (self.hashes.keys() - self.written)


class Sink:
    """Where rendered files go: kept in memory (the default), or written to a folder by the renderer itself."""

    def accept(self, path: str, content: bytes) -> tuple[str, bytes | None, bool]:
        """Take one file; return its SHA-256, its bytes if kept in memory, and whether bytes were written."""
        return hashlib.sha256(content).hexdigest(), content, False


@dataclass
class FolderSink(Sink):
    """Files written straight into a staging folder, so no process holds the whole site in memory.

    A file whose bytes equal the live site's copy (by the manifest's hash) is not written: the
    publishing step keeps the live copy. In a `flat` staging folder, files are written side by side
    (see `output.staged_path`).
    """

    folder: Path
    live: Mapping[str, Entry]
    """The manifest of the live site: each file's SHA-256 among what it remembers."""
    flat: bool = False
    made: set[str] = field(default_factory=set)
    """The folders this process made or found (each page is a folder's index.html: tens of thousands)."""

    def accept(self, path: str, content: bytes) -> tuple[str, bytes | None, bool]:
        sha = hashlib.sha256(content).hexdigest()
        entry = self.live.get(path)
        if entry is not None and entry.sha256 == sha:
            return sha, None, False
        target = staged_path(self.folder, path, self.flat)
        folder = os.path.dirname(target)
        if not self.flat and folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        with open(target, "wb") as file:
            file.write(content)
        return sha, None, True


def render_site(project: Project, root: Path, problems: Collector, plan: SitePlan = plan_pages) -> dict[str, bytes]:
    """Render every page, generated file and static file in memory; report template errors and missing UI strings."""
    return render_changes(project, root, problems, plan).files


def render_changes(
    project: Project,
    root: Path,
    problems: Collector,
    plan: SitePlan = plan_pages,
    fingerprints: Fingerprints | None = None,
    last: Mapping[str, Entry] | None = None,
    sink: Sink | None = None,
    memory: Memory | None = None,
    cache: Cache | None = None,
) -> Rendered:
    """Render the files whose fingerprint differs from the last build's manifest (output path → entry);
    all when there is none.

    The entries' sizes tell whether a few files to render are worth spreading over the cores. Related
    checks are taken from `memory` or `cache` while the claim index is as when they were worked out,
    and the ones worked out now are kept in `cache`.
    """
    messages = {lang: load_messages(root / "locales", lang) for lang in project.site.languages}
    bytecode = KeptBytecode(memory.bytecode) if memory is not None else None
    taken = keep_related(project, fingerprints, memory, cache)
    renderer = Renderer(project, root, messages, bytecode=bytecode, fragments=kept_fragments(fingerprints, memory))
    last = last or {}
    sink = sink or Sink()
    jobs, clashes = planned(project, root, plan, fingerprints, memory)
    problems.extend(list(clashes))
    prints, kept, todo = sort_out(jobs, fingerprints, last, memory)
    todo = counterparts_together(near_their_claims(todo + primed(jobs, kept, last, memory), project))
    files: dict[str, bytes] = {}
    hashes: dict[str, str] = {}
    written: set[str] = set()
    heavy = memory is None and sum(last[job.output].size for job in todo if job.output in last) >= HEAVY_BYTES
    for index, (sha, content, wrote), missing, error, made in render_jobs(renderer, todo, sink, heavy):
        job = todo[index]
        renderer.fragments.keep(made)
        for lang, message in missing:
            messages[lang].missing.add(message)
        if error is not None:
            problems.add(relative_template(root, error[0]), error[1], 1, N_("template error: {reason}"), reason=error[2])
            continue
        hashes[job.output] = sha
        if content is not None:
            files[job.output] = content
        if wrote:
            written.add(job.output)
    if any(table.missing for table in messages.values()):
        renderer.fragments.forget()  # a part taken as kept would not ask for its UI strings again
    report_missing_messages(root, messages, problems)
    if cache is not None and fingerprints is not None and len(project.related_checks.found) > taken:
        with suppress(OSError):  # a cache that cannot be written only makes the next build slower
            cache.write_value(RELATED, fingerprints.shared, project.related_checks.stored())
    return Rendered(files, frozenset(kept), prints, hashes, frozenset(written), jobs=jobs)


def sort_out(
    jobs: list[PageJob], fingerprints: Fingerprints | None, last: Mapping[str, Entry], memory: Memory | None
) -> tuple[dict[str, str], set[str], list[PageJob]]:
    """Each file's fingerprint, the files kept as the last build left them (their fingerprint is the one
    in the manifest `last`), and the jobs to render; every job is rendered when there are no fingerprints.

    The preview looks only at the files whose needs may have changed since the last build it published
    (`Fingerprints.stale`), when that build's fingerprints are the ones these took over from (no build
    failed in between), and it has the same jobs (the same plan) and the manifest that build left:
    every other file has the fingerprint it was made or kept with then, which is the one its entry holds.
    """
    if fingerprints is None:
        return {}, set(), list(jobs)
    before = memory.published if memory is not None else None
    if (
        before is not None
        and fingerprints.stale is not None
        and fingerprints.taken_from == before.fingerprints
        and before.jobs is jobs
        and before.manifest is last
    ):
        index = needs_index(jobs, memory)
        looked = sorted({i for needs in (*fingerprints.stale, None) for i in index.get(needs, ())})
        prints, look_at = dict(before.prints), [jobs[i] for i in looked]
        kept = prints.keys() - {job.output for job in look_at}
    else:
        prints, kept, look_at = {}, set(), jobs
    todo = []
    for job in look_at:
        output = job.output
        prints[output] = fingerprint = fingerprints.of(job.needs)
        entry = last.get(output)
        if entry is not None and entry.fingerprint == fingerprint:
            kept.add(output)
            continue
        todo.append(job)
    return prints, kept, todo


def primed(jobs: list[PageJob], kept: set[str], last: Mapping[str, Entry], memory: Memory | None) -> list[PageJob]:
    """In the live preview's first build, the kept files that were PRIMED_BYTES or more (taken out of
    `kept`), to be made again: the catalogue and the timeline are made of parts the preview keeps
    (`incremental.Fragments`), and a first build that finds them up to date makes none, so the first
    headline edit would make all of them (10,000 entries of `claims.json`). Made again, their bytes
    are the same, and they are not written."""
    if memory is None or memory.published is not None:
        return []
    large = [job for job in jobs if job.output in kept and last[job.output].size >= PRIMED_BYTES]
    kept.difference_update(job.output for job in large)
    return large


PRIMED_BYTES = 1_000_000


def needs_index(jobs: list[PageJob], memory: Memory | None) -> dict[Needs | None, list[int]]:
    """Where each job's needs are in the list of jobs (made once per plan, kept in `memory`)."""
    if memory is not None and memory.needs_index is not None and memory.needs_index[0] is jobs:
        return memory.needs_index[1]
    index: dict[Needs | None, list[int]] = {}
    for number, job in enumerate(jobs):
        index.setdefault(job.needs, []).append(number)
    if memory is not None:
        memory.needs_index = (jobs, index)
    return index


RELATED = "related"
"""The cache's name for the related checks worked out by the last build."""


def keep_related(project: Project, fingerprints: Fingerprints | None, memory: Memory | None, cache: Cache | None) -> int:
    """Hand the project the related checks worked out by the last build (bound to this project's records)
    while the shared inputs, the claim index among them, are the same: from memory in the live preview,
    from the cache otherwise (planning names them for every claim's page). Return how many it took."""
    if fingerprints is None:
        return 0
    if memory is not None:
        if memory.related is not None and memory.related[0] == fingerprints.shared and "related_checks" not in vars(project):
            vars(project)["related_checks"] = memory.related[1].for_project(project)  # where cached_property keeps it
        memory.related = (fingerprints.shared, project.related_checks)
    related = project.related_checks
    if cache is not None and not related.found:
        stored = cache.read_value(RELATED, fingerprints.shared)
        if stored is not None:
            related.take_stored(stored)
    return len(related.found)


def planned(
    project: Project, root: Path, plan: SitePlan, fingerprints: Fingerprints | None, memory: Memory | None
) -> tuple[list[PageJob], tuple[Problem, ...]]:
    """Every job of the site, one per output path, and the problems of pages planned onto the same path.

    Jobs name records by id, so a plan depends only on the shared inputs (see `PLANNERS` in site.py);
    with a memory, the last plan is used again while they hold, and a rebuild does not plan 30,000
    jobs to render a few.
    """
    shared = fingerprints.shared if fingerprints is not None else None
    if memory is not None and memory.plan is not None and shared is not None:
        kept_plan, kept_shared, jobs, clashes = memory.plan
        if kept_plan is plan and kept_shared == shared:
            return jobs, clashes
    found = Collector()
    origin: dict[str, str] = {}
    everything = [*plan(project), *static_jobs(root / "templates" / STATIC)]
    jobs = [job for job in everything if claim_path(origin, job.output, job.template or job.path, found)]
    if memory is not None and shared is not None:
        memory.plan = (plan, shared, jobs, tuple(found.problems))
    return jobs, tuple(found.problems)


def near_their_claims(jobs: list[PageJob], project: Project) -> list[PageJob]:
    """The pages showing whole claims or their discrepancy notes (fact-check pages and the pages of the
    discrepancy index) ordered by the newest of those claims, newest first, each page of the index
    right after the fact-check pages of the claims it lists; then the other jobs, as they were.

    Each process renders consecutive jobs, and a short markdown text rendered is remembered for a while
    (`prose.render_short_markdown`): a discrepancy note, shown on its claim's page and on a page of the
    index, is then rendered once in most builds, not twice (at 10,000 claims on two cores, 30,000 notes:
    about 4 s of CPU). With more cores, neighbouring chunks of jobs go to different workers, and fewer
    notes are found remembered. The other jobs come last, where this process starts
    (`parallel.shared_map`): the files listing every claim (source pages, lists, the timeline, the
    catalogue) are then made in the process that keeps their parts in the live preview, rather than in
    a worker that sends them back (with them first, a preview's start peaked 0.08 GB higher at
    N = 10,000). Fewer jobs than are spread over the cores (a rebuild after an edit) keep their order.
    """
    if len(jobs) < PARALLEL_FROM:
        return jobs
    rank = {claim.id: place for place, claim in enumerate(project.newest_claims)}
    others: list[PageJob] = []
    placed: list[tuple[int, int, int, PageJob]] = []
    for order, job in enumerate(jobs):
        shown = (job.needs.claims or job.needs.discrepancies_of or ()) if job.needs is not None and job.is_page else ()
        if shown:
            placed.append((max(rank.get(claim, len(rank)) for claim in shown), len(shown), order, job))
        else:
            others.append(job)
    return [job for *_, job in sorted(placed, key=lambda entry: entry[:3])] + others


def counterparts_together(jobs: list[PageJob]) -> list[PageJob]:
    """The jobs with each page's language versions next to one another (first appearance decides the place).

    Workers render consecutive jobs, so what the language versions of a page share (their records'
    pages of memory, notes rendered once) is touched by one process.
    """
    groups: dict[object, list[PageJob]] = {}
    for job in jobs:
        groups.setdefault(job.key if job.key is not None else id(job), []).append(job)
    return [job for group in groups.values() for job in group]


RenderResult = tuple[int, tuple[str, bytes | None, bool], list[tuple[str, str]], tuple[str, int, str] | None, list[Made]]
ACTIVE: list[tuple[Renderer, list[PageJob], Sink]] = []
"""The renderer, jobs and sink a forked worker inherits from the parent (only index ranges are sent)."""
PARALLEL_FROM, CHUNK = 64, 32
HEAVY_BYTES = 2_000_000
"""Fewer than PARALLEL_FROM files are rendered here, unless they made this many bytes last time (pages
listing everything, such as the timeline or claims.json after a headline edit); then they too are
rendered on every core, one per chunk. Not in the live preview: those files are made of parts it keeps
(`incremental.Fragments`), and forking a process holding a large project, and the pages it then
copies, cost more than it saves. At N = 10,000, a headline edit in the preview rendered in 0.18 s here
and 0.24 s spread (medians of eight edits in the same minutes); at N = 50,000, 0.92 and 0.75 s, in two
sessions taken ten minutes apart while the machine's speed drifted by a third."""


def render_jobs(renderer: Renderer, jobs: list[PageJob], sink: Sink, heavy: bool = False) -> list[RenderResult]:
    """Render files, on every core when there are many, or a few `heavy` ones; results come back in the jobs' order."""
    ACTIVE[:] = [(renderer, jobs, sink)]
    try:
        size, parallel_from = (1, 2) if heavy and len(jobs) < PARALLEL_FROM else (CHUNK, PARALLEL_FROM // CHUNK + 1)
        ranges = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
        return map_in_chunks(render_ranges, ranges, 1, parallel_from)
    finally:
        ACTIVE.clear()


def render_ranges(ranges: list[tuple[int, int]]) -> list[RenderResult]:
    """A worker's share of the jobs, by index into the inherited list."""
    renderer, jobs, sink = ACTIVE[0]
    return [render_one(renderer, jobs, index, sink) for start, end in ranges for index in range(start, end)]


def render_one(renderer: Renderer, jobs: list[PageJob], index: int, sink: Sink) -> RenderResult:
    """One file (by its index), with the UI strings it lacked, any template error (file, line, reason)
    and the parts of files it made to be kept."""
    job = jobs[index]
    before = {lang: set(table.missing) for lang, table in renderer.messages.items()}
    try:
        output = sink.accept(job.output, renderer.contents(job))
        error = None
    except TemplateError as failure:
        output = ("", None, False)
        error = (getattr(failure, "filename", None) or job.template, getattr(failure, "lineno", None) or 1, str(failure))
    missing = [(lang, m) for lang, table in renderer.messages.items() for m in sorted(table.missing - before[lang])]
    return index, output, missing, error, renderer.fragments.take_made()


def report_missing_messages(root: Path, messages: dict[str, Messages], problems: Collector) -> None:
    """A UI string used by a page but absent from a catalog fails the build, at the template line using it."""
    missing = {(lang, message) for lang, table in messages.items() for message in table.missing}
    if not missing:
        return
    places = message_locations(root / "templates")
    for lang, message in sorted(missing):
        path, line = places.get(message, (f"locales/{lang}/LC_MESSAGES/messages.po", 1))
        problems.add(
            path,
            line,
            1,
            N_("the UI string “{value}” has no {language} translation — run `make messages`, then translate it in {catalog}"),
            value=message,
            language=LANGUAGE_WORDS[lang],
            catalog=f"locales/{lang}/LC_MESSAGES/messages.po",
        )


def message_locations(templates: Path) -> dict[str, tuple[str, int]]:
    """Where each UI string is first used in the templates (file and line)."""
    keywords = {**DEFAULT_KEYWORDS, "ui": (2,)}
    options = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    places: dict[str, tuple[str, int]] = {}
    for filename, line, message, _, _ in extract_from_dir(str(templates), [("**.html", "jinja2")], options, keywords=keywords):
        key = message[0] if isinstance(message, tuple) else message
        places.setdefault(key, (f"templates/{filename}", line))
    return places


def claim_path(origin: dict[str, str], path: str, source: str, problems: Collector) -> bool:
    """Reserve an output path; a second page on the same path is an error, not an overwrite."""
    if path in origin:
        problems.add(
            source,
            1,
            1,
            N_("two pages would be written to site/{output} (from {first} and {second}) — rename one of them"),
            output=path,
            first=origin[path],
            second=source,
        )
        return False
    origin[path] = source
    return True


def relative_template(root: Path, name: str) -> str:
    """A template's path as messages show it."""
    candidate = Path(name)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            return candidate.as_posix()
    return f"templates/{name}"


def static_jobs(folder: Path) -> list[PageJob]:
    """Every static asset (stylesheets, scripts) copied as it is, sorted."""
    if not folder.is_dir():
        return []
    files = sorted(f for f in folder.rglob("*") if f.is_file())
    return [file_job(f"{STATIC}/{f.relative_to(folder).as_posix()}", partial(read_static, f), Needs(), "templates/static") for f in files]


def read_static(file: Path, renderer: Renderer) -> bytes:
    """A static file's bytes."""
    return file.read_bytes()
