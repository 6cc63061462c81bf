"""Screening lists whose file is broken, not just a value: after an unclosed quote the
rows it swallowed are read again one by one and the broken row is reported by its line;
an all-empty row is reported rather than dropped without a word. The lists are ours,
stating public Entity List additions."""

from __future__ import annotations

from pathlib import Path

from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.loaders import load_file
from tradegraph.ingest.sources.screening_list.rows import read_rows
from tradegraph.ontology.models import Document, Extraction

EL = "Entity List (EL) - Bureau of Industry and Security"
HEADER = "source,type,name,federal_register_notice,start_date\n"
SIX_ROWS = [
    f'{EL},Entity,"Huawei Technologies Co., Ltd.",84 FR 22961,2019-05-16\n',
    f"{EL},Entity,Sugon,84 FR 29371,2019-06-24\n",
    f'{EL},Entity,"Hangzhou Hikvision Digital Technology Co., Ltd.,84 FR 54002,2019-10-09\n',
    f"{EL},Entity,iFlytek,84 FR 54002,2019-10-09\n",
    f"{EL},Entity,Megvii,84 FR 54002,2019-10-09\n",
    f"{EL},Entity,SenseTime,84 FR 54002,2019-10-09\n",
]
BROKEN_QUOTE = HEADER + "".join(SIX_ROWS)
"""Six rows; the third opens a quote around its name that never closes (line 4)."""


def extract_text(pipeline: ExtractionPipeline, tmp_path: Path, text: str) -> Extraction:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    [document] = load_file(path)
    assert isinstance(document, Document), document
    return pipeline.extract(document)


def listed(extraction: Extraction) -> list[str]:
    return sorted(extraction.entity(target).label
                  for action in extraction.actions for target in action.targets)


def test_rows_after_an_unclosed_quote_are_read_one_by_one(
        pipeline: ExtractionPipeline, tmp_path: Path) -> None:
    facts = extract_text(pipeline, tmp_path, BROKEN_QUOTE)
    assert facts.warnings == ["line 4: unclosed quote; row skipped"]
    assert facts.lost == 1
    assert listed(facts) == [  # the gazetteer's labels; Hikvision's row is the one lost
        "Dawning Information Industry Co., Ltd.", "Huawei Technologies Co., Ltd.",
        "Megvii Technology", "SenseTime Group", "iFlytek Co., Ltd."]


def test_the_broken_row_quotes_only_its_own_line() -> None:
    text = BROKEN_QUOTE.rstrip("\n")
    rows = list(read_rows(text))
    assert [row.line for row in rows] == [2, 3, 4, 5, 6, 7]
    broken = rows[2]
    assert broken.problem == "unclosed quote" and broken.lost
    assert text[broken.start:broken.end] == SIX_ROWS[2].rstrip("\n")
    assert [row.fields["name"] for row in rows[3:]] == ["iFlytek", "Megvii", "SenseTime"]


def test_a_quote_left_open_on_the_last_line_is_reported() -> None:
    rows = list(read_rows(HEADER + SIX_ROWS[1] + SIX_ROWS[2].rstrip("\n")))
    assert [(row.line, row.problem) for row in rows] == [(2, None), (3, "unclosed quote")]


def test_after_a_broken_quote_a_clean_multiline_field_further_on_still_reads() -> None:
    # the unclosed quote swallows up to the stray quote on line 4; line 5 starts afresh
    text = ('source,name,remarks\nEL,"Acme,x\nEL,Beta,y\nEL,Gamma,see "z\n'
            'EL,Delta,"two\nlines"')
    rows = list(read_rows(text))
    assert [(row.line, row.problem) for row in rows] == [
        (2, "unclosed quote"), (3, None), (4, None), (5, None)]
    assert rows[3].fields["remarks"] == "two\nlines"


def test_an_all_empty_row_is_reported_and_a_trailing_blank_line_is_not(
        pipeline: ExtractionPipeline, tmp_path: Path) -> None:
    text = HEADER + SIX_ROWS[0] + ",,,,\n" + SIX_ROWS[1] + "\n\n"
    facts = extract_text(pipeline, tmp_path, text)
    assert facts.warnings == ["line 3: empty row; skipped"]
    assert facts.lost == 0 and len(facts.actions) == 2
