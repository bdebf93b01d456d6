"""Annotating archived text: quoted spans as properly nested <mark> elements, and text-fragment links."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import quote

from markupsafe import Markup, escape

from .records import Paragraph, Quote


@dataclass(frozen=True, order=True)
class Highlight:
    """A span of a paragraph to highlight; `anchor` becomes the id of its first <mark>."""

    start: int
    end: int
    anchor: str


def highlights(quotes: tuple[Quote, ...], start: int, end: int) -> list[Highlight]:
    """The quotes' spans within text[start:end], as offsets from `start` (those outside it are left out when marked)."""
    return [Highlight(max(q.span.start, start) - start, min(q.span.end, end) - start, q.anchor) for q in quotes if q.span is not None]


def split_dateline(paragraph: Paragraph, quotes: tuple[Quote, ...]) -> tuple[Markup, int]:
    """A paragraph's leading dateline (the archive's own words, ` date 2025-11-07 `, in English) as a date element, and
    where the rest of its text begins; none when it has no dateline or one of its `quotes` begins in it."""
    quoted_from = min((q.span.start for q in quotes if q.span is not None), default=len(paragraph.text))
    if paragraph.dateline is None or quoted_from < paragraph.body_start:
        return Markup(""), 0
    element = Markup('<time class="dateline" datetime="{}" lang="en">{}</time>')
    return element.format(paragraph.dateline.isoformat(), paragraph.text[: paragraph.body_start]), paragraph.body_start


@dataclass(frozen=True)
class Segment:
    """A stretch of text between two span boundaries, with the highlights covering it (outermost first)."""

    start: int
    end: int
    text: str
    anchors: tuple[str, ...]


def split_segments(text: str, highlights: Iterable[Highlight]) -> tuple[Segment, ...]:
    """Cut `text` at every span boundary; each piece lists the highlights covering it, outermost first."""
    # outer spans first: earlier start, then later end, then anchor (for identical spans)
    spans = sorted((h for h in highlights if 0 <= h.start < h.end <= len(text)), key=lambda h: (h.start, -h.end, h.anchor))
    cuts = sorted({0, len(text), *(h.start for h in spans), *(h.end for h in spans)})
    return tuple(
        Segment(start, end, text[start:end], tuple(h.anchor for h in spans if h.start <= start and end <= h.end))
        for start, end in pairwise(cuts)
    )


def open_mark(anchor: str, first: bool) -> str:
    """The start tag of one piece of a highlight; only the first piece carries the id."""
    described = f' aria-describedby="about-{escape(anchor)}"'
    if first:
        return f'<mark id="{escape(anchor)}" class="quote-span" data-quote="{escape(anchor)}" tabindex="-1"{described}>'
    return f'<mark class="quote-span quote-span-continued" data-quote="{escape(anchor)}"{described}>'


def annotate_text(text: str, highlights: Iterable[Highlight], opened: set[str] | None = None) -> Markup:
    """The text escaped, each highlight wrapped in <mark>; crossing spans are split so tags nest validly. `opened`: the
    anchors whose first <mark> (the one carrying the id) came before, when a text is annotated in parts."""
    out: list[str] = []
    stack: list[str] = []
    opened = set() if opened is None else opened
    for segment in split_segments(text, highlights):
        keep = 0
        while keep < min(len(stack), len(segment.anchors)) and stack[keep] == segment.anchors[keep]:
            keep += 1
        out.append("</mark>" * (len(stack) - keep))
        del stack[keep:]
        for anchor in segment.anchors[keep:]:
            out.append(open_mark(anchor, anchor not in opened))
            opened.add(anchor)
            stack.append(anchor)
        out.append(str(escape(segment.text)))
    out.append("</mark>" * len(stack))
    return Markup("".join(out))


def encode_directive_part(text: str) -> str:
    """Percent-encode a text-directive term, `-` too: it separates a directive's terms."""
    return quote(text, safe="").replace("-", "%2D")


def text_fragment_url(url: str, text: str, prefix: str | None = None, suffix: str | None = None) -> str:
    """`url` with a `#:~:text=` fragment that makes browsers scroll to and highlight `text`."""
    parts = [encode_directive_part(" ".join(text.split()))]
    if prefix and prefix.strip():
        parts.insert(0, encode_directive_part(" ".join(prefix.split())) + "-")
    if suffix and suffix.strip():
        parts.append("-" + encode_directive_part(" ".join(suffix.split())))
    return url.split("#", 1)[0] + "#:~:text=" + ",".join(parts)
