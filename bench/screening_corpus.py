"""A synthetic screening list and a synthetic customer list screened against it.

    from screening_corpus import ScreeningCorpus
    corpus = ScreeningCorpus(seed=7)
    corpus.write_list(path, parties=20000)        # the CSL's CSV layout, for our loader
    queries = corpus.queries(10000)               # names to screen, half of them listed

Every name is built from word lists we wrote: Chinese firms in pinyin (a city, a two-
syllable brand, an industry, a legal form; some with a Wade-Giles alias), Russian firms
(a brand, "JSC"/"LLC", a Cyrillic alias), other firms (an invented brand, a field, a legal
form), and persons. A query is a listed name changed the ways customer lists change names
(legal form swapped or dropped, case and punctuation, word order, a slip, the city left
out, a Wade-Giles or Cyrillic spelling), or a name of a firm that is on no list. The output
is deterministic for a seed; the truth of each query is known, so the benchmark can score
its answers.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tradegraph.graph.screening.romanisation import romanisation_key

SOURCE = "Entity List (EL) - Bureau of Industry and Security"
HEADER = ["source", "type", "name", "alt_names", "addresses", "country",
          "federal_register_notice", "start_date"]

_SYLLABLES = ("an", "bao", "bei", "cheng", "da", "de", "dong", "fang", "feng", "fu", "guang",
              "hai", "han", "hao", "heng", "hong", "hua", "hui", "jia", "jian", "jin", "jing",
              "jun", "kai", "kang", "li", "lian", "long", "ming", "nan", "ning", "peng", "qi",
              "qiang", "rui", "sheng", "shi", "tai", "tian", "tong", "wei", "xiang", "xin",
              "xing", "yang", "yi", "yong", "yuan", "zhi", "zhong")
_CITIES = ("Shenzhen", "Shanghai", "Beijing", "Guangzhou", "Hangzhou", "Wuhan", "Chengdu",
           "Nanjing", "Tianjin", "Suzhou", "Xiamen", "Dalian", "Qingdao", "Hefei", "Harbin")
_INDUSTRIES = ("Technology", "Electronics", "Photoelectric Technology", "Precision Machinery",
               "Microelectronics", "Communication Equipment", "Optical Instruments",
               "New Materials", "Semiconductor", "Information Technology", "Trading",
               "Import and Export", "Aerospace Equipment", "Intelligent Systems", "Software")
_CHINESE_FORMS = ("Co., Ltd.", "Co., Ltd.", "Company Limited", "Group Co., Ltd.", "Ltd.")
_RUSSIAN_STEMS = ("Radio", "Elektro", "Avto", "Tekhno", "Mash", "Pribor", "Neft", "Aero",
                  "Kriogen", "Optik", "Signal", "Impuls", "Kvant", "Magnit", "Sever", "Ural",
                  "Sibir", "Volga", "Baltik", "Vektor")
_RUSSIAN_ENDS = ("prom", "tekh", "servis", "zavod", "snab", "komplekt", "stroy", "invest",
                 "trans", "sistema", "pribor", "mash", "avtomatika", "elektronika")
_CYRILLIC = str.maketrans({"a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е",
                           "z": "з", "i": "и", "k": "к", "l": "л", "m": "м", "n": "н",
                           "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у",
                           "f": "ф", "h": "х", "y": "ы", "c": "ц", "j": "й", "x": "кс"})
_WESTERN = ("Nor", "Kes", "Aur", "Van", "Sil", "Quor", "Hel", "Mer", "Tes", "Cor", "Lum",
            "Obs", "Pyr", "Zeph", "Hal", "Orr", "Tal", "Bri", "Iron", "Jad", "Red", "Sun",
            "West", "Gold", "Blu", "Nord", "East", "Sky", "Deep", "Star", "Clear", "Nova")
_WESTERN_ENDS = ("land", "trel", "ion", "tex", "mark", "wave", "tron", "gate", "field",
                 "rock", "line", "path", "sonic", "forge", "core", "ridge", "port", "bay")
_FIELDS = ("Avionics", "Photonics", "Microwave Technologies", "Logistics", "Instruments",
           "Industrial Supplies", "Electronics Trading", "Marine Services", "Systems",
           "Components", "Engineering", "Shipping")
_WESTERN_FORMS = ("GmbH", "Inc.", "Ltd.", "LLC", "S.A.", "Pte. Ltd.", "Sdn. Bhd.", "FZE",
                  "B.V.", "AG")
_COUNTRIES = ("DE", "US", "GB", "AE", "SG", "MY", "NL", "CH", "TR", "IN", "PA", "HK")
_GIVEN = ("Wei", "Jun", "Li", "Ming", "Hong", "Jian", "Dmitry", "Sergei", "Olga", "Ivan",
          "Elena", "Mohammad", "Ali", "Reza", "Youssef", "Hassan", "Anna", "Pavel", "Yuri")
_FAMILY = ("Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu",
           "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Lebedev", "Kozlov",
           "Novikov", "Rahimi", "Hosseini", "Karimi", "Haddad", "Nasser", "Khalil")
_FREE_FORMS = {"Co., Ltd.": "Company Limited", "Company Limited": "Co Ltd",
               "Group Co., Ltd.": "Group Company Ltd", "Ltd.": "Limited", "GmbH": "G.m.b.H.",
               "Inc.": "Incorporated", "LLC": "L.L.C.", "JSC": "Joint Stock Company",
               "S.A.": "SA", "AG": "Aktiengesellschaft"}


@dataclass(frozen=True)
class Listed:
    """A generated listed party: its name, aliases, country, type and the key of its
    spelling-independent identity (to recognise it among the candidates)."""

    name: str
    aliases: tuple[str, ...]
    country: str
    kind: str
    parts: tuple[str, ...]
    """The name's words without its legal form, for making variants."""
    form: str
    brand: str
    """The word that tells it from every other generated party (a person: the name)."""


@dataclass(frozen=True)
class Query:
    """A name to screen and the listed party it is (None: it is on no list)."""

    name: str
    truth: Listed | None
    change: str


class ScreeningCorpus:
    """Generated parties and queries; one seed, one reproducible corpus."""

    def __init__(self, seed: int = 7, avoid: Iterable[str] = ()) -> None:
        self.random = random.Random(seed)
        self.avoid = {word.casefold() for name in avoid for word in name.split()}
        self.listed: list[Listed] = []
        self._seen: set[str] = set()

    def _brand(self) -> str:
        return "".join(self.random.sample(_SYLLABLES, self.random.choice((2, 2, 3)))
                       ).capitalize()

    def _chinese(self) -> Listed:
        city, brand = self.random.choice(_CITIES), self._brand()
        industry, form = self.random.choice(_INDUSTRIES), self.random.choice(_CHINESE_FORMS)
        parts = (city, brand, *industry.split())
        name = f"{' '.join(parts)} {form}"
        aliases = [f"{brand} {industry}"] if self.random.random() < 0.4 else []
        return Listed(name, tuple(aliases), "CN", "Entity", parts, form, brand)

    def _russian(self) -> Listed:
        first, second = self.random.sample(_RUSSIAN_STEMS, 2)
        brand = first + (second.lower() if self.random.random() < 0.7 else "") + (
            self.random.choice(_RUSSIAN_ENDS))
        form = self.random.choice(("JSC", "LLC", "PJSC"))
        aliases = []
        if self.random.random() < 0.6:
            cyrillic_form = {"JSC": "АО", "LLC": "ООО", "PJSC": "ПАО"}[form]
            aliases.append(f"{cyrillic_form} «{brand.lower().translate(_CYRILLIC).title()}»")
        return Listed(f"{brand} {form}", tuple(aliases), "RU", "Entity", (brand,), form, brand)

    def _western(self) -> Listed:
        brand = (self.random.choice(_WESTERN) + self.random.choice(("a", "o", "i", "e", ""))
                 + self.random.choice(_WESTERN_ENDS))
        field, form = self.random.choice(_FIELDS), self.random.choice(_WESTERN_FORMS)
        parts = (brand, *field.split())
        return Listed(f"{' '.join(parts)} {form}", (), self.random.choice(_COUNTRIES),
                      "Entity", parts, form, brand)

    def _person(self) -> Listed:
        given, family = self.random.choice(_GIVEN), self.random.choice(_FAMILY)
        middle = self.random.choice(_GIVEN) + "ovich" if self.random.random() < 0.3 else ""
        parts = tuple(p for p in (given, middle, family) if p)
        country = self.random.choice(("CN", "RU", "IR", "LB", "AE"))
        return Listed(" ".join(parts), (), country, "Individual", parts, "",
                      f"{given} {family}")

    def party(self) -> Listed:
        """One new listed party, unlike any made before and any word to avoid."""
        makers = (self._chinese, self._chinese, self._chinese, self._russian, self._russian,
                  self._western, self._western, self._person)
        while True:
            party = self.random.choice(makers)()
            key = party.brand.casefold()
            if key not in self._seen and not set(key.split()) & self.avoid:
                self._seen.add(key)
                return party

    def write_list(self, path: Path, parties: int, extra: Iterable[list[str]] = ()) -> None:
        """Write `parties` generated parties (then `extra` rows) as a screening list."""
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for number in range(parties):
                party = self.party()
                self.listed.append(party)
                writer.writerow([SOURCE, party.kind, party.name, "; ".join(party.aliases),
                                 f"{number % 900 + 1} Industrial Road, {party.country}",
                                 party.country, f"{80 + number % 9} FR {1000 + number}",
                                 f"{2015 + number % 9}-0{1 + number % 9}-1{number % 10}"])
            writer.writerows(extra)

    def _slip(self, parts: list[str]) -> str:
        index = max(range(len(parts)), key=lambda i: len(parts[i]))
        word = parts[index]
        if len(word) >= 6:  # two neighbouring letters swapped
            at = self.random.randrange(1, len(word) - 2)
            parts[index] = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        return " ".join(parts)

    def _variant(self, party: Listed) -> tuple[str, str]:
        parts = list(party.parts)
        changes = ("legal form", "no legal form", "case", "word order", "slip", "no city",
                   "romanised", "as listed")
        if party.kind == "Individual":
            changes = ("word order", "case", "slip", "as listed")
        change = self.random.choice(changes)
        chinese = party.country == "CN" and party.kind == "Entity"
        key = romanisation_key(parts[1]) if chinese and len(parts) > 1 else None
        made = {
            "legal form": (" ".join(parts) + " " + _FREE_FORMS[party.form]
                           if party.form in _FREE_FORMS else None),
            "no legal form": " ".join(parts),
            "case": party.name.upper().replace(",", "").replace(".", ""),
            "word order": None if len(parts) < 2 else (
                f"{parts[-1]}, {' '.join(parts[:-1])}" if party.kind == "Individual"
                else " ".join(parts[1:] + parts[:1])),
            "slip": self._slip(list(parts)),
            "no city": " ".join(parts[1:]) if chinese else None,
            "romanised": (" ".join([parts[0], key.capitalize(), *parts[2:]]) if key
                          else party.aliases[0] if party.aliases else None),
        }.get(change)
        return (made, change) if made else (party.name, "as listed")

    def queries(self, count: int, listed_share: float = 0.5) -> list[Query]:
        """`count` names to screen: variants of listed parties, and firms on no list."""
        queries = []
        for _ in range(count):
            if self.random.random() < listed_share:
                party = self.random.choice(self.listed)
                name, change = self._variant(party)
                queries.append(Query(name, party, change))
            else:
                queries.append(Query(self.party().name, None, "unlisted"))
        return queries
