"""The live preview given an address no file can have, or one leading out of site/: the site's own 404 page, no traceback."""

from __future__ import annotations

import http.client
from collections.abc import Iterator

import pytest
from conftest import make_project
from htmltree import parse_html
from test_serve import TIMEOUT, Preview, started_preview, wait_for

pytestmark = pytest.mark.slow
SECRET = "not for the preview's visitors"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """`build.py serve` on the small fixture project, its first build over, with a file beside site/ it must not serve."""
    folder = tmp_path_factory.mktemp("serve-paths")
    project = make_project(folder / "project")
    (project / "secret.txt").write_text(SECRET, encoding="utf-8")
    with started_preview(project, folder / "serve.log") as running:
        wait_for(lambda: running.builds() >= 1, "the first build")
        yield running


def fetch_as_sent(port: int, path: str) -> tuple[int, str]:
    """Status and body of an address sent exactly as written (no client tidies `..` or escapes away)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()


def assert_site_404(preview: Preview, path: str) -> str:
    """The address gets the site's own 404 page, the one a missing page gets; its body."""
    status, page = fetch_as_sent(preview.port, path)
    assert status == 404, path
    assert parse_html(page).find("section", class_="not-found") is not None, path
    assert page == fetch_as_sent(preview.port, "/ru/claims/no-such-check/")[1], path
    return page


def assert_no_traceback(preview: Preview) -> None:
    log = preview.log.read_text(encoding="utf-8")
    assert "Traceback" not in log and "ValueError" not in log, log


@pytest.mark.parametrize("path", ["/ru/claims/%00/", "/en/%00", "/static/style%00.css", "/ru/claims/%00%ff/"])
def test_an_address_with_a_nul_byte_gets_the_sites_404_page_and_no_traceback(preview: Preview, path: str) -> None:
    assert_site_404(preview, path)
    assert_no_traceback(preview)
    assert fetch_as_sent(preview.port, "/ru/")[0] == 200  # the preview goes on


@pytest.mark.parametrize("path", ["/ru/claims/%ff%fe/", "/en/%c3/", "/static/%80.css"])
def test_an_address_whose_bytes_are_not_utf8_gets_the_sites_404_page(preview: Preview, path: str) -> None:
    assert_site_404(preview, path)
    assert_no_traceback(preview)


@pytest.mark.parametrize("path", ["/../secret.txt", "/ru/../../secret.txt", "/ru/%2e%2e/%2e%2e/secret.txt", "/ru/..%2f..%2fsecret.txt"])
def test_an_address_leading_out_of_site_is_refused_with_the_sites_404_page(preview: Preview, path: str) -> None:
    assert SECRET not in assert_site_404(preview, path)
    assert_no_traceback(preview)
