"""Write a synthetic project shaped like the real content, deterministic from a seed.

    python benchmarks/corpus.py OUT [--claims 10000] [--seed 1]

Text is made of made-up words drawn from a fixed vocabulary with Zipf's law frequencies, so the
search index sees a natural number of distinct words. Each claim has both languages, a summary of
about 2 KB of markdown per language, 3–6 quotes taken verbatim from the synthetic sources of one
story (eight reports; so every quote verifies), 1–2 discrepancy notes, and a correction on every tenth claim. There are a few
hundred sources and timeline events. The project uses the repository's own templates and catalogs,
so it measures the real site.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import hashlib
import itertools
import random
import shutil
from pathlib import Path

from sverka.standards import CONTEXT_LABEL

REPO = Path(__file__).resolve().parent.parent
STORY = 8
"""Sources per story: the reports a check of that story may quote."""
RU_SYLLABLES = [
    "ва",
    "ло",
    "ри",
    "на",
    "ко",
    "ме",
    "ст",
    "пра",
    "ви",
    "ла",
    "до",
    "му",
    "ре",
    "ки",
    "сто",
    "не",
    "зо",
    "по",
    "ка",
    "та",
    "ми",
    "ры",
    "ше",
    "ду",
]
EN_SYLLABLES = [
    "ta",
    "lo",
    "ri",
    "na",
    "ko",
    "me",
    "st",
    "pra",
    "vi",
    "la",
    "do",
    "mu",
    "re",
    "ki",
    "sto",
    "ne",
    "zo",
    "po",
    "ka",
    "ta",
    "mi",
    "ry",
    "she",
    "du",
]


VOCABULARY = 30_000
"""Distinct made-up words per language; text draws them with Zipf's law frequencies, as natural text does."""


def made_up_word(rng: random.Random, syllables: list[str]) -> str:
    """A pronounceable made-up word."""
    return "".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))


@functools.cache
def lexicon(syllables: tuple[str, ...]) -> tuple[list[str], list[float]]:
    """A language's vocabulary and the cumulative Zipf weights of its words (deterministic)."""
    rng = random.Random("lexicon " + syllables[0])
    words = list(dict.fromkeys(made_up_word(rng, list(syllables)) for _ in range(VOCABULARY * 2)))[:VOCABULARY]
    return words, list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))


def word(rng: random.Random, syllables: list[str]) -> str:
    """A word of the language, frequent words more often (Zipf's law)."""
    words, cumulative = lexicon(tuple(syllables))
    return words[min(bisect.bisect(cumulative, rng.random() * cumulative[-1]), len(words) - 1)]


def sentence(rng: random.Random, syllables: list[str], words: int, marker: str = "") -> str:
    """A sentence of made-up words, optionally carrying a unique marker."""
    parts = [word(rng, syllables) for _ in range(words)]
    if marker:
        parts.insert(rng.randint(1, len(parts)), marker)
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def markdown(rng: random.Random, syllables: list[str], size: int, lang: str) -> str:
    """About `size` characters of markdown in `lang`: paragraphs, a list, emphasis and a link to a page in `lang`."""
    blocks: list[str] = []
    while sum(len(b) for b in blocks) < size:
        kind = rng.random()
        if kind < 0.15:
            blocks.append("\n".join(f"- {sentence(rng, syllables, 6)}" for _ in range(3)))
        elif kind < 0.25:
            blocks.append(
                f"**{sentence(rng, syllables, 4)}** {sentence(rng, syllables, 12)} [{word(rng, syllables)}](/{lang}/methodology/)"
            )
        else:
            blocks.append(" ".join(sentence(rng, syllables, rng.randint(8, 16)) for _ in range(3)))
    return "\n\n".join(blocks)


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def bilingual(ru: str, en: str, indent: str = "") -> str:
    """A `{ru, en}` mapping as block YAML."""
    return f"\n{indent}  ru: {yaml_text(ru)}\n{indent}  en: {yaml_text(en)}"


def write_sources(root: Path, rng: random.Random, count: int) -> list[list[str]]:
    """Synthetic archived articles; returns each source's quotable sentences."""
    quotable = []
    for number in range(count):
        source_id = f"src-{number:04d}"
        sentences = [sentence(rng, RU_SYLLABLES, rng.randint(8, 14), f"№{number}-{i}") for i in range(60)]
        lines = [sentence(rng, RU_SYLLABLES, 8)] + [" ".join(sentences[i : i + 3]) for i in range(0, 60, 3)]
        raw = ("\n".join(lines) + "\n").encode("utf-8")
        (root / "seeds" / f"{source_id}.txt").write_bytes(raw)
        (root / "seeds" / f"{source_id}.yaml").write_text(
            f"title:{bilingual(lines[0], sentence(rng, EN_SYLLABLES, 8))}\nlanguage: ru\npublished: 2025-11-07\n"
            f"attribution:{bilingual('ЦТАК', 'KCNA')}\nsha256: {hashlib.sha256(raw).hexdigest()}\n",
            encoding="utf-8",
        )
        quotable.append(sentences)
    return quotable


def claim_yaml(rng: random.Random, number: int, sources: list[list[str]], events: int) -> str:
    """One synthetic claim record."""
    # a check quotes reports of one story: STORY sources in turn (all pairs of sources would make a compare page each)
    story = (number % (len(sources) // STORY)) * STORY
    picks = [story + pick for pick in rng.sample(range(STORY), rng.randint(3, 6))]
    quotes = []
    for index, source_number in enumerate(picks, start=1):
        text = rng.choice(sources[source_number])
        quotes.append(
            f"  - id: q{index}\n    source: src-{source_number:04d}\n    text: {yaml_text(text)}\n"
            f"    translation: {yaml_text(sentence(rng, EN_SYLLABLES, 10))}\n"
        )
    discrepancies = []
    for _ in range(rng.randint(1, 2)):
        a, b = rng.sample(range(1, len(quotes) + 1), 2)
        discrepancies.append(
            f"  - title:{bilingual(sentence(rng, RU_SYLLABLES, 5), sentence(rng, EN_SYLLABLES, 5), '    ')}\n"
            f"    quotes: [q{a}, q{b}]\n"
            f"    note:{bilingual(markdown(rng, RU_SYLLABLES, 300, 'ru'), markdown(rng, EN_SYLLABLES, 300, 'en'), '    ')}\n"
        )
    corrections = ""
    if number % 10 == 0:
        note = bilingual(sentence(rng, RU_SYLLABLES, 9), sentence(rng, EN_SYLLABLES, 9), "    ")
        day = f"2026-01-{1 + number % 28:02d}"
        corrections = f"updated: {day}\ncorrections:\n  - date: {day}\n    note:{note}\n"
    return (
        f"headline:{bilingual(sentence(rng, RU_SYLLABLES, 8), sentence(rng, EN_SYLLABLES, 8))}\n"
        f"claim:{bilingual(sentence(rng, RU_SYLLABLES, 14), sentence(rng, EN_SYLLABLES, 14))}\n"
        f"claimant:{bilingual('ЦТАК', 'KCNA')}\n"
        f"appearances: [src-{picks[0]:04d}]\n"
        f"verdict: {rng.choice(['confirmed', 'disputed'])}\n"
        f"explanation:{bilingual(sentence(rng, RU_SYLLABLES, 20), sentence(rng, EN_SYLLABLES, 20))}\n"
        f"summary:{bilingual(markdown(rng, RU_SYLLABLES, 2000, 'ru'), markdown(rng, EN_SYLLABLES, 2000, 'en'))}\n"
        f"quotes:\n{''.join(quotes)}"
        f"discrepancies:\n{''.join(discrepancies)}"
        f"published: 2025-{1 + number % 12:02d}-{1 + number % 28:02d}\n"
        f"{corrections}"
        f"events: [event-{number % events:04d}]\n"
    )


def write_project(root: Path, claims: int, seed: int) -> None:
    """The whole synthetic project in `root` (replaced if it exists)."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    for folder in ("seeds", "content/claims", "content/pages"):
        (root / folder).mkdir(parents=True)
    for folder in ("templates", "locales"):
        shutil.copytree(REPO / folder, root / folder)
    fixture = REPO / "tests" / "fixtures" / "mini" / "content"
    for name in ("site.yaml", "verdicts.yaml", "tags.yaml"):
        shutil.copy2(fixture / name, root / "content" / name)
    for page in sorted((fixture / "pages").glob("*.yaml")):
        shutil.copy2(page, root / "content" / "pages" / page.name)
    sources = write_sources(root, rng, STORY * max(2, min(37, claims // (30 * STORY))))  # whole stories, up to 296 sources
    events = max(5, min(400, claims // 25))
    for number in range(claims):
        (root / "content" / "claims" / f"claim-{number:05d}.yaml").write_text(claim_yaml(rng, number, sources, events), encoding="utf-8")
    lines = ["events:"]
    for number in range(events):
        lines.append(
            f"  - id: event-{number:04d}\n    date: 2025-{1 + number % 12:02d}-{1 + number % 28:02d}\n"
            f"    title:{bilingual(sentence(rng, RU_SYLLABLES, 6), sentence(rng, EN_SYLLABLES, 6), '    ')}\n"
            f"    description:{bilingual(*dated_description(rng), '    ')}\n"
            f"    quotes:\n      - {{claim: claim-{number:05d}, quote: q1}}"
        )
    (root / "content" / "timeline.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def dated_description(rng: random.Random) -> tuple[str, str]:
    """An event's description in both languages, ending with the labelled outside record that dates it, as the
    methodology asks of an event dated more precisely than its quotes (without it every build warns)."""
    ru, en = sentence(rng, RU_SYLLABLES, 20), sentence(rng, EN_SYLLABLES, 20)
    context = sentence(rng, RU_SYLLABLES, 8), sentence(rng, EN_SYLLABLES, 8)
    return f"{ru}\n\n{CONTEXT_LABEL['ru']} {context[0]}", f"{en}\n\n{CONTEXT_LABEL['en']} {context[1]}"


def edit_claim(root: Path, run: int) -> None:
    """Change one claim's summary."""
    path = root / "content" / "claims" / "claim-00007.yaml"
    text = path.read_text(encoding="utf-8")
    marker = text.index('summary:\n  ru: "') + len('summary:\n  ru: "')
    path.write_text(text[:marker] + f"Правка {run}. " + text[marker:], encoding="utf-8")


def edit_headline(root: Path, run: int) -> None:
    """Change one claim's headline: what lists, related checks, source pages and the timeline show of it."""
    path = root / "content" / "claims" / "claim-00007.yaml"
    text = path.read_text(encoding="utf-8")
    marker = text.index('headline:\n  ru: "') + len('headline:\n  ru: "')
    path.write_text(text[:marker] + f"Правка {run}. " + text[marker:], encoding="utf-8")


def edit_source(root: Path, run: int) -> None:
    """Change one source's metadata."""
    path = root / "seeds" / "src-0003.yaml"
    text = path.read_text(encoding="utf-8")
    marker = text.index('attribution:\n  ru: "') + len('attribution:\n  ru: "')
    path.write_text(text[:marker] + f"Правка {run}; " + text[marker:], encoding="utf-8")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_project(args.out, args.claims, args.seed)
    print(f"wrote {args.claims} claims to {args.out}")


if __name__ == "__main__":
    main()
