"""A synthetic corpus of news-style trade-policy documents, for benchmarks.

    .venv/bin/python bench/corpus_generator.py --docs 10000 --out corpus.jsonl [--seed 7]

Writes JSON Lines (`text`, `title`, `url`, `published`, `publisher`, `doc_type`) that
`tradegraph ingest corpus.jsonl` reads. Every sentence is built from templates we wrote,
filled with agencies, people and products from the gazetteer and with firms both from the
gazetteer and invented ("Norland Photonics Co., Ltd."), so the resulting graph has many
entities, actions, dates and evidences, like a real news archive. The output is
deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from tradegraph.ontology.gazetteer import load_gazetteer

_NAME_PARTS = [
    "Norland",
    "Kestrel",
    "Aurum",
    "Vantor",
    "Silvane",
    "Quorra",
    "Helix",
    "Meridian",
    "Tessel",
    "Corvid",
    "Lumen",
    "Obsidian",
    "Pyrite",
    "Zephyr",
    "Halcyon",
    "Orrin",
    "Talis",
    "Brightwater",
    "Ironbay",
    "Jadeport",
    "Redcliff",
    "Sunmark",
    "Westlake",
    "Goldfield",
    "Bluerock",
    "Northgate",
    "Eastwind",
    "Skyforge",
    "Deepcore",
    "Starline",
    "Clearpath",
    "Novasonic",
]
_NAME_FIELDS = [
    "Photonics",
    "Semiconductor",
    "Microelectronics",
    "Telecom",
    "Robotics",
    "Optics",
    "Avionics",
    "Materials",
    "Instruments",
    "Networks",
    "Electronics",
    "Precision",
    "Aerospace",
    "Computing",
    "Sensors",
    "Systems",
]
_SUFFIXES = ("Co., Ltd.", "Technology Co., Ltd.", "Corp.", "Inc.", "Group", "Limited")
_CITIES = ("Shenzhen", "Shanghai", "Beijing", "Wuhan", "Chengdu", "Hefei", "Moscow", "Tehran")

_ADDITION = (
    "The {agency} added {firm} to the Entity List on {date}, citing risks to national security.",
    "On {date}, the {agency} placed {firm} on the Entity List, barring American suppliers "
    "from selling {product} to the company without a license.",
    "{firm} was added to the Entity List by the {agency} on {date}.",
)
_REMOVAL = (
    "The {agency} removed {firm} from the Entity List on {date}.",
    "On {date}, the {agency} took {firm} off the Entity List after a review.",
)
_LICENSE = (
    "The {agency} began issuing licenses on {date} for sales of {product} to {firm}.",
    "On {date}, the {agency} approved licenses allowing U.S. companies to ship {product} "
    "to {firm}.",
)
_DENIAL = (
    "The {agency} denied license applications for exports of {product} to {firm} on {date}.",
    "The {agency} sent intent-to-deny letters to suppliers of {firm} on {date}.",
)
_DENIAL_ORDER = (
    "On {date}, the {agency} issued a denial order against {firm}, cutting it off from "
    "U.S. {product} for {years} years.",
)
_TARIFF = (
    "On {date}, the {country_agency} imposed tariffs of {percent} percent on {product} "
    "imported from {country}.",
)
_BACKGROUND = (
    "{firm}, based in {city}, makes {product} for customers in Asia and Europe.",
    "Shares of {firm} fell {percent} percent in {city} trading after the announcement.",
    "Analysts said the measure could cost {firm} about ${money} billion in sales.",
    "{person} said the government would keep reviewing the company's conduct.",
    "A spokesperson for {firm} said the company complies with all applicable laws.",
    "The company had {count} days to respond to the findings.",
)
_HEADLINES = (
    "{agency_short} acts against {firm_short}",
    "New export curbs hit {firm_short}",
    "U.S. moves on {firm_short} over security concerns",
    "{firm_short} faces tighter U.S. export rules",
)
_ACTIONS = (_ADDITION, _REMOVAL, _LICENSE, _DENIAL, _DENIAL_ORDER, _TARIFF)
_ACTION_WEIGHTS = (5, 1, 3, 2, 1, 1)


class CorpusGenerator:
    """Builds documents from templates; one instance, one seed, one reproducible corpus."""

    def __init__(self, seed: int = 7, invented_firms: int = 2000) -> None:
        self.random = random.Random(seed)
        labels: dict[str, list[str]] = {}
        for entity in load_gazetteer().entities():
            labels.setdefault(entity.type, []).append(entity.label)
        self.agencies = [
            label
            for label in labels["Agency"]
            if label.startswith(("U.S. Department", "Bureau of"))
        ]
        self.persons = labels["Person"]
        self.products = [label.lower() for label in labels["Product"]]
        self.countries = labels["Country"]
        known_firms = labels["Firm"]
        self.firms = known_firms + [self._invent_firm() for _ in range(invented_firms)]

    def _invent_firm(self) -> str:
        pick = self.random.choice
        return f"{pick(_NAME_PARTS)} {pick(_NAME_FIELDS)} {pick(_SUFFIXES)}"

    def _date(self) -> dt.date:
        return dt.date(2017, 1, 1) + dt.timedelta(days=self.random.randrange(0, 8 * 365))

    def document(self, number: int) -> dict[str, str]:
        """The document `number` of the corpus, as a JSON-ready record."""
        pick = self.random.choice
        published = self._date()
        firm = pick(self.firms)
        agency = pick(self.agencies)
        sentences: list[str] = []
        for _ in range(self.random.randint(2, 4)):
            templates = self.random.choices(_ACTIONS, weights=_ACTION_WEIGHTS)[0]
            when = published - dt.timedelta(days=self.random.randrange(0, 20))
            sentences.append(self._fill(pick(templates), firm=firm, agency=agency, when=when))
            firm = pick(self.firms) if self.random.random() < 0.4 else firm
        for _ in range(self.random.randint(2, 5)):
            sentences.append(
                self._fill(pick(_BACKGROUND), firm=firm, agency=agency, when=published)
            )
        self.random.shuffle(sentences[1:])
        title = pick(_HEADLINES).format(
            agency_short=agency.split(" of ")[-1], firm_short=firm.split(" ")[0]
        )
        paragraphs = [
            "\n\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))
        ]
        return {
            "title": title,
            "text": paragraphs[0],
            "url": f"https://news.example.org/trade/{published:%Y/%m}/{number}",
            "published": published.isoformat(),
            "publisher": "tradegraph bench corpus",
            "doc_type": "news",
        }

    def _fill(self, template: str, *, firm: str, agency: str, when: dt.date) -> str:
        pick = self.random.choice
        return self._end_sentence(
            template.format(
                firm=firm,
                agency=agency,
                date=f"{when:%B} {when.day}, {when.year}",
                product=pick(self.products),
                country=pick(self.countries),
                country_agency="Office of the U.S. Trade Representative",
                person=pick(self.persons),
                city=pick(_CITIES),
                percent=self.random.choice((10, 15, 25)),
                money=self.random.randint(1, 30),
                count=self.random.choice((20, 30, 45, 90)),
                years=self.random.choice((3, 5, 7)),
            )
        )

    @staticmethod
    def _end_sentence(sentence: str) -> str:
        # "Corp.." -> "Corp.": a name's abbreviation point also ends the sentence.
        return sentence.replace("..", ".")

    def documents(self, count: int) -> Iterator[dict[str, str]]:
        """The first `count` documents."""
        for number in range(count):
            yield self.document(number)


def write_corpus(path: Path, count: int, seed: int = 7) -> Path:
    """Write `count` generated documents to `path` as JSON Lines; returns the path."""
    with path.open("w", encoding="utf-8") as out:
        for record in CorpusGenerator(seed).documents(count):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="number of documents")
    parser.add_argument("--out", type=Path, required=True, help="JSON Lines file to write")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.docs < 1:
        parser.error("--docs must be at least 1")
    write_corpus(args.out, args.docs, args.seed)
    print(f"wrote {args.docs} documents to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
