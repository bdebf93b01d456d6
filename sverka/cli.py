"""The command line: its commands and options, in the editor's language (argparse's own words too), with each value an
editor gives checked as it is read, so that a mistake is told before anything is loaded."""

from __future__ import annotations

import argparse
import itertools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from .addresses import NOT_REPOSITORY_URL, NOT_SITE_URL, REPOSITORY_URL, SITE_URL, why_refused
from .i18n import N_, own_messages, translate
from .languages import cli_language
from .scalars import FAR_MOMENT, YEARS
from .settings import Settings


def common_options(parser: argparse.ArgumentParser, suppress: bool, lang: str, root: Path | None = None) -> None:
    """The options of every command, accepted before the command and after it."""
    parser.add_argument(
        "--root",
        type=partial(project_folder, lang),
        default=argparse.SUPPRESS if suppress else root,
        metavar=translate(lang, "FOLDER"),
        help=translate(lang, "the project folder (default: this one)"),
    )
    parser.add_argument(
        "--lang",
        choices=["ru", "en"],
        default=argparse.SUPPRESS if suppress else None,
        help=translate(lang, "language of messages (default: from SVERKA_LANG or LANG)"),
    )


def build_options(parser: argparse.ArgumentParser, suppress: bool, lang: str) -> None:
    """The options of a build, accepted before the command and after it."""
    default = argparse.SUPPRESS if suppress else None
    for option, pattern, refusal, help_text in (
        ("--base-url", SITE_URL, NOT_SITE_URL, N_("the address the site will be published at")),
        ("--repository-url", REPOSITORY_URL, NOT_REPOSITORY_URL, N_("the repository whose issue tracker takes error reports")),
    ):
        kind = partial(address, pattern, refusal, lang)
        parser.add_argument(option, type=kind, default=default, metavar=translate(lang, "URL"), help=translate(lang, help_text))
    for flag, help_text in (
        ("--strict", N_("treat warnings as errors")),
        ("--timings", N_("print how long each stage took")),
        ("--no-search", N_("skip the search index (quick local builds; search then finds nothing)")),
        ("--drafts", N_("the editors' edition: drafts, checks in review and scheduled ones shown and marked, with the desk at /_desk/")),
    ):
        parser.add_argument(flag, action="store_true", default=argparse.SUPPRESS if suppress else False, help=translate(lang, help_text))
    parser.add_argument(
        "--now",
        type=partial(moment, lang),
        default=default,
        metavar=translate(lang, "MOMENT"),
        help=translate(lang, "build as at this moment, e.g. 2026-12-10T09:00+03:00 (default: now)"),
    )


def address(pattern: re.Pattern[str], template: str, lang: str, text: str) -> str:
    """An address given on the command line, as site.yaml's must be."""
    if not pattern.fullmatch(text):
        refusal, values = why_refused(text, template)
        raise argparse.ArgumentTypeError(translate(lang, refusal).format(value=text, **values))
    return text


def project_folder(lang: str, text: str) -> Path:
    """The project folder given on the command line: the one holding content/ (nothing is made in any other)."""
    if not Path(text).exists():
        template = N_("there is no folder “{value}” — give the folder that holds content/ and seeds/")
    elif not Path(text).is_dir():
        template = N_("“{value}” is a file, not a folder — give the folder that holds content/ and seeds/")
    elif not Path(text, "content").is_dir():
        template = N_("“{value}” is not a project folder: it has no content/ folder — give the folder that holds content/ and seeds/")
    else:
        return Path(text)
    raise argparse.ArgumentTypeError(translate(lang, template).format(value=text))


def port(lang: str, text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(
            translate(lang, "“{value}” is not a port — give a number from 1 to 65535, e.g. 8000").format(value=text)
        )
    return int(text)


def source_name(text: str) -> str:
    """A source as `compare` takes it: its id, or its file as the shell completes it (seeds/ID.txt)."""
    path = Path(text)
    return path.stem if path.suffix in (".txt", ".yaml") else text


def moment(lang: str, text: str) -> datetime:
    """A moment given on the command line: a day (its start, UTC) or a date and time with its zone."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = None
    day = re.match(r"(\d{4})-(\d\d)-(\d\d)", text)
    year = value.year if value is not None else int(day[1]) if day is not None else None
    if year is not None and year not in YEARS:  # the form is right, the year mistyped
        raise argparse.ArgumentTypeError(translate(lang, FAR_MOMENT).format(value=text, year=year, first=YEARS[0], last=YEARS[-1]))
    if value is None and day is not None and not is_day(*map(int, day.groups())):
        raise argparse.ArgumentTypeError(
            translate(lang, "“{value}” is not a day of the calendar — its month or day does not exist").format(value=text)
        )
    if value is None or (value.tzinfo is None and "T" in text.upper()):
        raise argparse.ArgumentTypeError(
            translate(lang, "write a day (2026-12-10) or a day and time with its zone (2026-12-10T09:00+03:00)")
        )
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def is_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


KINDS = ("claim", "source", "event")
HYPHENED_ID = N_("“{value}” begins with a hyphen, so it is read as an option — an id begins with a letter or a digit, e.g. talks-date")
HYPHENED_FILE = N_("“{value}” begins with a hyphen, so it is read as an option — give the file as ./{value}")


def refuse_hyphened_name(argv: list[str], new_parser: argparse.ArgumentParser, lang: str) -> None:
    """Refuse `new KIND -NAME`: argparse would take the name for an unknown option and then call it missing. Long
    options (--id, --root, abbreviated or not) and everything after `--` are argparse's to read."""
    for at, (command, kind) in enumerate(itertools.pairwise(argv)):
        if command != "new" or kind not in KINDS:
            continue
        words = list(itertools.takewhile(lambda word: word != "--", argv[at + 2 :]))
        for before, word in zip(["", *words], words, strict=False):
            if re.fullmatch(r"-[^-].*", word) and word != "-h":
                template = HYPHENED_FILE if kind == "source" and before != "--id" else HYPHENED_ID  # `--id -x`: an id
                new_parser.error(translate(lang, template).format(value=word))


ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("expected one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ignored explicit argument %r"),
)
"""argparse's own words an editor meets (Python 3.11–3.13 spell them so), put into the catalogs by `make messages`."""


@contextmanager
def argparse_speaking(lang: str) -> Iterator[None]:
    """argparse's own words (“usage:”, “error:”) in the run's language while parsing: its gettext globals `_` and
    `ngettext` (see its howto "How to translate the argparse output") point at the generator's catalog, so no .mo file is
    needed, and are put back afterwards. A word a later Python spells otherwise stays English."""
    table, kept = own_messages(lang), (vars(argparse)["_"], vars(argparse)["ngettext"])
    setattr(argparse, "_", table.gettext)  # noqa: B010 - a module global argparse reads at call time
    setattr(argparse, "ngettext", table.ngettext)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", kept[0])  # noqa: B010
        setattr(argparse, "ngettext", kept[1])  # noqa: B010


def command_line(lang: str, root: Path) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser, and each command's own."""
    parser = argparse.ArgumentParser(prog="build.py", description=translate(lang, "Build the Sverka fact-check site."))
    common_options(parser, suppress=False, lang=lang, root=root)
    build_options(parser, suppress=False, lang=lang)
    commands = parser.add_subparsers(dest="command", title=translate(lang, "commands"))
    add_commands(commands, lang)
    commands.metavar = "{" + ",".join(commands.choices) + "}"  # named so in errors too, not by the English `command`
    for command in commands.choices.values():
        common_options(command, suppress=True, lang=lang)
    return parser, commands.choices


def add_commands(commands: Any, lang: str) -> None:
    """The commands and their own arguments (`commands`: argparse's subparsers action)."""
    t = partial(translate, lang)
    for name, help_text in (("build", N_("build the site into site/ (the default)")), ("check", N_("validate without writing anything"))):
        build_options(commands.add_parser(name, help=t(help_text), description=t(help_text)), suppress=True, lang=lang)
    serve_help = t(N_("live preview: rebuild and reload the browser on every change"))
    serve_parser = commands.add_parser("serve", help=serve_help, description=serve_help)
    serve_parser.add_argument(
        "--port", type=partial(port, lang), default=8000, metavar=t(N_("PORT")), help=t(N_("the port to listen on (default: 8000)"))
    )
    serve_parser.add_argument(
        "--host", default="127.0.0.1", metavar=t(N_("ADDRESS")), help=t(N_("the address to listen on (default: 127.0.0.1)"))
    )
    serve_parser.add_argument(
        "--no-search", action="store_true", default=argparse.SUPPRESS, help=t(N_("do not refresh the search index after each build"))
    )
    new_help = t(N_("write a commented skeleton: new claim ID, new source FILE.txt [--id ID], new event ID"))
    new_parser = commands.add_parser("new", help=new_help, description=new_help)
    new_parser.add_argument("kind", choices=KINDS, metavar="{" + ",".join(KINDS) + "}", help=t(N_("what to create")))
    new_parser.add_argument("name", metavar=t(N_("name")), help=t(N_("the new id (for a source: the text file to archive)")))
    new_parser.add_argument("--id", metavar="ID", help=t(N_("the source's id (default: made from the file name)")))
    schemas_help = t(N_("write the JSON Schemas of the editor's files into schemas/"))
    commands.add_parser("schemas", help=schemas_help, description=schemas_help)
    compare_help = t(N_("print two sources aligned: similarity per paragraph, shared passages"))
    compare_parser = commands.add_parser("compare", help=compare_help, description=compare_help)
    compare_parser.add_argument(
        "first", type=source_name, metavar=t(N_("first")), help=t(N_("the id of an archived source (its file name in seeds/ without .txt)"))
    )
    compare_parser.add_argument("second", type=source_name, metavar=t(N_("second")), help=t(N_("the id of the source to set beside it")))


def parse_arguments(argv: list[str], root: Path) -> tuple[Settings, argparse.Namespace]:
    """The settings and arguments of a run; `root`: the project folder when --root does not say."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", nargs="?")  # any value: a wrong one is refused below, in the language the environment asks for
    lang = cli_language(early.parse_known_args(argv)[0].lang, dict(os.environ))  # for --help and the messages on option values
    with argparse_speaking(lang):
        parser, commands = command_line(lang, root)
        refuse_hyphened_name(argv, commands["new"], lang)
        args = parser.parse_args(argv)
    args.command = args.command or "build"
    settings = Settings(
        root=args.root.resolve(),
        base_url=args.base_url,
        repository_url=args.repository_url,
        strict=args.strict,
        search=not args.no_search,
        timings=args.timings,
        drafts=args.drafts,
        now=args.now or datetime.now(UTC),
    )
    return settings, args
