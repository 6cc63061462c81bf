"""The Screen page on the demo corpus (both backends): pasted names and uploaded lists are
screened with `TradeGraph.screen`, matches come with their status on a day and evidence,
bad lists and bad rows are named, and the run downloads as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

HUAWEI = "https://w3id.org/tradegraph/id/firm/huawei"


def screened(explorer: Any, names: str, **widgets: Any) -> Any:
    app = explorer(page="screen")
    app.text_area(key="screen-text").set_value(names)
    for name, value in widgets.items():
        getattr(app, name)[0].set_value(value)
    app.button[0].click().run()
    return app


def test_pasted_names_are_matched_with_status_and_evidence(explorer: Any, pages: Any) -> None:
    app = screened(explorer, "HUAWEI TECHNOLOGIES CO.,LTD\nZhongxing Telecom\nAcme Widgets Ltd\n")
    pages.ok(app)
    [summary] = [s.value for s in app.success]
    assert summary.startswith("3 rows: 2 with a match, 1 under a restriction on")
    frame = app.dataframe[0].value
    assert list(frame["match"]) == ["Huawei Technologies Co., Ltd.", "ZTE Corporation",
                                    "no match"]
    assert frame["status"][0].startswith("under Entity List since 2019-05-16 (confirmed)")
    # ZTE's denial order of 2018 was terminated in July 2018: nothing applies today
    assert frame["status"][1] == "no restriction in force"
    assert list(frame["restricted"])[:2] == [True, False]  # the answer at a glance
    assert frame["restricted"][2] is None  # no match: nothing to say
    assert "Entity List addition" in frame["listings"][0]
    assert frame["page"][0].endswith("iri=https%3A%2F%2Fw3id.org%2Ftradegraph%2Fid%2Ffirm%2Fhuawei")
    body = pages.html(app)  # the first match's candidates, with the sentence that lists it
    assert "score 1.00" in body and "<blockquote" in body and "page=documents" in body


def test_the_status_day_counts(explorer: Any, pages: Any) -> None:
    before = screened(explorer, "Huawei Technologies Co Ltd\n", text_input="2019-05-01")
    pages.ok(before)
    assert before.dataframe[0].value["status"][0] == "no restriction in force"
    assert "0 under a restriction on 2019-05-01" in before.success[0].value
    zte = screened(explorer, "ZTE Corporation\n", text_input="2018-05-01")
    assert zte.dataframe[0].value["status"][0].startswith("under denial order since 2018-04-15")


def test_a_status_day_that_is_no_date_is_named(explorer: Any) -> None:
    app = screened(explorer, "ZTE Corporation\n", text_input="2018-02-30")
    assert [e.value for e in app.error] == [
        "Status as of: “2018-02-30” is not a date; write it as YYYY-MM-DD (e.g. 2019-05-16)"]
    assert not app.dataframe


def test_an_uploaded_list_with_bad_rows_and_downloads(explorer: Any, pages: Any) -> None:
    from tradegraph.graph.screening.customers import read_customers
    from tradegraph.graph.screening.writers import write_csv, write_json
    from tradegraph.ui.explorer.data import Store

    data = (b'name,country\nHuawei Technologies,CN\n"broken quote,CN\n,CN\nZTE Corp,CN\n'
            )
    app = explorer(page="screen")
    pages.ok(app)
    # AppTest cannot fill a file uploader: the page's reading and writing, on the same bytes
    customers = read_customers(data, source_name="customers.csv")
    rows = list(Store.current().graph().screen(customers, workers=1))
    errors = [r.error.message() for r in rows if r.error]
    assert any("customers.csv: line 3" in e for e in errors)
    matched = [r for r in rows if r.result and r.result.candidates]
    assert {r.result.candidates[0].iri for r in matched if r.result} >= {HUAWEI}
    out = io.StringIO()
    write_csv(rows, out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {t["status"] for t in table} >= {"match", "error"}
    json_out = io.StringIO()
    write_json(rows, json_out)
    assert len(json.loads(json_out.getvalue())) == len(rows)
    pasted = screened(explorer, data.decode("utf-8"))
    assert any("line 3" in w.value for w in pasted.warning)
    assert {b.label for b in pasted.get("download_button")} == {"Download CSV",
                                                                "Download JSON"}


def test_nothing_or_nonsense_to_screen_is_named(explorer: Any) -> None:
    empty = screened(explorer, "   \n")
    assert "nothing to screen" in empty.error[0].value
    header_only = screened(explorer, "company;country\n")
    assert "pasted names: no rows to screen" in header_only.error[0].value
    signs = screened(explorer, "!!!\nHuawei\n")
    assert "1 not screened" in signs.success[0].value
    assert "line 1: cannot screen '!!!'" in signs.warning[0].value
    assert signs.dataframe[0].value["match"][0].startswith("error: ")


def test_a_pasted_name_with_commas_is_one_name_and_keeps_its_line(explorer: Any,
                                                                  pages: Any) -> None:
    app = screened(explorer, "Huawei Technologies Co., Ltd.\n\n!!!\nZTE Corporation, Inc.\n")
    pages.ok(app)
    frame = app.dataframe[0].value
    assert list(frame["name"]) == ["Huawei Technologies Co., Ltd.", "!!!",
                                   "ZTE Corporation, Inc."]
    assert list(frame["line"]) == [1, 3, 4]  # the lines as pasted, the blank one counted
    assert list(frame["match"])[::2] == ["Huawei Technologies Co., Ltd.", "ZTE Corporation"]
    assert "line 3: cannot screen '!!!'" in app.warning[0].value
