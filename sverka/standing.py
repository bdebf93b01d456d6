"""The standing records: site settings, verdict scale, tags, sources, timeline and pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from . import kinds
from .addresses import ascii_host
from .dates import BackwardsRangeError, PartialDate, parse_partial
from .gallery import MEDIA, SUFFIXES, Gallery, active_part, kind_mismatch, media_file, outside_part, reaches_outside, svg_text
from .i18n import N_
from .inprose import SLUG_FILE
from .problems import UNFINISHED, Collector, Problem
from .reading import (
    language_places,
    listed_files,
    optional_file,
    read_linking_record,
    record_paths,
    relative,
    report_duplicates,
    required_file,
    where,
)
from .records import Account, Event, Flag, Page, QuoteRef, Site, Source, Tag, Trust, Verdict, Where
from .schema import Seq
from .sources import load_sources
from .standards import report_trust_gaps
from .yamlerrors import place
from .yamlread import read_bytes


@dataclass(frozen=True)
class Standing:
    """Every record but the claims, and their problems."""

    site: Site | None
    verdicts: tuple[Verdict, ...] | None
    flags: tuple[Flag, ...]
    tags: tuple[Tag, ...]
    sources: tuple[Source, ...]
    events: tuple[Event, ...]
    pages: tuple[Page, ...]
    media: Gallery
    problems: tuple[Problem, ...]
    incomplete: frozenset[str]
    """The kinds with a file that failed to load (references to them are not reported as unknown)."""
    unfinished: frozenset[str]
    """The ids of sources left out as skeletons not filled in yet."""


def load_standing(root: Path, base_url: str | None, repository_url: str | None) -> Standing:
    """The standing records and their problems; `base_url` and `repository_url` override site.yaml's."""
    problems = Collector()
    incomplete = set()
    loaded: dict[str, Any] = {}
    for kind, loader in (
        ("site", lambda: load_site(root, problems, base_url, repository_url)),
        ("verdicts", lambda: load_verdicts(root, problems)),
        ("tags", lambda: load_tags(root, problems)),
        ("sources", lambda: load_sources(root, problems)),
        ("events", lambda: load_events(root, problems)),
        ("pages", lambda: load_pages(root, problems)),
        ("media", lambda: load_media(root, problems)),
    ):
        before = len(problems.errors)
        loaded[kind] = loader()
        if len(problems.errors) > before:
            incomplete.add(kind)
    loaded["verdicts"], loaded["flags"] = loaded["verdicts"] or (None, ())
    incomplete -= {"site", "verdicts"}  # without them there is no project at all
    unfinished = frozenset(Path(p.path).stem for p in problems.problems if p.severity == UNFINISHED and p.path.startswith("seeds/"))
    return Standing(**loaded, problems=tuple(problems.problems), incomplete=frozenset(incomplete), unfinished=unfinished)


def load_site(root: Path, problems: Collector, base_url: str | None, repository_url: str | None = None) -> Site | None:
    file = required_file(root, "content/site.yaml", problems)
    rec = file and read_linking_record(root, file, kinds.SITE, problems)[0]
    if not rec or file is None:
        return None
    path = relative(root, file)
    if sorted(rec["languages"]) != sorted(("ru", "en")):
        problems.add(path, *rec.at("languages"), N_("the site is published in Russian and English — set `languages: [ru, en]`"))
    if rec["default_language"] not in rec["languages"]:
        problems.add(path, *rec.at("default_language"), N_("the default language must be one of `languages`"))
    url = ascii_address(base_url or rec["base_url"])
    publisher, licence = rec["publisher"], rec["license"]
    site = Site(
        title=rec["title"],
        description=rec["description"],
        base_url=url if url.endswith("/") else url + "/",
        languages=tuple(rec["languages"]),
        default_language=rec["default_language"],
        publisher=publisher["name"],
        repository_url=repository_home(repository_url or rec.get("repository_url")),
        license_name=licence["name"],
        license_url=licence["url"],
        license_excludes=licence.get("excludes"),
        trust=Trust(
            **{name: publisher.get(name) for name in ("organisation", "legal_form", "responsible_editor", "contact_email")},
            funding=tuple(publisher.get("funding") or ()),
        ),
    )
    report_trust_gaps(path, rec, site, problems)
    if site.is_local and not base_url:  # an address given on the command line (the preview's own) is meant
        template = N_(
            "the site's address {url} is on this machine: this build's canonical links, link previews, structured data, "
            "feeds and sitemap point there — set `base_url` to the address the site is published at, or build with --base-url"
        )
        problems.warn(path, *rec.at("base_url"), template, url=site.base_url)
    return site


def repository_home(url: str | None) -> str | None:
    """A repository's address as links to its issue tracker are made from it: `…/repo/` and `…/repo.git` (copied from the
    browser or from `git clone`) name the same repository as `…/repo`, and so does the address of one of its pages
    (`…/repo/issues`, `…/repo/tree/main`, GitLab's `…/repo/-/issues`)."""
    if not url:
        return url
    scheme, rest = url.split("://", 1)
    host, *parts = rest.rstrip("/").split("/")
    cut = next((at for at, part in enumerate(parts) if at >= 2 and part in REPOSITORY_PAGES), len(parts))
    return f"{scheme}://{'/'.join([host, *parts[:cut]])}".removesuffix(".git")


REPOSITORY_PAGES = frozenset({"-", "issues", "pulls", "pull", "tree", "blob", "commits", "commit", "wiki", "actions", "releases"})
"""The path parts that begin a page of a repository rather than name it (GitHub's, Gitea's, GitLab's after `-`)."""


def ascii_address(url: str) -> str:
    """The site's address as sitemaps, feeds and link previews take it: a host in another script in IDNA (сверка.рф as
    xn--80adju3ad.xn--p1ai), a path in another script percent-encoded. Browsers show both as written."""
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    url = f"{scheme.lower()}://{host.lower()}{slash}{path}"  # HTTPS://Sverka.ORG/ is https://sverka.org/, as browsers show it
    if url.isascii():
        return url
    parts = urlsplit(url)
    host = ascii_host(parts.hostname) or parts.netloc
    if not host.isascii():  # not a name IDNA can write: left as given
        return url
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe="/%:@!$&'()*+,;=-._~"), "", ""))


def load_verdicts(root: Path, problems: Collector) -> tuple[tuple[Verdict, ...], tuple[Flag, ...]] | None:
    """The verdict scale, and the flags that name kinds of problem beside it."""
    file = required_file(root, "content/verdicts.yaml", problems)
    rec = file and read_linking_record(root, file, kinds.VERDICTS, problems)[0]
    if not rec or file is None:
        return None
    path, items, marked = relative(root, file), rec["verdicts"], rec.get("flags") or Seq()
    verdicts = tuple(
        Verdict(v["key"], v["rating"], v["label"], v["definition"], where(path, items, i), tuple(v.get("requires") or ()))
        for i, v in enumerate(items)
    )
    flags = tuple(
        Flag(f["key"], f["label"], f["definition"], where(path, marked, i), tuple(f.get("requires") or ())) for i, f in enumerate(marked)
    )
    before = len(problems.errors)
    template = N_("duplicate verdict key “{id}” (first at line {first}) — keys must be unique")
    report_duplicates([(v.key, v.where) for v in verdicts], template, problems)
    template = N_("duplicate flag key “{id}” (first at line {first}) — keys must be unique")
    report_duplicates([(f.key, f.where) for f in flags], template, problems)
    # a scale with a key twice would make every claim of the other verdict "unknown": the scale is told alone
    return (verdicts, flags) if len(problems.errors) == before else None


def load_tags(root: Path, problems: Collector) -> tuple[Tag, ...]:
    file = optional_file(root, "content/tags.yaml", problems)
    rec = read_linking_record(root, file, kinds.TAGS, problems)[0] if file is not None else None
    if not rec or file is None:
        return ()
    path, items = relative(root, file), rec["tags"]
    template = N_("duplicate tag key “{id}” (first at line {first}) — keys must be unique")
    report_duplicates([(t["key"], where(path, items, i)) for i, t in enumerate(items)], template, problems)
    return tuple(Tag(t["key"], t["label"]) for t in items)


def load_events(root: Path, problems: Collector) -> tuple[Event, ...]:
    file = optional_file(root, "content/timeline.yaml", problems)
    rec, links, _ = read_linking_record(root, file, kinds.TIMELINE, problems, ("events", kinds.HELD_BACK)) if file else (None, {}, None)
    if rec is None or file is None:
        return ()
    path, items = relative(root, file), rec["events"]
    events = []
    for order, item in enumerate(items):
        start = parse_date(item["date"], where(path, item, "date"), problems)
        if start is not None:
            accounts = tuple(load_account(path, account, problems) for account in item.get("accounts") or ())
            refs = quote_refs(path, item["quotes"])
            place, workflow = where(path, items, order), (item.get("status") or "published", item.get("publish_at"))
            found = links_within(links, items, order)
            marks = {name: where(path, item, name) for name in item.positions}
            text = (item["title"], item["description"])
            events.append(Event(item["id"], start, *text, refs, accounts, order, place, *workflow, found, marks))
    template = N_("duplicate event id “{id}” (first at line {first}) — ids must be unique")
    report_duplicates([(e.id, e.where) for e in events], template, problems)
    return tuple(events)


def links_within(links: dict[str, Where], items: Seq, order: int) -> dict[str, Where]:
    """The links standing in one item of a list: from its line to the next item's."""
    start = items.positions[order][0]
    end = items.positions[order + 1][0] if order + 1 < len(items) else float("inf")
    return {address: place for address, place in links.items() if start <= place.line < end}


def load_account(path: str, account: Any, problems: Collector) -> Account:
    written = account.get("date")
    parsed = parse_date(written, where(path, account, "date"), problems) if written else None
    return Account(parsed, quote_refs(path, account["quotes"]), account["note"])


def parse_date(text: str, place: Where, problems: Collector) -> PartialDate | None:
    """An EDTF date, or a located problem when it names a day that does not exist."""
    try:
        parsed = parse_partial(text)
        if parsed.end is not None and parsed.end == parsed.start:  # shown as “June 2024 – June 2024”
            template = N_("the range “{value}” starts and ends with the same date — write that date alone: {fixed}")
            problems.at(place, template, "warning", value=text, fixed=text.partition("/")[0].strip())
        return parsed
    except BackwardsRangeError:
        start, _, end = text.partition("/")
        problems.at(
            place,
            N_("the range “{value}” ends before it starts — write the earlier date first: {fixed}"),
            value=text,
            fixed=f"{end}/{start}",
        )
    except ValueError:
        problems.at(place, N_("“{value}” is not a valid date — the month, day or range does not exist"), value=text)
    return None


def quote_refs(path: str, items: Seq) -> tuple[QuoteRef, ...]:
    return tuple(QuoteRef(r["claim"], r["quote"], where(path, items, i)) for i, r in enumerate(items))


def load_pages(root: Path, problems: Collector) -> tuple[Page, ...]:
    pages = []
    for file in map(Path, record_paths(root, "content/pages", problems)):
        rec, links, node = read_linking_record(root, file, kinds.PAGE, problems)
        if rec is not None:
            path = relative(root, file)
            marks = {name: where(path, rec, name) for name in rec.positions} | language_places(path, node, "body")
            workflow = (rec.get("status") or "published", rec.get("publish_at"))
            pages.append(Page(file.stem, rec["title"], rec["description"], rec["body"], where(path, rec), marks, *workflow, links))
    return tuple(pages)


def load_media(root: Path, problems: Collector) -> Gallery:
    """The images of content/media/: of a kind every browser shows, under a name safe in an address."""
    files = []
    for entry in listed_files(root, MEDIA, problems):
        path, suffix = f"{MEDIA}/{entry.name}", entry.name.rpartition(".")[2].lower()
        if report_media_name(entry.name, path, problems) or (raw := read_bytes(entry.path, path, problems)) is None:
            continue
        if not report_media_content(suffix, raw, path, problems):
            files.append(media_file(entry.name, raw))
    return tuple(files)


# A problem with a whole image stands at line 0: its path alone, and no line of its bytes shown as text.


def report_media_name(name: str, path: str, problems: Collector) -> bool:
    """Whether the name of a file in content/media/ is refused (and reported): not an image's, or not safe in an address."""
    if name.rpartition(".")[2].lower() not in SUFFIXES:
        template = N_("only images belong in content/media ({options}) — save it as one of these kinds, or move it away")
        problems.add(path, 0, 0, template, options=", ".join("." + known for known in SUFFIXES))
    elif SLUG_FILE.match(name.lower()) and not SLUG_FILE.match(name):  # as cameras name them: IMG-1.JPG
        template = N_("“{value}” has capital letters, which addresses on the published site tell apart — rename the file to {lower}")
        problems.add(path, 0, 0, template, value=name, lower=name.lower())
    elif not SLUG_FILE.match(name):
        template = N_(
            "“{value}” is not a safe name for an image — use lowercase latin letters, digits and hyphens, e.g. map-of-pyongyang.png"
        )
        problems.add(path, 0, 0, template, value=name)
    else:
        return False
    return True


LARGE_IMAGE = 5 * 2**20
"""Bytes beyond which an image is too heavy for a page read on a phone."""


def is_cut_short(suffix: str, raw: bytes) -> bool:
    """Whether a raster image lacks the end its format closes with (a copy or a download broken off)."""
    if suffix == "png":
        return b"IEND\xaeB`\x82" not in raw
    if suffix in ("jpg", "jpeg"):  # anywhere: a phone's motion photo puts a video after the end marker
        return b"\xff\xd9" not in raw
    if suffix == "gif":
        return not raw.rstrip(b"\0").endswith(b";")
    if suffix == "webp":
        return int.from_bytes(raw[4:8], "little") + 8 > len(raw)
    return False


def report_media_content(suffix: str, raw: bytes, path: str, problems: Collector) -> bool:
    """Whether an image's bytes are refused (and reported): not of the kind its name says, or an SVG that would run or load
    anything, told at the place in its text."""
    if kind_mismatch(suffix, raw):
        template = N_("the file is not a .{kind} image, though its name says so — save it again as that kind, or name it for its kind")
        problems.add(path, 0, 0, template, kind=suffix)
        return True
    if is_cut_short(suffix, raw):
        problems.add(path, 0, 0, N_("the image ends before its last part: the file was cut short — copy or export it again"))
        return True
    if len(raw) > LARGE_IMAGE:
        template = N_("the image is {size} MB, which every reader of its page downloads — export it smaller: under 1 MB is usual")
        problems.warn(path, 0, 0, template, size=round(len(raw) / 2**20))
    text = svg_text(raw) if suffix == "svg" else ""
    if (at := active_part(text)) is not None:
        template = N_("the SVG holds a script, an event handler or an embedded page, which would run on this site — export it without them")
        problems.add(path, *place(text, at), template)
    elif reaches_outside(text):
        template = N_(
            "the SVG loads an image, a style sheet or a font from outside itself (another site, a file on a computer), "
            "and a page of ours loads nothing from elsewhere — export it with them embedded"
        )
        at = outside_part(text)  # None when only its character references, decoded, load: then the whole file
        problems.add(path, *(place(text, at) if at is not None else (0, 0)), template)
    else:
        return False
    return True
