"""Quality gates: built sites served over HTTP, a shared headless Chromium, and a crawler over built files.

Session fixtures (imported by conftest.py so that every test module shares one of each):
`served` builds the repository's own site and the test fixtures once, into temporary folders, and
serves them from one local HTTP server, each under its own base path (as a GitHub project site is);
`browser` is one headless Chromium (Debian's package) driven through Playwright.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

import pytest

T = TypeVar("T")
REPO = Path(__file__).resolve().parent.parent

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
SITES = ("repo", "mini", "hostile")
"""The repository's own content, the small fixture, and the fixture whose every text is hostile."""
REPO_PARTS_SKIPPED = {
    ".git",
    ".venv",
    "site",
    ".site.staging",
    ".site.old",
    ".cache",
    "tests",
    "test-artifacts",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "build",
    "__pycache__",
}


@dataclass(frozen=True)
class BuiltSite:
    """A site built into a folder and served at `base_url` (which ends with a slash)."""

    name: str
    folder: Path
    base_url: str
    page_slugs: tuple[str, ...]
    claim_ids: tuple[str, ...]

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, e.g. `/mini/`."""
        return urlsplit(self.base_url).path

    def url(self, path: str) -> str:
        """The address of an output path (`ru/claims/x/` or `404.html`)."""
        return self.base_url + path

    def html_files(self) -> list[str]:
        """Every HTML file of the build, as output paths, sorted."""
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.html"))

    def sends_on(self, path: str) -> bool:
        """Whether a page only sends the reader to another address (an earlier address of a check)."""
        return b'http-equiv="refresh"' in (self.folder / path).read_bytes()


def copy_repository(dest: Path) -> Path:
    """The repository's publication (content, seeds, templates, catalogs…) without tests, builds and environments."""
    ignore = shutil.ignore_patterns(*REPO_PARTS_SKIPPED, "*.pyc")
    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


def project_root(name: str, scratch: Path) -> Path:
    """The project folder a site is built from: the repository itself, or a copy of a fixture."""
    from conftest import make_project

    if name == "repo":
        return REPO
    return make_project(scratch / f"{name}-project", name)


def build_into(root: Path, folder: Path, base_url: str) -> None:
    """Build a project in memory (never touching its site/) and write the files into `folder`."""
    import build
    from sverka.problems import ProblemsFound, format_report

    try:
        files, _ = build.build_site(root, base_url=base_url)
    except ProblemsFound as found:
        pytest.fail(f"the project in {root} does not build:\n{format_report(found.problems, root, 'en')}", pytrace=False)
    for path, content in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    from sverka.search import index_search

    index_search(folder)  # as `build.py` does before publishing: the search pages load the index


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves each site under `/<name>/`; a missing file gets the site's 404.html with status 404, as GitHub Pages does."""

    def __init__(self, *args: object, sites_root: str, **kwargs: object) -> None:
        super().__init__(*args, directory=sites_root, **kwargs)  # type: ignore[arg-type]

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_file() or (path.is_dir() and (path / "index.html").is_file()):
            return super().send_head()
        site = unquote(urlsplit(self.path).path).strip("/").split("/", 1)[0]
        not_found = Path(str(self.directory)) / site / "404.html"
        if site not in SITES or not not_found.is_file():
            self.send_error(404)
            return None
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests report what matters."""


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """One local HTTP server for every built site: its address and the folder it serves."""
    folder = tmp_path_factory.mktemp("served")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(SiteHandler, sites_root=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", folder
    httpd.shutdown()
    httpd.server_close()


def built_site(name: str, server: tuple[str, Path], scratch: Path) -> BuiltSite:
    """Build one of SITES under its base path on the shared server."""
    address, served_root = server
    root = project_root(name, scratch)
    base_url = f"{address}{name}/"
    build_into(root, served_root / name, base_url)
    pages = tuple(sorted(p.stem for p in (root / "content/pages").glob("*.yaml")))
    catalogue = json.loads((served_root / name / "claims.json").read_text(encoding="utf-8"))
    claims = tuple(sorted(claim["id"] for claim in catalogue["claims"]))  # the published ones: drafts and scheduled checks wait
    return BuiltSite(name, served_root / name, base_url, pages, claims)


class SiteBuilds(dict[str, BuiltSite]):
    """Builds of SITES, each made on first use."""

    def __init__(self, server: tuple[str, Path], scratch: Path) -> None:
        super().__init__()
        self.server, self.scratch = server, scratch

    def __missing__(self, name: str) -> BuiltSite:
        self[name] = built_site(name, self.server, self.scratch)
        return self[name]


@pytest.fixture(scope="session")
def sites(server: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> SiteBuilds:
    """The built sites, shared by the whole session: `sites["repo"]`, `sites["mini"]`, `sites["hostile"]`."""
    return SiteBuilds(server, tmp_path_factory.mktemp("projects"))


class BrowserThread:
    """One headless Chromium in a thread of its own: Playwright's sync API runs an event loop in the thread
    that starts it, which would break every later test of the session that calls `asyncio.run`."""

    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self.executor.submit(self.start).result()

    def start(self) -> None:
        """Launch Debian's Chromium (Playwright's own browser download is not used)."""
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.chromium = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def run(self, function: Callable[..., T], *args: object) -> T:
        """Call `function(chromium, *args)` in the browser's thread and return what it returns."""
        return self.executor.submit(function, self.chromium, *args).result()

    def stop(self) -> None:
        """Close the browser and end its thread."""

        def shut() -> None:
            self.chromium.close()
            self.playwright.stop()

        self.executor.submit(shut).result()
        self.executor.shutdown()


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Iterator[BrowserThread]:
    """The session's one headless Chromium: `browser.run(function, *args)` calls `function(chromium, *args)`."""
    thread = BrowserThread()
    yield thread
    thread.stop()
    if SCREENSHOTS.is_dir():
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print(f"\nscreenshots of every page type: {SCREENSHOTS}")


# ---- page types ----------------------------------------------------------------------------------

LANG_PREFIX = re.compile(r"^(?P<lang>[a-z]{2})/(?P<rest>.*)$")
PAGE_TYPES_REQUIRED = ("root", "404", "home", "claim", "source", "page", "discrepancies", "timeline")
"""Types every build has; any other type found in a build (search, verdicts, …) is tested as well."""


def page_type(path: str, page_slugs: tuple[str, ...]) -> tuple[str, str]:
    """The page type and language of an output path: `ru/claims/x/index.html` → ("claim", "ru")."""
    if path == "index.html":
        return "root", "mul"
    if path == "404.html":
        return "404", "mul"
    match = LANG_PREFIX.match(path)
    if match is None:
        return "other-" + path.split("/", 1)[0].removesuffix(".html"), "mul"
    lang, rest = match["lang"], match["rest"]
    parts = rest.split("/")
    if rest == "index.html":
        return "home", lang
    kinds = {"claims": "claim", "sources": "source"}
    if len(parts) == 2 and parts[0] in page_slugs:
        return "page", lang
    if parts[0] in kinds and len(parts) >= 3:
        return kinds[parts[0]], lang
    return parts[0].removesuffix(".html"), lang


def representatives(site: BuiltSite) -> dict[tuple[str, str], str]:
    """One page per page type and language: the largest, which asks most of the layout (the longest headline, the most
    quotes and tables), so that the gates meet what editors add where it is most demanding; for standing pages,
    methodology when it exists."""
    chosen: dict[tuple[str, str], str] = {}
    files = [path for path in site.html_files() if not site.sends_on(path)]  # a browser would be sent on at once
    largest_first = sorted(files, key=lambda path: (-(site.folder / path).stat().st_size, path))
    preferred = [f for f in files if "/methodology/" in f] + largest_first
    for path in preferred:
        chosen.setdefault(page_type(path, site.page_slugs), path)
    return dict(sorted(chosen.items()))


def page_address(site: BuiltSite, path: str) -> str:
    """Where a browser opens an output path: directories by their slash URL, 404 through a missing address."""
    if path == "404.html":
        return site.url("no-such-page/")
    return site.url(path.removesuffix("index.html"))


# ---- a crawler over built files ------------------------------------------------------------------

LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "area": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
    "audio": "src",
    "video": "src",
    "track": "src",
    "form": "action",
}


class PageScan(HTMLParser):
    """Collects a page's ids, links (tag, attribute, value) and scripts (type, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[str, str]] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.in_script: str | None = None
        self.script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag == "a" and attributes.get("name"):
            self.ids.append(str(attributes["name"]))
        name = LINK_ATTRIBUTES.get(tag)
        if name and attributes.get(name) is not None:
            self.links.append((tag, name, str(attributes[name])))
        if tag == "script":
            self.in_script = str(attributes.get("type") or "text/javascript")
            self.script_text = []

    def handle_data(self, data: str) -> None:
        if self.in_script is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.in_script is not None:
            self.scripts.append((self.in_script, "".join(self.script_text)))
            self.in_script = None


def scan_page(file: Path) -> PageScan:
    """Parse one built HTML file."""
    scan = PageScan()
    scan.feed(file.read_text(encoding="utf-8"))
    scan.close()
    return scan
