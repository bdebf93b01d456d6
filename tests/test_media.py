"""Images in prose: only the project's own (content/media/), published under a name that changes with their bytes;
a page loads nothing from another site."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

import pytest
from conftest import build_files, problems_of, run_cli, write
from htmltree import parse_html

import build

CLAIM = "content/claims/talks-date.yaml"
SUMMARY = "  en: The articles **agree** on the date."
NOT_OWN = (
    "the image “{}” is not one of the project's files — a page loads nothing from other sites: "
    "save the image in content/media/ and show it as ![description](media/NAME)"
)


def png(width: int, height: int, shade: int = 0) -> bytes:
    """A one-colour PNG of the given size."""
    rows = b"".join(b"\0" + bytes([shade, 80, 160]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def add_to_summary(project: Path, markdown: str) -> None:
    """Append markdown to the English summary of the fixture's claim (line 15)."""
    claim = project / CLAIM
    text = claim.read_text(encoding="utf-8")
    assert SUMMARY in text
    claim.write_text(text.replace(SUMMARY, f"{SUMMARY} {markdown}", 1), encoding="utf-8")


def published_name(name: str, raw: bytes) -> str:
    """Where the site publishes an image: its name with the start of the SHA-256 of its bytes."""
    stem, suffix = name.rsplit(".", 1)
    return f"media/{stem}.{hashlib.sha256(raw).hexdigest()[:10]}.{suffix}"


@pytest.mark.parametrize(
    ("markdown", "address", "column"),
    [
        ("![tracking pixel](https://tracker.example/p.gif)", "https://tracker.example/p.gif", 61),
        ("![no scheme](//cdn.example/p.png)", "//cdn.example/p.png", 56),
        ("![a file elsewhere](../../outside.png)", "../../outside.png", 63),
    ],
)
def test_an_image_that_is_not_the_projects_own_is_refused_where_it_stands(project: Path, markdown: str, address: str, column: int) -> None:
    add_to_summary(project, markdown)
    assert problems_of(project) == [f"{CLAIM}:15:{column}: {NOT_OWN.format(address)}"]


def test_an_image_of_the_media_folder_under_an_unsafe_name_is_told_to_be_renamed_not_refused_as_foreign(project: Path) -> None:
    edit = (project / CLAIM).read_text(encoding="utf-8").replace("on the date.", "on the date. ![Map](media/Фото-Кремль.PNG)", 1)
    write(project, CLAIM, edit)
    [problem] = problems_of(project)
    assert "“Фото-Кремль.PNG” is not a safe name for an image — rename the file in content/media/" in problem
    assert "other sites" not in problem


def test_an_image_written_with_capitals_is_told_its_name_in_lowercase(project: Path) -> None:
    edit = (project / CLAIM).read_text(encoding="utf-8").replace("on the date.", "on the date. ![Map](media/Map.PNG)", 1)
    write(project, CLAIM, edit)
    [problem] = problems_of(project)
    assert problem.endswith(
        "write the image's name in lowercase, media/map.png, and name the file in content/media/ so: "
        "addresses on the published site tell capitals apart (media/Map.PNG)"
    )


def test_a_remote_image_is_refused_in_both_languages_and_in_standing_pages(project: Path) -> None:
    write(
        project,
        "content/pages/funding.yaml",
        "title: {ru: Деньги, en: Funding}\ndescription: {ru: Д, en: F}\nbody:\n  ru: |\n"
        "    Текст.\n\n    ![Логотип](https://tracker.example/logo.png)\n  en: Text.\n",
    )
    assert problems_of(project) == [f"content/pages/funding.yaml:7:16: {NOT_OWN.format('https://tracker.example/logo.png')}"]
    russian = run_cli(project, "check", lang="ru")
    assert russian.returncode == 1
    assert "content/pages/funding.yaml:7:16: изображение «https://tracker.example/logo.png» не из файлов проекта" in russian.stderr


def test_an_image_of_the_project_is_published_under_a_name_that_changes_with_its_bytes(project: Path) -> None:
    raw = png(64, 48)
    write(project, "content/media/map-of-pyongyang.png", "").write_bytes(raw)
    add_to_summary(project, "![Map of the talks' venue](media/map-of-pyongyang.png)")
    files = build_files(project, base_url="https://example.org/repo/")
    name = published_name("map-of-pyongyang.png", raw)
    assert files[name] == raw
    [image] = parse_html(files["en/claims/talks-date/index.html"]).find_all("img")
    assert image.attrs == {
        "src": f"/repo/{name}",
        "alt": "Map of the talks' venue",
        "width": "64",
        "height": "48",
        "loading": "lazy",
    }
    (project / "content/media/map-of-pyongyang.png").write_bytes(png(64, 48, shade=200))
    changed = build_files(project, base_url="https://example.org/repo/")
    assert name not in changed and published_name("map-of-pyongyang.png", png(64, 48, shade=200)) in changed


@pytest.mark.parametrize("written", ["/media/map-of-pyongyang.png", "content/media/map-of-pyongyang.png"])
def test_an_image_of_the_project_written_with_a_path_before_media_is_told_the_address_to_write(project: Path, written: str) -> None:
    write(project, "content/media/map-of-pyongyang.png", "").write_bytes(png(64, 48))
    add_to_summary(project, f"![Map]({written})")
    assert [p.split(": ", 1)[1] for p in problems_of(project)] == [
        "write the image's address as media/NAME, without anything before it: media/map-of-pyongyang.png"
    ]


def test_an_image_without_a_description_is_a_warning_at_the_image(project: Path) -> None:
    write(project, "content/media/map-of-pyongyang.png", "").write_bytes(png(64, 48))
    add_to_summary(project, "![](media/map-of-pyongyang.png)")
    _, problems = build.build_site(project)
    assert [(p.place, p.message("en").split(" — ")[0]) for p in problems.warnings if p.path == CLAIM] == [
        (f"{CLAIM}:15:47", "the image has no description for readers who cannot see it")
    ]


def test_an_image_in_a_link_gives_the_link_its_words_by_its_description(project: Path) -> None:
    write(project, "content/media/map-of-pyongyang.png", "").write_bytes(png(64, 48))
    add_to_summary(project, "[![a map](media/map-of-pyongyang.png)](/en/about/) [![](media/map-of-pyongyang.png)](/en/about/)")
    _, problems = build.build_site(project)
    assert [p.message("en").split(" — ")[0] for p in problems.warnings if p.path == CLAIM] == [
        "the image has no description for readers who cannot see it",
        "the link to /en/about/ has no words, so the page shows nothing to follow",
    ]  # the first link is named by its image's description


def test_an_image_missing_from_the_media_folder_is_named_where_it_is_shown(project: Path) -> None:
    add_to_summary(project, "![Map](media/map.png)")
    expected = f"{CLAIM}:15:50: there is no image map.png in content/media/ — add the file there or correct the name"
    assert problems_of(project) == [expected]
    write(
        project,
        "content/pages/funding.yaml",
        "title: {ru: Деньги, en: Funding}\ndescription: {ru: Д, en: F}\nbody: {ru: '![Карта](media/map.png)', en: Text.}\n",
    )
    assert problems_of(project) == [expected, expected.replace(f"{CLAIM}:15:50", "content/pages/funding.yaml:3:22")]


def test_the_media_folder_holds_only_images_with_safe_names(project: Path) -> None:
    write(project, "content/media/notes.txt", "not an image")
    write(project, "content/media/Map Of Talks.png", "").write_bytes(png(2, 2))
    for left_by_windows in ("Thumbs.db", "desktop.ini"):  # not read, as .DS_Store is not
        write(project, f"content/media/{left_by_windows}", "")
    assert problems_of(project) == [
        "content/media/Map Of Talks.png:0:0: “Map Of Talks.png” is not a safe name for an image — "
        "use lowercase latin letters, digits and hyphens, e.g. map-of-pyongyang.png",
        "content/media/notes.txt:0:0: only images belong in content/media (.png, .jpg, .jpeg, .gif, .webp, .avif, .svg) — "
        "save it as one of these kinds, or move it away",
    ]


OUTSIDE_SVG = "the SVG loads an image, a style sheet or a font from outside itself"
SAFE_SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>\n'


@pytest.mark.parametrize(
    ("name", "content", "told"),
    [
        ("map.png", b"just some text", "the file is not a .png image, though its name says so"),
        ("map.jpg", png(2, 2), "the file is not a .jpg image, though its name says so"),
        ("map.svg", b"<html></html>", "the file is not a .svg image, though its name says so"),
        ("map.svg", SAFE_SVG.replace(b"<rect", b"<script>alert(1)</script><rect"), "the SVG holds a script"),
        ("map.svg", SAFE_SVG.replace(b"<rect", b'<rect onclick="steal()"'), "the SVG holds a script, an event handler"),
        (
            "map.svg",
            SAFE_SVG.replace(b"<rect", b'<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script><rect'),
            "the SVG holds a script",
        ),
        ("map.svg", SAFE_SVG.replace(b"<rect", b'<a href="&#106;ava&#x09;script:alert(1)"><rect/></a><rect'), "the SVG holds a script"),
        ("map.svg", SAFE_SVG.replace(b"<rect", b'<set attributeName="href" to="JavaScript:alert(1)"/><rect'), "the SVG holds a script"),
        (
            "map.svg",
            SAFE_SVG.replace(b"\n<svg", b'\n<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">]><svg'),
            "the SVG holds a script",
        ),
        ("map.svg", SAFE_SVG.replace(b"<rect", b'<image href="https://example.org/track.png"/><rect'), OUTSIDE_SVG),
        ("map.svg", SAFE_SVG.replace(b"<rect", b"<image xlink:href='//example.org/a.png'/><rect"), OUTSIDE_SVG),
        ("map.svg", SAFE_SVG.replace(b"<rect", b"<style>@import url(https://example.org/a.css);</style><rect"), OUTSIDE_SVG),
        ("map.svg", SAFE_SVG.replace(b"<rect", b'<rect fill="url( https://example.org/p.svg#g)"'), OUTSIDE_SVG),
        ("map.svg", SAFE_SVG.replace(b"<rect", b'<rect style="fill:url(&quot;https://example.org/p.svg#g&quot;)"'), OUTSIDE_SVG),
        ("map.svg", SAFE_SVG.replace(b"<rect", b'<image href="&#104;ttps://example.org/a.png"/><rect'), OUTSIDE_SVG),
        ("map.svg", SAFE_SVG.replace(b"<rect", b'<image xlink:href="file:///home/editor/map.png"/><rect'), OUTSIDE_SVG),
    ],
)
def test_an_image_whose_bytes_are_not_its_kind_or_that_would_run_code_is_refused(
    project: Path, name: str, content: bytes, told: str
) -> None:
    write(project, f"content/media/{name}", "").write_bytes(content)
    [problem] = problems_of(project)
    in_text = name.endswith(".svg") and "not a .svg" not in told  # an SVG's script or reference is told at its place
    assert problem.startswith(f"content/media/{name}:{'2:' if in_text else '0:0:'}") and f": {told}" in problem


LOCAL_SVG = SAFE_SVG.replace(
    b"<rect",
    b'<defs><linearGradient id="g"/></defs><use xlink:href="#g"/><image href="data:image/png;base64,AAAA"/>'
    b'<a href="https://example.org/">source</a><desc>how to @import a map</desc><rect fill="url(#g)"',
)
"""An SVG that uses only itself: its own parts, an embedded image, a link (which loads nothing) and words."""


GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
"""The smallest whole GIF: one transparent pixel."""


@pytest.mark.parametrize(
    ("name", "content"), [("map.png", png(3, 3)[:-20]), ("map.gif", GIF[:-1]), ("map.jpg", b"\xff\xd8\xff\xe0" + bytes(64))]
)
def test_an_image_cut_short_is_refused_and_a_heavy_one_is_a_warning(project: Path, name: str, content: bytes) -> None:
    write(project, f"content/media/{name}", "").write_bytes(content)
    assert problems_of(project) == [
        f"content/media/{name}:0:0: the image ends before its last part: the file was cut short — copy or export it again"
    ]
    if name.endswith("jpg"):  # a phone's motion photo: a video after the image's end is no cut
        write(project, f"content/media/{name}", "").write_bytes(content + b"\xff\xd9" + bytes(8192))
        assert not [
            p for p in build.build_site(project)[1].warnings if p.path == f"content/media/{name}" and "cut short" in p.message("en")
        ]
    whole = {"png": png(3, 3), "gif": GIF, "jpg": b"\xff\xd8\xff\xe0" + bytes(64) + b"\xff\xd9"}[name.rpartition(".")[2]]
    write(project, f"content/media/{name}", "").write_bytes(whole[:-2] + bytes(6 * 2**20) + whole[-2:] if name.endswith("jpg") else whole)
    warned = [p.message("en") for p in build.build_site(project)[1].warnings if p.path == f"content/media/{name}"]
    assert warned == (
        ["the image is 6 MB, which every reader of its page downloads — export it smaller: under 1 MB is usual"]
        if name.endswith("jpg")
        else []
    )


@pytest.mark.parametrize(("name", "content"), [("map.png", png(3, 3)), ("map.svg", SAFE_SVG), ("map.svg", LOCAL_SVG), ("map.gif", GIF)])
def test_images_of_each_kind_are_published(project: Path, name: str, content: bytes) -> None:
    write(project, f"content/media/{name}", "").write_bytes(content)
    edit = (project / CLAIM).read_text(encoding="utf-8").replace("on the date.", f"on the date. ![Map](media/{name})", 1)
    write(project, CLAIM, edit)
    files = build_files(project)
    assert any(path.startswith("media/map.") and path.endswith(name.rpartition(".")[2]) for path in files)


def test_a_link_to_another_site_is_still_followed_not_loaded(project: Path) -> None:
    add_to_summary(project, "[The original](https://example.com/article)")
    page = parse_html(build_files(project)["en/claims/talks-date/index.html"])
    assert page.find("a", href="https://example.com/article") is not None
    assert page.find_all("img") == []
