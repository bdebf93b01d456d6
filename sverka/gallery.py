"""The project's images (content/media/): the only images its prose may show, so a page loads nothing from another site.
Each is published under a name carrying a hash of its bytes, so a changed image gets an address no reader's cache holds."""

from __future__ import annotations

import hashlib
import html
import re
import struct
from dataclasses import dataclass

MEDIA = "content/media"
PREFIX = "media/"
"""How prose names an image (`![description](media/map.png)`), and where the site publishes it."""
SUFFIXES = ("png", "jpg", "jpeg", "gif", "webp", "avif", "svg")
"""The kinds of image every current browser shows."""


@dataclass(frozen=True)
class MediaFile:
    """An image: the name prose gives it, where the site publishes it, and its size in pixels when its header tells."""

    name: str
    output: str
    width: int | None = None
    height: int | None = None


Gallery = tuple[MediaFile, ...]


def media_file(filename: str, raw: bytes) -> MediaFile:
    stem, _, suffix = filename.rpartition(".")
    return MediaFile(PREFIX + filename, f"{PREFIX}{stem}.{hashlib.sha256(raw).hexdigest()[:10]}.{suffix}", *pixel_size(raw))


SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
}
"""How the files of each kind begin (WebP, AVIF and SVG are told apart below)."""
SVG_ACTIVE = re.compile(r"<(?:[\w.-]+:)?(?:script|foreignObject|iframe|embed|object)\b|<!ENTITY|\son[a-z]+\s*=", re.IGNORECASE)
"""What would run in an SVG opened on its own: scripts, embedded pages (an element's name may have any prefix bound to
the SVG namespace), event handlers, and entities, which could expand into any of them."""
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def kind_mismatch(suffix: str, raw: bytes) -> bool:
    """Whether a file's bytes are not an image of the kind its name says."""
    suffix = suffix.lower()
    if suffix in SIGNATURES:
        return not raw.startswith(SIGNATURES[suffix])
    if suffix == "webp":
        return not (raw.startswith(b"RIFF") and raw[8:12] == b"WEBP")
    if suffix == "avif":
        return raw[4:8] != b"ftyp" or b"avi" not in raw[8:64]
    return b"<svg" not in raw[:4096]


def svg_text(raw: bytes) -> str:
    """An SVG's text, its bytes that are not UTF-8 standing as U+FFFD (no match spans them)."""
    return raw.decode("utf-8", errors="replace")


def active_part(text: str) -> int | None:
    """Where an SVG's text first holds anything that would run (a script, an embedded page, an event handler), else None."""
    found = SVG_ACTIVE.search(text)
    starts = [] if found is None else [found.start() + 1 if found[0][0].isspace() else found.start()]  # a handler's name
    return min(starts + [tag.start() for tag in SVG_TAG.finditer(text) if runs_script(tag[2])], default=None)


def runs_script(attributes: str) -> bool:
    """Whether an element's attributes hold an address that runs a script (`javascript:`), however written: character
    references decoded, and whitespace and control characters left out, as browsers do."""
    plain = "".join(ch for ch in html.unescape(attributes) if ch > " ").lower()
    return any(scheme in plain for scheme in SCRIPT_SCHEMES)


SVG_TAG = re.compile(r"<([\w:.-]+)([^>]*)>")
SVG_LOADS = re.compile(r"""(?:href|src)\s*=\s*["']\s*(?![#"']|data:)""", re.IGNORECASE)
"""An element's reference to anything but a part of the file itself (#id) or bytes embedded in it (data:)."""
SVG_STYLE_LOADS = re.compile(r"""url\(\s*["']?\s*(?![#)"']|data:)|@import""", re.IGNORECASE)
SVG_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.IGNORECASE | re.DOTALL)


def reaches_outside(text: str) -> bool:
    """Whether an SVG loads anything from outside itself (another site, a file on the editor's computer) when a reader
    opens it: judged after character references are decoded."""
    return outside_part(html.unescape(text)) is not None


def outside_part(text: str) -> int | None:
    """Where an SVG's text first loads anything from outside itself, else None: not for links (`<a href>`), which load nothing."""
    text = text.replace("\\", "/")
    tags = [tag.start() for tag in SVG_TAG.finditer(text) if loads_outside(tag)]
    styles = [style.start(1) + found.start() for style in SVG_STYLE.finditer(text) if (found := SVG_STYLE_LOADS.search(style[1]))]
    return min(tags + styles, default=None)


def loads_outside(tag: re.Match[str]) -> bool:
    """Whether an element (`<name attributes>`) loads anything from outside the file: a link (`<a href>`) loads nothing."""
    name, attributes = tag[1].rpartition(":")[2].lower(), tag[2]
    return name != "a" and (SVG_LOADS.search(attributes) is not None or SVG_STYLE_LOADS.search(attributes) is not None)


def pixel_size(raw: bytes) -> tuple[int, int] | tuple[None, None]:
    """Width and height from a PNG's or a GIF's header (fixed places); unknown for other kinds."""
    if raw.startswith(b"\x89PNG\r\n\x1a\n") and raw[12:16] == b"IHDR" and len(raw) >= 24:
        width, height = struct.unpack(">II", raw[16:24])
        return width, height
    if raw.startswith((b"GIF87a", b"GIF89a")) and len(raw) >= 10:
        width, height = struct.unpack("<HH", raw[6:10])
        return width, height
    return None, None
