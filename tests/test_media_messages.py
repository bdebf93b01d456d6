"""The messages about the files of content/media/: a whole image is named by its path alone, and never shown as text;
what is wrong inside an SVG (a script, a reference to another site) is told at its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import problems_of, run_cli, write

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\nbinary\x00\x07\x1b[31m\xff\xd9"
"""The start of a JPEG: bytes that are no text, a line break, a control sequence a terminal would obey."""
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00"
SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">\n  {inside}\n</svg>\n'
RUNS = "the SVG holds a script, an event handler or an embedded page, which would run on this site — export it without them"
LOADS = (
    "the SVG loads an image, a style sheet or a font from outside itself (another site, a file on a computer), "
    "and a page of ours loads nothing from elsewhere — export it with them embedded"
)


def add_image(root: Path, name: str, raw: bytes) -> None:
    write(root, f"content/media/{name}", "").write_bytes(raw)


def test_an_image_named_with_capitals_is_told_its_lowercase_name_without_its_bytes(project: Path) -> None:
    add_image(project, "map.JPG", JPEG)
    told = "“map.JPG” has capital letters, which addresses on the published site tell apart — rename the file to map.jpg"
    assert problems_of(project) == [f"content/media/map.JPG:0:0: {told}"]
    result = run_cli(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert f"content/media/map.JPG: {told}" in lines
    assert lines[lines.index(f"content/media/map.JPG: {told}") + 1] == "1 error, 0 warnings"  # no line of the JPEG follows
    assert "JFIF" not in result.stderr and "\x1b" not in result.stderr


@pytest.mark.parametrize("name", ["Map Of Talks.png", "notes.txt"])
def test_a_file_refused_by_its_name_is_told_as_a_whole_file(project: Path, name: str) -> None:
    add_image(project, name, PNG)
    [problem] = problems_of(project)
    assert problem.startswith(f"content/media/{name}:0:0: ")
    result = run_cli(project, "check")
    assert result.returncode == 1 and f"content/media/{name}: " in result.stderr and "PNG" not in result.stderr


@pytest.mark.parametrize(
    ("inside", "place", "told"),
    [
        ("<script>alert(1)</script>", "3:3", RUNS),
        ('<rect width="4" onclick="steal()"/>', "3:19", RUNS),
        ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', "3:3", RUNS),
        ('<rect/><image href="https://example.org/track.png"/>', "3:10", LOADS),
        ("<style>\n    rect { fill: url(https://example.org/p.svg#g) }\n  </style>", "4:18", LOADS),
        ('<a href="https://example.org/">a link</a><use xlink:href="file:///home/editor/map.svg"/>', "3:44", LOADS),
    ],
)
def test_what_an_svg_would_run_or_load_is_told_at_its_line_and_column(project: Path, inside: str, place: str, told: str) -> None:
    add_image(project, "map.svg", SVG.format(inside=inside).encode())
    assert problems_of(project) == [f"content/media/map.svg:{place}: {told}"]


def test_an_svg_shows_the_offending_line_with_a_caret_in_either_language(project: Path) -> None:
    add_image(project, "map.svg", SVG.format(inside='<image href="https://example.org/track.png"/>').encode())
    for lang, told in (("en", LOADS), ("ru", "SVG загружает изображение, таблицу стилей или шрифт не из самого файла")):
        result = run_cli(project, "check", lang=lang)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        [at] = [i for i, line in enumerate(lines) if line.startswith(f"content/media/map.svg:3:3: {told}")]
        assert lines[at + 1 : at + 3] == ['      <image href="https://example.org/track.png"/>', "      ^"]


def test_every_media_problem_is_told_once_at_its_place_or_as_its_whole_file_and_no_bytes_are_shown(project: Path) -> None:
    add_image(project, "map.jpg", PNG)  # a PNG named as a JPEG
    add_image(project, "script.svg", SVG.format(inside="<script>alert(1)</script>").encode())
    # `&#64;import` is `@import` once decoded: no place in the text as written says so
    add_image(project, "styled.svg", SVG.format(inside="<style>&#64;import 'https://example.org/a.css';</style>").encode())
    assert problems_of(project) == [
        "content/media/map.jpg:0:0: the file is not a .jpg image, though its name says so — save it again as that kind, "
        "or name it for its kind",
        f"content/media/script.svg:3:3: {RUNS}",
        f"content/media/styled.svg:0:0: {LOADS}",
    ]
    for lang, told in (
        ("en", "content/media/map.jpg: the file is not a .jpg image, though its name says so"),
        ("ru", "content/media/map.jpg: файл — не изображение .jpg, хотя так назван"),
    ):
        result = run_cli(project, "check", lang=lang)
        assert result.returncode == 1 and told in result.stderr and "Traceback" not in result.stderr
        assert "PNG" not in result.stderr and "IHDR" not in result.stderr
        assert "      <script>alert(1)</script>\n      ^" in result.stderr
