"""Editor prose: markdown rendered safely (no raw HTML, no unsafe links)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock, reference
from markdown_it.token import Token
from markupsafe import Markup, escape

from .gallery import Gallery, MediaFile

WEB_SCHEMES = ("http", "https", "mailto", "tel")
"""The schemes a link of the prose may have; any other (javascript:, data:, file:) is shown as text, and `check` warns."""


def is_safe_link(url: str) -> bool:
    """Only web and mail links, or links within the site; never javascript:, data: or the like."""
    target = "".join(ch for ch in url.strip() if ch.isprintable() and not ch.isspace()).lower()
    if ":" not in target.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return True  # relative: /path, path, #anchor, ?query
    return target.startswith(tuple(f"{scheme}:" for scheme in WEB_SCHEMES))


CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff]+(?:(?:[\s\u00a0\-‐–—.,;:!?«»„'‘’()]|\s\d+(?=\s))+[\u0400-\u04ff]+)*")
"""Russian words in a row, with the spaces, punctuation and free-standing numbers between them (около 15 тысяч); English
quotation marks (“ ”) and numbers in brackets end a run, for they are the English text's own (“Пак Ен Иль”, “Ким Чон
Гю”; Путин (1, 2))."""


def russian_marked(escaped: str) -> str:
    """Escaped text with the Russian words it quotes marked as Russian (WCAG's language of parts), for a screen reader
    to read them in a Russian voice."""
    return CYRILLIC_RUN.sub(lambda run: f'<span lang="ru">{run[0]}</span>', escaped)


QUOTED_ENGLISH = re.compile(r"(?<=[«„])[A-Za-z][A-Za-z’'\-]*(?:[ \u00a0][A-Za-z’'\-]+)*(?=[»“])")
"""Words in Latin letters that Russian text puts in its quotation marks: English it quotes («officers», «KCNA via REUTERS»)."""


def english_marked(escaped: str) -> str:
    """Escaped Russian text with the English words it quotes marked as English; a quoted abbreviation alone («NIS») is a
    name, read as the text around it reads it."""
    return QUOTED_ENGLISH.sub(lambda run: f'<span lang="en">{run[0]}</span>' if run[0] != run[0].upper() else run[0], escaped)


MONTHS = (
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    "|January|February|March|April|May|June|July|August|September|October|November|December"
)
BEFORE_DASH = re.compile(r"[ \t]+(?=[—–](?:\s|$))")
DAY_AND_MONTH = re.compile(rf"(?<![\w.,])(\d{{1,2}}) (?=(?:{MONTHS})\b)")
"""Spaces a line must not break at: before a dash (Russian typography forbids a line starting with one, and English reads
better so) and between a day and its month (7 ноября, 7 November)."""


def tie_dashes(text: str) -> str:
    """A text with no line starting with a dash: our prose, and the interface's own texts as the catalog gives them."""
    return BEFORE_DASH.sub("\u00a0", text)


def marked(escaped: str, lang: str) -> str:
    """Escaped text of a page in `lang` with the words it quotes in the other language marked as theirs, and no line
    breaking before a dash or inside a date."""
    tied = DAY_AND_MONTH.sub("\\1\u00a0", tie_dashes(escaped))
    return english_marked(tied) if lang == "ru" else russian_marked(tied)


def in_parts(text: str, lang: str) -> Markup:
    """A plain text for a visible place of a page in `lang`, escaped, with the words it quotes in the other language marked
    (not for a title or an attribute, which hold no markup)."""
    if isinstance(text, Markup):  # its tags would be searched for Russian words too
        raise TypeError("`parts` takes plain text; this text is HTML already")
    return Markup(marked(str(escape(text)), lang))


@lru_cache(maxsize=16)  # one per base path, gallery, language and way with headings
def make_parser(base_path: str, gallery: Gallery, lang: str = "ru", anchors: bool = False) -> MarkdownIt:
    """CommonMark with pipe tables, raw HTML shown as text, site-absolute links under the base path, images only from the
    gallery; the words quoted in the other language marked as such; with `anchors`, each heading an id to link to."""
    parser = without_footnotes(MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table"))
    parser.validateLink = is_safe_link  # type: ignore[method-assign]

    def normalize_link(url: str) -> str:
        if url.startswith("/") and not url.startswith("//"):
            url = base_path.rstrip("/") + url
        return str(normalizeLink(url))

    parser.normalizeLink = normalize_link  # type: ignore[method-assign]

    def link_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        if (tokens[idx].attrGet("href") or "").startswith(("http:", "https:")):
            tokens[idx].attrSet("rel", "noopener")
        return str(renderer.renderToken(tokens, idx, options, env))

    by_name = {image.name: image for image in gallery}

    def image(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return render_image(base_path, by_name, renderer, tokens, idx, options, env)

    parser.add_render_rule("link_open", link_open)

    def text(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return marked(str(escapeHtml(tokens[idx].content)), lang)

    def softbreak(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        following = tokens[idx + 1].content if idx + 1 < len(tokens) else ""
        return "\u00a0" if re.match(r"[—–](?:\s|$)", following) else "\n"  # a source line opening with a dash

    parser.add_render_rule("text", text)
    parser.add_render_rule("softbreak", softbreak)
    parser.add_render_rule("image", image)
    parser.core.ruler.push("table_cells_labelled", label_table_cells)
    if anchors:
        parser.core.ruler.push("heading_ids", give_heading_ids)
    return parser


def heading_slugs(tokens: list[Token]) -> list[tuple[Token, str, str]]:
    """Each heading's opening token, its id and the words it shows. The id is those words in lower case, joined by
    hyphens (“Как выбираются утверждения” → как-выбираются-утверждения); an id taken already, or one the page's
    template may use, is numbered -2, -3 (as GitHub and most generators do)."""
    slugs: list[tuple[Token, str, str]] = []
    taken: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            shown = "".join(child.content for child in tokens[index + 1].children or () if child.type in ("text", "code_inline"))
            words = "-".join(re.findall(r"\w+", unicodedata.normalize("NFC", shown).lower())) or "section"
            slug, number = words, 1
            while slug in taken or is_templates_id(slug):
                number += 1
                slug = f"{words}-{number}"
            taken.add(slug)
            slugs.append((token, slug, shown))
    return slugs


def is_templates_id(slug: str) -> bool:
    """Whether the templates may give a page this id: the skip link's target, a verdict or flag of the scale, a section's heading."""
    return slug in ("main", "top") or slug.startswith(("verdict-", "flag-")) or slug.endswith("-heading")


def give_heading_ids(state: Any) -> None:
    for token, slug, _ in heading_slugs(state.tokens):
        token.attrSet("id", slug)


@lru_cache(maxsize=256)  # asked by every link to a page's heading, and by the page's list of sections
def headings(text: str) -> tuple[tuple[str, str, str], ...]:
    """Each heading of a text as a page with anchors shows it: its tag (h2, h3 …), its id and the words it shows."""
    return tuple((token.tag, slug, shown) for token, slug, shown in heading_slugs(make_parser("/", ()).parse(text)))


def sections(text: str) -> tuple[tuple[str, str], ...]:
    """A text's sections (its level-2 headings) for a list of them: each one's id and words."""
    return tuple((slug, shown) for tag, slug, shown in headings(text) if tag == "h2")


TABLE_ROLES = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tr": "row", "th": "columnheader", "td": "cell"}
"""ARIA roles a table's elements keep on a phone, where rows show as cards (display: block drops table semantics in some browsers)."""


def label_table_cells(state: Any) -> None:
    """Each body cell of a table labelled with its column's heading (`data-label`, shown on a phone beside the cell), and
    each table in the keyboard's order, for when it is wider than the text and scrolls."""
    headings: list[str] = []
    column = 0
    for index, token in enumerate(state.tokens):
        kind, _, edge = token.type.rpartition("_")
        if edge == "open" and kind in TABLE_ROLES:
            token.attrSet("role", TABLE_ROLES[kind])
        if token.type == "table_open":  # a table wider than the text scrolls, and a keyboard must reach it to (WCAG 2.1.1)
            token.attrSet("tabindex", "0")
        if token.type == "thead_open":
            headings = []
        elif token.type == "th_open":
            inline = state.tokens[index + 1]
            headings.append("".join(child.content for child in inline.children or () if child.type in ("text", "code_inline")))
        elif token.type == "tr_open":
            column = 0
        elif token.type == "td_open":
            if column < len(headings) and headings[column]:
                token.attrSet("data-label", headings[column])
            column += 1


def render_image(base_path: str, by_name: dict[str, MediaFile], renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """An image of the gallery under its published name, with its size when known and loaded as the reader scrolls
    to it; any other image only as its description (`check` refuses them)."""
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children, options, env)
    shown = by_name.get(token.attrGet("src") or "")
    if shown is None:
        return str(escapeHtml(alt))
    token.attrSet("src", base_path + shown.output)
    token.attrSet("alt", alt)
    if shown.width and shown.height:
        token.attrSet("width", str(shown.width))
        token.attrSet("height", str(shown.height))
    token.attrSet("loading", "lazy")
    return str(renderer.renderToken(tokens, idx, options, env))


def without_footnotes(parser: MarkdownIt) -> MarkdownIt:
    """A footnote's note (`[^1]: TASS.`) kept as text, as typed: CommonMark would take it for a link's definition,
    making the mark `[^1]` a link to the address “TASS.” and the note vanish."""

    def definition(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not state.src.startswith("[^", state.bMarks[start] + state.tShift[start]):
            return bool(reference(state, start, end, silent))
        if silent:
            return False
        # The note's line alone, as a paragraph: a paragraph would take in a link's definition on the next line.
        state.push("paragraph_open", "p", 1).map = [start, start + 1]
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = (
            state.getLines(start, start + 1, state.blkIndent, False).strip(),
            [start, start + 1],
            [],
        )
        state.push("paragraph_close", "p", -1)
        state.line = start + 1
        return True

    parser.block.ruler.at("reference", definition)
    return parser


IMAGE_FINDER = without_footnotes(MarkdownIt("commonmark").enable("table"))
IMAGE_FINDER.validateLink = lambda url: True  # type: ignore[method-assign]  # every address, to be judged by the caller
IMAGE_FINDER.normalizeLink = lambda url: url  # type: ignore[method-assign]  # as the editor wrote it


def in_page_links(text: str) -> frozenset[str]:
    """The addresses of a markdown text's links to places on its own page (`#…`), as written."""
    tokens = [child for token in IMAGE_FINDER.parse(text) for child in token.children or ()]
    return frozenset(href for token in tokens if token.type == "link_open" and (href := str(token.attrGet("href") or "")).startswith("#"))


def render_markdown(
    text: str, base_path: str = "/", gallery: Gallery = (), lang: str = "ru", anchors: bool = False, page: str = ""
) -> Markup:
    """Markdown to HTML that is safe to put into a page in `lang`; with `anchors`, its headings have ids to link to. A text
    written for another `page` (a check's note shown on the list of all notes) has its links to places on that page lead there."""
    html = make_parser(base_path, gallery, lang, anchors).render(text)
    if page:  # raw HTML is shown as text, so every `href="#` is a link the markdown made
        html = html.replace('href="#', f'href="{escape(page)}#')
    # Text is marked line by line; Russian words broken across two lines of the source are one run (the raw HTML that
    # could forge this markup is shown as text).
    return Markup(html if lang == "ru" else html.replace('</span>\n<span lang="ru">', "\n"))
