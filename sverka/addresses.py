"""The addresses editors give: the site's own, a repository's, any web page's; and what is said when one is refused."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .i18n import N_

URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
PORT = r"(?:6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})"
"""A TCP port, 1–65535."""
UNSAFE = r"""\s"<>\\`"""
"""What no address of ours holds: spaces, double quotation marks, angle brackets, backslashes."""
SEGMENT = rf"[^/?#{UNSAFE}]"
PAGE_END = r"/[^/]+\.(?:[Ss]?[Hh][Tt][Mm][Ll]?|[Pp][Hh][Pp]|[Aa][Ss][Pp][Xx]?|[Jj][Ss][Pp]|[Cc][Gg][Ii]|[Xx][Mm][Ll])"
"""The end of a page's address rather than a folder's (`…/index.html`), as an address copied from the browser has."""
LANGUAGE_END = r"/(?:[Rr][Uu]|[Ee][Nn])/?"
"""The end of one language's folder (`…/en/`): the build adds those itself."""
SITE_URL = re.compile(
    rf"^(?!.*(?:{PAGE_END}|{LANGUAGE_END})$)[Hh][Tt][Tt][Pp][Ss]?://[^/$.?#:@'{UNSAFE}][^/?#:@'{UNSAFE}]*(?::0*{PORT})?(?:/(?:{SEGMENT}+/)*{SEGMENT}*)?$"
)
"""An address every page's own address is made from: no user, query, fragment, space or empty path segment (after a `//`
a link such as `//static/style.css` names another host)."""
REPOSITORY_URL = re.compile(rf"^[Hh][Tt][Tt][Pp][Ss]?://[^/$.?#:@'{UNSAFE}][^/?#@'{UNSAFE}]*(?:/{SEGMENT}+){{2,}}/*$")
"""A repository's page: a host, then at least its owner and its name."""
NOT_URL = N_("“{value}” is not an absolute http(s) address — write it as https://…")
NOT_REPOSITORY_URL = N_(
    "“{value}” is not a repository's address — write the address of its page, with its owner and name, e.g. https://github.com/owner/name"
)
NOT_SITE_URL = N_(
    "“{value}” is not an address for the site — write it as https://example.org/path/, without spaces, quotation marks, ?… "
    "or #…, and with a port, if any, from 1 to 65535"
)
DOUBLED_SLASH = N_("“{value}” has a doubled slash, which would make the site's links lead off it or to no page — remove one slash")
ENDS_IN_PAGE = N_("“{value}” is the address of a page — give the folder the site is published at: {folder}")
ENDS_IN_LANGUAGE = N_(
    "“{value}” is the address of one language's pages — give the folder of the whole site: {folder} (the build adds ru/ and en/)"
)


def why_refused(value: str, hint: str) -> tuple[str, dict[str, str]]:
    """The message for a value its pattern refuses, and its values besides `value`: `hint`, but for the site's address whose
    only fault is a doubled slash, or that names a page or one language's folder, that fault (here and on the command line)."""
    if hint != NOT_SITE_URL:
        return hint, {}
    mended = re.sub(r"(?<=[^:/])//+", "/", value)  # not the two after `https:`
    if mended != value and SITE_URL.fullmatch(mended):
        return DOUBLED_SLASH, {}
    page = re.sub(f"(?:{PAGE_END})$", "/", value)  # …/ru/index.html: a page of one language's folder
    folder = re.sub(f"(?:{LANGUAGE_END})$", "/", page)
    if folder != value and SITE_URL.fullmatch(folder):
        return (ENDS_IN_PAGE if folder == page else ENDS_IN_LANGUAGE), {"folder": folder}
    return hint, {}


def on_this_site(address: str, base_url: str) -> str | None:
    """A link's address within the site (`/ru/claims/x/#evidence-q1`), a full one written with the site's own address
    included; None for another site's."""
    if not address.startswith(("http:", "https:")):
        return address
    link, base = urlsplit(address), urlsplit(base_url)
    path, base_path = unquote(link.path), unquote(base.path)  # as browsers show them: сверка.рф/статьи/
    if (ascii_host(link.hostname), link.port) != (ascii_host(base.hostname), base.port) or not path.startswith(base_path):
        return None
    return "/" + path.removeprefix(base_path).lstrip("/") + (f"#{link.fragment}" if link.fragment else "")


def ascii_host(host: str | None) -> str | None:
    """A host name as DNS has it (сверка.рф as xn--80adju3ad.xn--p1ai)."""
    try:
        return host.encode("idna").decode("ascii") if host else host
    except UnicodeError:
        return host
