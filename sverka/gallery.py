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
SVG_ACTIVE = re.compile(rb"<script|<foreignObject|javascript:|\son[a-z]+\s*=", re.IGNORECASE)
"""What would run in an SVG opened on its own: scripts, embedded pages, event handlers."""


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


def is_active_svg(suffix: str, raw: bytes) -> bool:
    """Whether an SVG holds anything that would run when a reader opens it."""
    return suffix.lower() == "svg" and SVG_ACTIVE.search(raw) is not None


SVG_TAG = re.compile(r"<([\w:.-]+)([^>]*)>")
SVG_LOADS = re.compile(r"""(?:href|src)\s*=\s*["']\s*(?![#"']|data:)""", re.IGNORECASE)
"""An element's reference to anything but a part of the file itself (#id) or bytes embedded in it (data:)."""
SVG_STYLE_LOADS = re.compile(r"""url\(\s*["']?\s*(?![#)"']|data:)|@import""", re.IGNORECASE)


def reaches_outside(suffix: str, raw: bytes) -> bool:
    """Whether an SVG loads anything from outside itself (another site, a file on the editor's computer) when a reader
    opens it: judged after character references are decoded, and not for links (`<a href>`), which load nothing."""
    if suffix.lower() != "svg":
        return False
    text = html.unescape(raw.decode("utf-8", errors="replace")).replace("\\", "/")
    styles = " ".join(re.findall(r"<style[^>]*>(.*?)</style>", text, re.IGNORECASE | re.DOTALL))
    tags = ((name.rpartition(":")[2].lower(), attributes) for name, attributes in SVG_TAG.findall(text))
    loads = any(name != "a" and (SVG_LOADS.search(attributes) or SVG_STYLE_LOADS.search(attributes)) for name, attributes in tags)
    return loads or SVG_STYLE_LOADS.search(styles) is not None


def pixel_size(raw: bytes) -> tuple[int, int] | tuple[None, None]:
    """Width and height from a PNG's or a GIF's header (fixed places); unknown for other kinds."""
    if raw.startswith(b"\x89PNG\r\n\x1a\n") and raw[12:16] == b"IHDR" and len(raw) >= 24:
        width, height = struct.unpack(">II", raw[16:24])
        return width, height
    if raw.startswith((b"GIF87a", b"GIF89a")) and len(raw) >= 10:
        width, height = struct.unpack("<HH", raw[6:10])
        return width, height
    return None, None
