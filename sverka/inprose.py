"""What the markdown texts of a record show and link to, found in its YAML node tree with their places in the file:
images, links to this site and to the record's own quotes, and Markdown the site would not render as meant."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from .gallery import PREFIX
from .i18n import LANGUAGES, N_
from .problems import LINE_BREAK, Collector
from .prose import IMAGE_FINDER, link_targets, linked_words
from .records import Where
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


RAW_HTML = N_("HTML shows on the page as typed — write it in Markdown (**bold**, *italic*, [words](/en/…), lists)")
FOOTNOTE = N_("footnotes are not supported and show as typed — put the note in the text, in brackets")
HIGH_HEADING = N_("a heading of level {level} competes with the page's own headings here — start it with {marks}")
NO_ALT = N_("the image has no description for readers who cannot see it — write what it shows: ![what it shows]({value})")


OTHER_LANGUAGE = N_("the text in “{lang}” links to {value}, a page in “{other}” — link {suggested}")
RELATIVE_LINK = N_("{value} is a relative address, which leads elsewhere from each page — write it from the site's root: /{lang}/…")


def link_mistake(address: str, lang: str) -> tuple[str, dict[str, object]] | None:
    """What is wrong with a link of a text in `lang` to this site, if anything: a page in the other language, a relative address."""
    first = address.split("/")[1] if address.startswith("/") and not address.startswith("//") and address.count("/") > 1 else ""
    if lang and first in LANGUAGES and first != lang:
        return OTHER_LANGUAGE, {"lang": lang, "value": address, "other": first, "suggested": f"/{lang}/{address.split('/', 2)[2]}"}
    if lang and address and not re.match(r"[a-z][a-z0-9+.-]*:|[/#?]|media/", address, re.IGNORECASE):
        return RELATIVE_LINK, {"value": address, "lang": lang}
    return None


def report_markup(path: str, node: Node, spec: Spec, raw: bytes, problems: Collector, first_heading: int) -> None:
    """A warning for Markdown the site does not render as meant: raw HTML, footnotes, headings above `first_heading`
    (the page's own title and sections use those), and images without a description."""
    if not any(mark in raw for mark in (b"<", b"[^", b"#", b"](", b"]:")):
        return
    lines = LINE_BREAK.split(raw.decode("utf-8"))
    for scalar, lang in markdown_texts(node, spec, ""):
        found: list[tuple[str, str, dict[str, object]]] = [
            (f"]({address}" if f"]({address}" in scalar.value else address, *mistake)  # the link itself, not the words
            for address in link_targets(scalar.value)
            if (mistake := link_mistake(address, lang))
        ]
        for token in IMAGE_FINDER.parse(scalar.value):
            if token.type == "html_block":
                found.append((token.content.strip().split("\n")[0], RAW_HTML, {}))
            elif token.type == "heading_open" and int(token.tag[1]) < first_heading and token.map is not None:
                found.append(
                    (scalar.value.split("\n")[token.map[0]].strip(), HIGH_HEADING, {"level": token.tag[1], "marks": "#" * first_heading})
                )
            for child in token.children or ():
                if child.type == "html_inline":
                    found.append((child.content, RAW_HTML, {}))
                elif child.type == "image" and not child.content.strip():
                    found.append((str(child.attrGet("src")), NO_ALT, {"value": child.attrGet("src")}))
        found += [(mark.group(), FOOTNOTE, {}) for mark in re.finditer(r"\[\^[^\]\s]+\]", scalar.value)]
        told: set[str] = set()
        for needle, template, params in found:
            if template not in told:  # raw HTML and footnotes once per text: one habit, one message
                told.update({template} & {RAW_HTML, FOOTNOTE})
                place = place_in(path, scalar, needle, lines)
                shift = 2 if needle.startswith("](") and place.column > 0 else 0  # at the address after "]("
                problems.at(replace(place, column=place.column + shift), template, "warning", **params)


def images_shown(path: str, node: Node, spec: Spec, raw: bytes, problems: Collector) -> dict[str, Where]:
    """The images a file's markdown shows (`media/NAME`), each at its first place; any other image is reported where it stands."""
    found: dict[str, Where] = {}
    if b"![" not in raw:  # every markdown image starts so
        return found
    lines = LINE_BREAK.split(raw.decode("utf-8"))
    for scalar in markdown_scalars(node, spec, "!["):
        for source in link_targets(scalar.value, "image", "src"):
            place = place_in(path, scalar, source, lines)
            if source.startswith(PREFIX) and SLUG_FILE.match(source.removeprefix(PREFIX)):
                found.setdefault(source, place)
            elif source.startswith(PREFIX):  # the project's folder, under a name no image there may have
                problems.at(place, UNSAFE_IMAGE_NAME, value=source.removeprefix(PREFIX))
            elif source.lstrip("/").startswith(PREFIX) or source.startswith("content/" + PREFIX):
                problems.at(
                    place,
                    N_("write the image's address as media/NAME, without anything before it: {value}"),
                    value=PREFIX + source.rpartition("/")[2],
                )
            else:
                problems.at(place, NOT_OWN_IMAGE, value=source)
    return found


LINKING = ("](/", "]: /", "#evidence-")
"""How a link to this site (inline or by reference) or to a quote of a check's own evidence starts."""


def links_made(path: str, node: Node, spec: Spec, raw: bytes) -> dict[str, Where]:
    """The addresses of this site (`/ru/…`) and of its own quotes (`#evidence-q1`) a file's markdown links to, each at its first place."""
    found: dict[str, Where] = {}
    if not any(start.encode() in raw for start in LINKING):
        return found
    lines = LINE_BREAK.split(raw.decode("utf-8"))
    for scalar in markdown_scalars(node, spec, "]"):
        if not any(start in scalar.value for start in LINKING):
            continue
        for target in link_targets(scalar.value):
            if (target.startswith("/") and not target.startswith("//")) or target.startswith("#evidence-"):
                found.setdefault(target, place_in(path, scalar, target, lines))
    return found


def quote_links_made(path: str, node: Node, spec: Spec, raw: bytes) -> tuple[tuple[str, str, Where], ...]:
    """Each link of a record's markdown to a quote of its own evidence (`#evidence-q1`): its address, its words, its place."""
    if b"#evidence-" not in raw:
        return ()
    lines, found = LINE_BREAK.split(raw.decode("utf-8")), []
    for scalar in markdown_scalars(node, spec, "#evidence-"):
        for address, words in linked_words(scalar.value):
            if address.startswith("#evidence-"):
                written = f"[{words}]({address})"  # as most links are written; else the address alone is looked for
                if written in scalar.value:
                    place = place_in(path, scalar, written, lines)
                    found.append((address, words, replace(place, column=place.column + len(words) + 3)))  # at the address
                else:
                    found.append((address, words, place_in(path, scalar, address, lines)))
    return tuple(found)


def markdown_scalars(node: Node, spec: Spec, holding: str) -> Iterator[ScalarNode]:
    """The texts of a validated node tree that its kind reads as markdown and that hold `holding`."""
    return (scalar for scalar, _ in markdown_texts(node, spec, holding))


def markdown_texts(node: Node, spec: Spec, holding: str, lang: str = "") -> Iterator[tuple[ScalarNode, str]]:
    """`markdown_scalars`, each with the language it is written in ("" outside a bilingual field)."""
    if isinstance(spec, Text) and spec.markdown and isinstance(node, ScalarNode) and holding in node.value:
        yield node, lang
    elif isinstance(spec, Nullable):
        yield from markdown_texts(node, spec.inner, holding, lang)
    elif isinstance(spec, ListOf) and isinstance(node, SequenceNode):
        for item in node.value:
            yield from markdown_texts(item, spec.item, holding, lang)
    elif isinstance(spec, Record | Bilingual) and isinstance(node, MappingNode):
        fields = spec.fields if isinstance(spec, Record) else spec.languages
        for key, value in node.value:
            if key.value in fields:
                yield from markdown_texts(value, fields[key.value].spec, holding, key.value if isinstance(spec, Bilingual) else lang)


def place_in(path: str, scalar: ScalarNode, source: str, lines: list[str]) -> Where:
    """Where an address stands within a text of the file: on the first of its lines that holds it, else at the text."""
    first, last = scalar.start_mark.line, scalar.end_mark.line
    for number in range(first, min(last, len(lines) - 1) + 1):
        column = lines[number].find(source, scalar.start_mark.column if number == first else 0)
        if column >= 0:
            return Where(path, number + 1, column + 1)
    return Where(path, first + 1, scalar.start_mark.column + 1)
