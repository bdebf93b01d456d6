"""Editor prose: markdown rendered safely (no raw HTML, no unsafe links)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markupsafe import Markup

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def is_safe_link(url: str) -> bool:
    """Only web and mail links, or links within the site; never javascript:, data: or the like."""
    target = "".join(ch for ch in url.strip() if ch.isprintable() and not ch.isspace()).lower()
    if ":" not in target.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return True  # relative: /path, path, #anchor, ?query
    return target.startswith(SAFE_SCHEMES)


def make_parser(base_path: str) -> MarkdownIt:
    """CommonMark with raw HTML shown as text and site-absolute links put under the base path."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
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

    parser.add_render_rule("link_open", link_open)
    return parser


@lru_cache(maxsize=8)
def parser_for(base_path: str) -> MarkdownIt:
    """One parser per base path."""
    return make_parser(base_path)


def render_markdown(text: str, base_path: str = "/") -> Markup:
    """Markdown to HTML that is safe to put into a page."""
    if len(text) > SHOWN_ONCE:
        return render_long_markdown(text, base_path)
    return render_short_markdown(text, base_path)


SHOWN_ONCE = 1000
"""Texts longer than this (summaries, page bodies) appear on one page and a feed; shorter ones (definitions, notes) recur."""


@lru_cache(maxsize=64)
def render_long_markdown(text: str, base_path: str) -> Markup:
    """Markdown to HTML for a long text; a few are cached for rebuilds that render a page again with the same text."""
    return Markup(parser_for(base_path).render(text))


@lru_cache(maxsize=1024)
def render_short_markdown(text: str, base_path: str) -> Markup:
    """Markdown to HTML for a short text, cached: a verdict's definition shows on every list of the scale.

    The cache is bounded to keep memory flat; a build renders a claim's pages close together, so its notes still hit.
    """
    return Markup(parser_for(base_path).render(text))


@lru_cache(maxsize=4096)
def render_inline(text: str, base_path: str = "/") -> Markup:
    """Markdown without paragraphs, for short fields shown inline."""
    return Markup(parser_for(base_path).renderInline(text))
