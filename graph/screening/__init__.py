"""Screening names against the graph, the way compliance teams do: one name or a whole
customer list, matched under any spelling (legal forms, word order, abbreviations, slips,
Cyrillic, Chinese characters, pinyin and Wade-Giles) against every firm, organisation,
agency and person the store knows, with explained scores and the listings that name them.

The entry points are `TradeGraph.match` and `TradeGraph.screen` (`tradegraph.graph.facade`);
`read_customers` reads a list to screen, `write_csv` / `write_json` write the results.
"""
