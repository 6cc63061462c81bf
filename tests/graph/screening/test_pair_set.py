"""Precision and recall on our labelled pair set at the default threshold, end to end:
the listed parties go through the screening-list loader into the store (embedded and
Virtuoso), the index is built from the store, and every query is screened."""

from __future__ import annotations

from collections import Counter

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.screening.defaults import DEFAULT_THRESHOLD
from tradegraph.graph.screening.pair_evaluation import LabelledPair, PairScores, evaluate

TARGET_PRECISION = 0.95
TARGET_RECALL = 0.90


def _scores(graph: TradeGraph, pairs: list[LabelledPair], iris: dict[str, str]
            ) -> PairScores:
    return evaluate(pairs, iris, lambda query, country: graph.match(
        query, country=country, threshold=0.3, limit=25), DEFAULT_THRESHOLD)


def test_the_pair_set_is_large_and_covers_the_field(labelled_pairs: list[LabelledPair]
                                                    ) -> None:
    kinds = Counter(pair.kind for pair in labelled_pairs)
    assert len(labelled_pairs) >= 300
    assert sum(not pair.same for pair in labelled_pairs) >= 100
    for kind in ("legal_form", "word_order", "abbreviation", "typo", "wade_giles",
                 "pinyin_han", "russian_cyrillic", "russian_translit", "near_miss"):
        assert kinds[kind] >= 5, kind


def test_precision_and_recall_reach_the_targets(
        pair_set_graph: TradeGraph, pair_set_iris: dict[str, str],
        labelled_pairs: list[LabelledPair]) -> None:
    scores = _scores(pair_set_graph, labelled_pairs, pair_set_iris)
    report = scores.report()
    assert scores.precision >= TARGET_PRECISION, report
    assert scores.recall >= TARGET_RECALL, report
    # the near-misses named in the issue stay apart
    wrong = {(pair.query, pair.listed) for pair, _ in scores.wrong}
    assert ("Huawei Device Co", "huawei") not in wrong
    assert ("China Telecom", "china-unicom") not in wrong


def test_each_listed_party_is_one_entity_of_its_own(
        pair_set_iris: dict[str, str], listed_parties: list[object]) -> None:
    assert len(set(pair_set_iris.values())) == len(listed_parties)
