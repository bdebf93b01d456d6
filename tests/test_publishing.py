"""Publishing on GitHub Pages: the site works under a project sub-path, 404.html at any depth, the workflows."""

from __future__ import annotations

import io
import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import pytest
import yaml
from conftest import REPO, make_project, run_cli
from htmltree import parse_html

import build
from sverka.load import load_project
from sverka.problems import Collector

PUBLIC_BASE = "https://example.github.io/factcheck/"
PREFIX = "/factcheck/"
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}


class ProjectSiteHandler(SimpleHTTPRequestHandler):
    """Serves a built site under PREFIX only, and its 404.html for every miss, as GitHub Pages does."""

    def send_head(self) -> Any:
        """Map PREFIX onto the site folder; anything else, or anything missing, is a 404 page."""
        parts = urlsplit(self.path)
        if not parts.path.startswith(PREFIX):
            return self.send_not_found()
        inside = "/" + parts.path[len(PREFIX) :]
        target = Path(self.translate_path(inside))
        if target.is_dir() and not parts.path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", parts.path + "/")
            self.end_headers()
            return None
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return self.send_not_found()
        self.path = inside
        return super().send_head()

    def list_directory(self, path: Any) -> Any:
        """GitHub Pages never lists a folder."""
        return self.send_not_found()

    def send_not_found(self) -> io.BytesIO:
        """The site's own 404.html with status 404."""
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def local_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mini fixture built for PUBLIC_BASE and served on 127.0.0.1 under /factcheck/; yields the local base URL."""
    root = make_project(tmp_path_factory.mktemp("publishing") / "project")
    result = run_cli(root, "--base-url", PUBLIC_BASE, "--repository-url", "https://github.com/example/factcheck")
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(ProjectSiteHandler, directory=str(root / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET."""
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except HTTPError as error:
        with error:
            return error.code, error.headers.get_content_type(), error.read()


def localise(url: str, local: str) -> str | None:
    """A link as the local server serves it; None when it leaves the site (another host)."""
    if url.startswith(PUBLIC_BASE):
        return local + url[len(PUBLIC_BASE) :]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(local).netloc:
        return None
    return url


def html_links(body: bytes, page: str) -> list[str]:
    """Every address an HTML page refers to (links, stylesheets, feeds, images, scripts), absolute."""
    links = []
    for element in parse_html(body).iter():
        value = element.get(LINK_ATTRIBUTES.get(element.tag, ""))
        if value and not value.startswith(("mailto:", "#", "javascript:", "data:")):
            links.append(urljoin(page, value))
    return links


def xml_links(body: bytes) -> list[str]:
    """Every address an Atom feed or a sitemap refers to."""
    links = []
    for element in ET.fromstring(body).iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in ("loc", "id") and element.text:
            links.append(element.text.strip())
        if name == "link" and element.get("href"):
            links.append(element.attrib["href"])
    return links


def json_links(value: Any) -> list[str]:
    """Every address inside a JSON document."""
    if isinstance(value, dict):
        return [link for item in value.values() for link in json_links(item)]
    if isinstance(value, list):
        return [link for item in value for link in json_links(item)]
    return [value] if isinstance(value, str) and value.startswith(("http://", "https://")) else []


def links_of(url: str, content_type: str, body: bytes) -> list[str]:
    """The addresses a fetched file refers to, by its type."""
    if content_type == "text/html":
        return html_links(body, url)
    if url.endswith(".xml"):
        return xml_links(body)
    if url.endswith(".json"):
        return json_links(json.loads(body))
    if url.endswith("robots.txt"):
        return [line.split(":", 1)[1].strip() for line in body.decode().splitlines() if line.lower().startswith("sitemap:")]
    return []


def crawl(local: str, start: list[str]) -> tuple[dict[str, int], list[str]]:
    """Fetch everything reachable inside the site; the status of each address, and what was broken, with the referrer."""
    statuses: dict[str, int] = {}
    broken = []
    queue = [(url, "(start)") for url in start]
    while queue:
        url, referrer = queue.pop()
        url = url.split("#", 1)[0]
        if url in statuses:
            continue
        status, content_type, body = fetch(url)
        statuses[url] = status
        if status != 200:
            broken.append(f"{unquote(url)} ({status}) linked from {referrer}")
            continue
        for link in links_of(url, content_type, body):
            local_link = localise(link, local)
            if local_link is not None:
                queue.append((local_link, url))
    return statuses, broken


def test_every_link_stylesheet_feed_sitemap_entry_and_data_file_resolves_under_a_project_sub_path(local_base: str) -> None:
    statuses, broken = crawl(local_base, [local_base, local_base + "robots.txt"])
    assert broken == []
    visited = {url[len(local_base) :] for url in statuses}
    for expected in (
        "ru/",
        "en/",
        "ru/claims/talks-date/",
        "en/claims/talks-date/",
        "static/style.css",
        "ru/feed.xml",
        "en/feed.xml",
        "sitemap.xml",
        "claims.json",
    ):
        assert expected in visited


def test_the_test_server_serves_nothing_outside_the_project_sub_path(local_base: str) -> None:
    outside = local_base.replace(PREFIX, "/") + "static/style.css"
    assert fetch(outside)[0] == 404
    assert fetch(local_base + "static/style.css")[0] == 200


@pytest.mark.parametrize("missing", ["no-such-page", "ru/claims/no-such-claim/", "en/a/b/c/d/e/deep.html"])
def test_the_404_page_served_at_any_depth_links_only_to_pages_that_exist(local_base: str, missing: str) -> None:
    url = local_base + missing
    status, content_type, body = fetch(url)
    assert (status, content_type) == (404, "text/html")
    links = [localise(link, local_base) for link in html_links(body, url)]
    internal = [link for link in links if link is not None]
    assert any(link.endswith("/ru/") for link in internal) and any(link.endswith("/en/") for link in internal)
    assert [link for link in internal if fetch(link.split("#", 1)[0])[0] != 200] == []


def workflow(name: str) -> dict[Any, Any]:
    """A workflow file of the repository, parsed."""
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    """The steps of a job that use an action (any version)."""
    return [step for step in job["steps"] if step.get("uses", "").split("@", 1)[0] == action]


def test_the_pages_workflow_builds_with_the_configured_base_url_and_deploys_the_site_folder() -> None:
    data = workflow("pages.yml")
    assert data["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in data["on"]
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build_job, deploy_job = data["jobs"]["build"], data["jobs"]["deploy"]
    for action in ("actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/upload-pages-artifact"):
        assert len(steps_using(build_job, action)) == 1, action
    assert steps_using(build_job, "actions/configure-pages")[0]["id"] == "pages"
    command = " ".join(step.get("run", "") for step in build_job["steps"])
    assert '--base-url "${{ steps.pages.outputs.base_url }}/"' in command
    assert "--repository-url" in command and "python3 build.py" in command
    assert steps_using(build_job, "actions/upload-pages-artifact")[0]["with"]["path"] == "site/"
    assert deploy_job["needs"] == "build"
    assert deploy_job["environment"]["name"] == "github-pages"
    assert steps_using(deploy_job, "actions/deploy-pages")[0]["id"] == "deployment"
    assert deploy_job["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"


def test_the_pages_workflow_runs_daily_and_builds_on_the_last_deploys_cache() -> None:
    data = workflow("pages.yml")
    assert [entry["cron"].split()[2:] for entry in data["on"]["schedule"]] == [["*", "*", "*"]]  # every day: scheduled checks go out
    steps = data["jobs"]["build"]["steps"]
    (cache,) = steps_using(data["jobs"]["build"], "actions/cache")
    build_step = next(index for index, step in enumerate(steps) if "python3 build.py" in step.get("run", ""))
    assert steps.index(cache) < build_step
    assert set(cache["with"]["path"].split()) == {".cache", "site"}
    assert "sverka/**" in cache["with"]["key"] and "pyproject.toml" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])


def test_the_ci_workflow_runs_the_readme_test_command_on_push_and_pull_request() -> None:
    data = workflow("ci.yml")
    assert {"push", "pull_request"} <= set(data["on"])
    commands = [step.get("run", "") for job in data["jobs"].values() for step in job["steps"]]
    assert any(".ci/run" in command for command in commands)
    ci_script = [line for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert ci_script[-1] == "make test"


def test_the_repository_url_given_on_the_command_line_overrides_site_yaml(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    problems = Collector()
    project = load_project(root, problems, None, "https://github.com/example/factcheck")
    assert project is not None and project.site.repository_url == "https://github.com/example/factcheck"
    for argv in (["--repository-url", "https://x.test/o/r"], ["build", "--repository-url", "https://x.test/o/r"]):
        assert build.parse_arguments(argv, build.ROOT)[0].repository_url == "https://x.test/o/r"
    assert load_project(root, Collector()).site.repository_url is None  # type: ignore[union-attr]
