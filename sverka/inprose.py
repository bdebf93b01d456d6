"""What the markdown texts of a record show and link to, found in its YAML node tree with their places in the file:
images, links to this site and to the record's own quotes, and Markdown the site would not render as meant."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from markdown_it.token import Token

from .gallery import PREFIX
from .i18n import N_
from .languages import LANGUAGES
from .problems import LINE_BREAK, Collector
from .prose import IMAGE_FINDER, WEB_SCHEMES
from .records import Where, is_local
from .schema import Bilingual, ListOf, Nullable, Record, Spec, Text
from .yamlread import MappingNode, Node, ScalarNode, SequenceNode

SLUG_FILE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+$")
"""A file name safe in an address: a safe id and a suffix."""

NOT_OWN_IMAGE = N_(
    "the image “{value}” is not one of the project's files — a page loads nothing from other sites: "
    "save the image in content/media/ and show it as ![description](media/NAME)"
)
UNSAFE_IMAGE_NAME = N_(
    "“{value}” is not a safe name for an image — rename the file in content/media/ with lowercase latin letters, digits "
    "and hyphens, e.g. map-of-pyongyang.png, and show it under that name"
)
CAPITAL_IMAGE_NAME = N_(
    "write the image's name in lowercase, {lower}, and name the file in content/media/ so: "
    "addresses on the published site tell capitals apart ({value})"
)
MEDIA_PATH = N_("write the image's address as media/NAME, without anything before it: {value}")
RAW_HTML = N_("HTML shows on the page as typed — write it in Markdown (**bold**, *italic*, [words](/en/…), lists)")
FOOTNOTE = N_("footnotes are not supported and show as typed — put the note in the text, in brackets")
CODE_BLOCK = N_(
    "this shows as code, in a fixed-width font with its lines as typed: a line indented by four spaces or more, or set "
    "between ``` marks, is code in Markdown — write it as a paragraph: indented as the text around it, with no ``` marks"
)
MAY_BE_CODE = re.compile(r"^(?: {4}|\t)|^(?:```|~~~)", re.MULTILINE)
"""What a code block starts with (the parser decides: in a list, an indented line goes on with the item)."""
HIGH_HEADING = N_("a heading of level {level} competes with the page's own headings here — start it with {marks}")
NO_ALT = N_("the image has no description for readers who cannot see it — write what it shows: ![what it shows]({value})")
OTHER_LANGUAGE = N_("the text in “{lang}” links to {value}, a page in “{other}” — link {suggested}")
RELATIVE_LINK = N_("{value} is a relative address, which leads elsewhere from each page — write it from the site's root: /{lang}/…")
LOCAL_LINK = N_(
    "{value} leads to a computer of the editor's (the preview, say), which no reader can open — "
    "link this site's page from its root, /{lang}/…, or a page of the web, https://…"
)
DOUBLED_START = N_(
    "{value} begins with two slashes, so a browser takes what follows for the name of another site — "
    "write this site's page with one, /{lang}/…, or a page of the web in full, https://…"
)
NO_WORDS = N_("the link to {value} has no words, so the page shows nothing to follow — write them in the brackets: [words]({value})")
NO_ADDRESS = N_("the link has no address, so it leads back to this page — write the address in the brackets: /{lang}/… or https://…")
NOT_WEB_LINK = N_(
    "{value} is not an address a reader can open from the site (the page shows no link, or a broken one) — "
    "link a page of this site, /{lang}/…, or of the web, https://…"
)
NOT_A_LINK = N_(
    "“{value}” shows on the page as typed, not as a link — write [words](address): nothing between ] and (, no space in the address"
)
ADDRESS_START = r"(?:/|#|https?:|mailto:|tel:|www\.)"
LOOKS_LIKE_A_LINK = re.compile(rf"\[[^\[\]^\n][^\[\]\n]*\] ?\(\s*{ADDRESS_START}(?:[^()\n]|\([^()\n]*\))*\)")
"""Words in brackets, then an address in parentheses: a link the Markdown did not make (editorial brackets, such as
“[sic] (so in the text)”, are followed by no address); the address may hold brackets, as a phone number does."""
UNCLOSED = N_("“{value}” shows on the page as typed, not as a link — a bracket is missing: write [words](address)")
LOOKS_UNCLOSED = re.compile(
    rf"\[[^\[\]\n]+\]\({ADDRESS_START}[^()\s]*(?=\s|$)(?!(?:[^()\n]|\([^()\n]*\))*\))"  # [words](address with no )
    rf"|\[[^\[\]\n]*\({ADDRESS_START}[^()\s\]]*\)(?![^\[\]\n]*\])"  # [words(address) with no ]
)
"""A link missing one of its brackets, which the Markdown shows as typed."""
MARKUP_IN_PLAIN = N_("“{value}” shows on the page as typed: this field is plain text, not Markdown — write it without the marks")
MARKUP = re.compile(r"\*\*[^*\n]+\*\*|\[[^\[\]\n]+\]\([^()\n]*\)")


def link_mistake(address: str, lang: str) -> tuple[str, dict[str, object]] | None:
    """What is wrong with a link of a text in `lang` to this site, if anything: a page in the other language, a relative address."""
    first = address.split("/")[1] if address.startswith("/") and not address.startswith("//") and address.count("/") > 1 else ""
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", address, re.IGNORECASE)
    if not address.strip():
        return NO_ADDRESS, {"lang": lang or "ru"}
    if scheme and scheme[1].lower() not in WEB_SCHEMES:  # javascript:, file:, a Windows path (C:\…)
        return NOT_WEB_LINK, {"value": address, "lang": lang or "ru"}
    if address.startswith("//"):  # a browser takes what follows for the name of another site
        return DOUBLED_START, {"value": address, "lang": lang or "ru"}
    if lang and first in LANGUAGES and first != lang:
        return OTHER_LANGUAGE, {"lang": lang, "value": address, "other": first, "suggested": f"/{lang}/{address.split('/', 2)[2]}"}
    if lang and not scheme and not re.match(r"[/#?]|media/", address, re.IGNORECASE):
        return RELATIVE_LINK, {"value": address, "lang": lang}
    if scheme and scheme[1].lower() in ("http", "https") and is_local(address):  # copied from the preview's address bar
        return LOCAL_LINK, {"value": address, "lang": lang or "ru"}
    return None


@dataclass
class Prose:
    """What a record's markdown texts show and link to, each at its first place (quote links at each of theirs)."""

    images: dict[str, Where] = field(default_factory=dict)
    """The project's images shown (`media/NAME`)."""
    links: dict[str, Where] = field(default_factory=dict)
    """The addresses linked to: of this site (`/ru/…`), of the record's own quotes (`#evidence-q1`), and full ones (`https://…`),
    which may be this site's too."""
    quote_links: list[tuple[str, str, Where]] = field(default_factory=list)
    """Each link to one of the record's quotes: its address, its words, its place."""


def read_prose(path: str, node: Node, spec: Spec, raw: bytes, problems: Collector, first_heading: int) -> Prose:
    """Parse each markdown text of a record once: what it shows and links to, an image from elsewhere reported where it
    stands, and a warning for Markdown the site would not render as meant (raw HTML, footnotes, headings above
    `first_heading`, which the page's own title and sections use, code blocks, which an indent makes unawares, images
    without a description, links to the other language's page or by a relative address)."""
    prose, lines = Prose(), LINE_BREAK.split(raw.decode("utf-8"))
    for scalar, lang, markdown in texts(node, spec):
        if not markdown:
            report_markup(path, scalar, lang, lines, problems)
            continue
        if not any(mark in scalar.value for mark in "[<#") and not MAY_BE_CODE.search(scalar.value):  # nothing to look at
            continue
        found: list[tuple[str, str, dict[str, object]]] = []  # what to warn of: the text it is at, the message, its values
        for token in IMAGE_FINDER.parse(scalar.value):
            if token.type == "html_block":
                found.append((token.content.strip().split("\n")[0], RAW_HTML, {}))
            elif token.type == "heading_open" and int(token.tag[1]) < first_heading and token.map is not None:
                marks = "#" * first_heading
                found.append((scalar.value.split("\n")[token.map[0]].strip(), HIGH_HEADING, {"level": token.tag[1], "marks": marks}))
            elif token.type in ("code_block", "fence") and token.map is not None:
                found.append((scalar.value.split("\n")[token.map[0]].strip(), CODE_BLOCK, {}))
            found += read_inline(prose, path, scalar, lang, token.children or [], lines, problems)
        found += [(mark.group(), FOOTNOTE, {}) for mark in re.finditer(r"\[\^[^\]\s]+\]", scalar.value)]
        warn(path, scalar, found, lines, problems)
    return prose


def read_inline(
    prose: Prose, path: str, scalar: ScalarNode, lang: str, children: list[Token], lines: list[str], problems: Collector
) -> list[tuple[str, str, dict[str, object]]]:
    """Take in the links and images of one block of a text; what to warn of in it."""
    found: list[tuple[str, str, dict[str, object]]] = []
    opened: list[tuple[str, list[str]]] = []  # the links being read: address, words so far
    for child in children:
        if child.type == "link_open":
            address = str(child.attrGet("href"))
            opened.append((address, []))
            if (address.startswith("/") and not address.startswith("//")) or address.startswith(("#", "http:", "https:")):
                prose.links.setdefault(address, place_in(path, scalar, address, lines))
            mistake = link_mistake(address, lang)
            if mistake is not None:
                at = f"]({address}" if address and f"]({address}" in scalar.value else address or "]()"  # not the words
                found.append((at, *mistake))
        elif child.type == "link_close" and opened:
            address, words = opened.pop()
            if address.startswith("#evidence-"):
                prose.quote_links.append((address, "".join(words), quote_link_place(path, scalar, address, "".join(words), lines)))
            if not "".join(words).strip() and address.strip():  # no words and no image's description: nothing to see or hear
                written = f"]({address}"
                found.append((written if written in scalar.value else address, NO_WORDS, {"value": address}))
        elif child.type in ("text", "code_inline") and opened:
            opened[-1][1].append(child.content)
        elif child.type == "text":  # what the editor escaped (\[…\]) is not in the text as it stands, and meant so
            for pattern, message in ((LOOKS_LIKE_A_LINK, NOT_A_LINK), (LOOKS_UNCLOSED, UNCLOSED)):
                found += [(m[0], message, {"value": m[0]}) for m in pattern.finditer(child.content) if m[0] in scalar.value]
        elif child.type == "html_inline":
            found.append((child.content, RAW_HTML, {}))
        elif child.type == "image":
            if opened:  # an image in a link: its description is the link's words
                opened[-1][1].append(child.content)
            image(prose, path, scalar, str(child.attrGet("src")), lines, problems)
            if not child.content.strip():
                found.append((str(child.attrGet("src")), NO_ALT, {"value": child.attrGet("src")}))
    return found


def image(prose: Prose, path: str, scalar: ScalarNode, source: str, lines: list[str], problems: Collector) -> None:
    """Take in an image a text shows: one of the project's, or one reported where it stands."""
    place = place_in(path, scalar, source, lines)
    if source.startswith(PREFIX) and SLUG_FILE.match(source.removeprefix(PREFIX)):
        prose.images.setdefault(source, place)
    elif source.startswith(PREFIX) and SLUG_FILE.match(source.removeprefix(PREFIX).lower()):  # only the case is wrong
        problems.at(place, CAPITAL_IMAGE_NAME, value=source, lower=source.lower())
    elif source.startswith(PREFIX):  # the project's folder, under a name no image there may have
        problems.at(place, UNSAFE_IMAGE_NAME, value=source.removeprefix(PREFIX))
    elif source.lstrip("/").startswith(PREFIX) or source.startswith("content/" + PREFIX):
        problems.at(place, MEDIA_PATH, value=PREFIX + source.rpartition("/")[2])
    else:
        problems.at(place, NOT_OWN_IMAGE, value=source)


def quote_link_place(path: str, scalar: ScalarNode, address: str, words: str, lines: list[str]) -> Where:
    """Where a link to a quote stands: at its address, found by the link as most are written, else by the address alone."""
    written = f"[{words}]({address})"
    if written not in scalar.value:
        return place_in(path, scalar, address, lines)
    place = place_in(path, scalar, written, lines)
    return replace(place, column=place.column + len(words) + 3)


def warn(path: str, scalar: ScalarNode, found: list[tuple[str, str, dict[str, object]]], lines: list[str], problems: Collector) -> None:
    """A warning at each thing found in a text; raw HTML and footnotes once per text: one habit, one message."""
    told: set[str] = set()
    seen: dict[str, int] = {}  # the same mistake written twice in a text is told at each of its places
    for needle, template, params in found:
        if template not in told:
            told.update({template} & {RAW_HTML, FOOTNOTE})
            seen[needle] = seen.get(needle, -1) + 1
            place = place_in(path, scalar, needle, lines, seen[needle])
            shift = 2 if needle.startswith("](") else 0  # at the address after "]("
            problems.at(replace(place, column=place.column + shift), template, "warning", **params)


def texts(node: Node, spec: Spec, lang: str = "") -> Iterator[tuple[ScalarNode, str, bool]]:
    """The texts of a validated node tree, each with its language ("" outside a bilingual field) and whether its kind
    reads it as Markdown."""
    if isinstance(spec, Text) and isinstance(node, ScalarNode):
        yield node, lang, spec.markdown
    elif isinstance(spec, Nullable):
        yield from texts(node, spec.inner, lang)
    elif isinstance(spec, ListOf) and isinstance(node, SequenceNode):
        for item in node.value:
            yield from texts(item, spec.item, lang)
    elif isinstance(spec, Record | Bilingual) and isinstance(node, MappingNode):
        fields = spec.fields if isinstance(spec, Record) else spec.languages
        for key, value in node.value:
            if key.value in fields:
                yield from texts(value, fields[key.value].spec, key.value if isinstance(spec, Bilingual) else lang)


def report_markup(path: str, scalar: ScalarNode, lang: str, lines: list[str], problems: Collector) -> None:
    """A warning at the first Markdown mark of a plain text of ours (a headline, an explanation), which shows as typed;
    not in a text in a source's own language (a quote), which is copied as the source writes it."""
    first = MARKUP.search(scalar.value) if lang else None
    if first is not None:
        warn(path, scalar, [(first[0], MARKUP_IN_PLAIN, {"value": first[0]})], lines, problems)


def place_in(path: str, scalar: ScalarNode, source: str, lines: list[str], skip: int = 0) -> Where:
    """Where an address stands within a text of the file (after `skip` earlier occurrences), else at the text."""
    first, last = scalar.start_mark.line, scalar.end_mark.line
    for number in range(first, min(last, len(lines) - 1) + 1):
        column = lines[number].find(source, scalar.start_mark.column if number == first else 0)
        while column >= 0:
            if skip == 0:
                return Where(path, number + 1, column + 1)
            skip -= 1
            column = lines[number].find(source, column + 1)
    for number in range(first, min(last, len(lines) - 1) + 1) if skip == 0 and source else ():  # written with escapes
        written = as_written(source).search(lines[number], scalar.start_mark.column if number == first else 0)
        if written is not None:
            return Where(path, number + 1, written.start() + 1)
    return Where(path, first + 1, scalar.start_mark.column + 1)


def as_written(text: str) -> re.Pattern[str]:
    """The ways Markdown lets a text such as an address be typed: each character as itself, backslash-escaped (`\\-`) or
    as a numeric or named character reference (`&#45;`, `&amp;`)."""
    forms = [
        [re.escape(c), *([re.escape("\\" + c)] if c in string.punctuation else []), f"&#0*{ord(c)};", f"&#x0*{ord(c):x};"]
        + (["&amp;"] if c == "&" else [])
        for c in text
    ]
    return re.compile("".join(f"(?:{'|'.join(options)})" for options in forms), re.IGNORECASE)
