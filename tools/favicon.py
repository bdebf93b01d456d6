"""Draw the site's icon: a check mark on the accent blue of templates/static/style.css.

Writes templates/static/favicon.svg (what current browsers show) and templates/favicon.ico (a 32×32 PNG in an
ICO file, for browsers without SVG icons and for the request every browser makes for /favicon.ico). Run it
after changing the mark: `python3 tools/favicon.py`.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SIZE, RADIUS, STROKE = 32, 6.0, 4.0
ACCENT, MARK = (0x0A, 0x4F, 0x99), (0xFF, 0xFF, 0xFF)
CHECK = ((8.0, 16.5), (13.5, 22.0), (24.0, 10.5))
"""The check mark's corners, in the 32×32 square."""
SAMPLES = 4
"""Samples per pixel along each axis: edges are smoothed by the share of samples inside."""

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}">'
    '<rect width="{size}" height="{size}" rx="{radius:g}" fill="#{accent}"/>'
    '<path d="M{points}" fill="none" stroke="#{mark}" stroke-width="{stroke:g}" stroke-linecap="round" stroke-linejoin="round"/>'
    "</svg>\n"
)


def in_square(x: float, y: float) -> bool:
    """Whether a point lies in the rounded square."""
    dx, dy = max(RADIUS - x, 0.0, x - (SIZE - RADIUS)), max(RADIUS - y, 0.0, y - (SIZE - RADIUS))
    return 0 <= x <= SIZE and 0 <= y <= SIZE and dx * dx + dy * dy <= RADIUS * RADIUS


def on_mark(x: float, y: float) -> bool:
    """Whether a point lies on the check mark's stroke (round caps and joins)."""
    for (ax, ay), (bx, by) in zip(CHECK, CHECK[1:], strict=False):
        length = (bx - ax) ** 2 + (by - ay) ** 2
        t = max(0.0, min(1.0, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length))
        if (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= (STROKE / 2) ** 2:
            return True
    return False


def pixel(column: int, row: int) -> bytes:
    """One RGBA pixel: the colours mixed by the share of its samples on each, and transparent outside the square."""
    inside = marked = 0
    for i in range(SAMPLES):
        for j in range(SAMPLES):
            x, y = column + (i + 0.5) / SAMPLES, row + (j + 0.5) / SAMPLES
            if in_square(x, y):
                inside += 1
                marked += on_mark(x, y)
    if not inside:
        return bytes(4)
    rgb = (round((m * marked + a * (inside - marked)) / inside) for m, a in zip(MARK, ACCENT, strict=True))
    return bytes([*rgb, round(255 * inside / SAMPLES**2)])


def chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png() -> bytes:
    """The icon as a 32×32 RGBA PNG."""
    rows = b"".join(b"\0" + b"".join(pixel(column, row) for column in range(SIZE)) for row in range(SIZE))
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def ico(image: bytes) -> bytes:
    """An ICO file holding one PNG image (as browsers and Windows read it since Vista)."""
    entry = struct.pack("<BBBBHHII", SIZE, SIZE, 0, 0, 1, 32, len(image), 6 + 16)
    return struct.pack("<HHH", 0, 1, 1) + entry + image


def svg() -> str:
    """The same mark as SVG."""
    points = "L".join(f"{x:g} {y:g}" for x, y in CHECK)
    colour = "{:02x}{:02x}{:02x}".format
    return SVG.format(size=SIZE, radius=RADIUS, accent=colour(*ACCENT), mark=colour(*MARK), points=points, stroke=STROKE)


if __name__ == "__main__":
    (TEMPLATES / "static" / "favicon.svg").write_text(svg(), encoding="utf-8")
    (TEMPLATES / "favicon.ico").write_bytes(ico(png()))
