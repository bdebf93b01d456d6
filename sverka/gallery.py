"""The project's images (content/media/) as the site publishes them: the only images its prose may show, so that a
page loads nothing from another site. Each is published under a name carrying a hash of its bytes, so that a
changed image is a new address that no reader's cache holds."""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from functools import cached_property

MEDIA = "content/media"
"""Where editors keep images."""
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


@dataclass(frozen=True)
class Gallery:
    """Every image of the project."""

    files: tuple[MediaFile, ...] = ()

    @cached_property
    def by_name(self) -> dict[str, MediaFile]:
        """Images by the name prose gives them."""
        return {file.name: file for file in self.files}


def media_file(filename: str, raw: bytes) -> MediaFile:
    """An image of content/media/ from its file name and bytes."""
    stem, _, suffix = filename.rpartition(".")
    return MediaFile(PREFIX + filename, f"{PREFIX}{stem}.{hashlib.sha256(raw).hexdigest()[:10]}.{suffix}", *pixel_size(raw))


def pixel_size(raw: bytes) -> tuple[int, int] | tuple[None, None]:
    """Width and height from a PNG's or a GIF's header (fixed places); unknown for other kinds."""
    if raw.startswith(b"\x89PNG\r\n\x1a\n") and raw[12:16] == b"IHDR" and len(raw) >= 24:
        width, height = struct.unpack(">II", raw[16:24])
        return width, height
    if raw.startswith((b"GIF87a", b"GIF89a")) and len(raw) >= 10:
        width, height = struct.unpack("<HH", raw[6:10])
        return width, height
    return None, None
