"""Reading customer lists: headers found by name or absent, delimiters, encodings, and every
bad file or row named with its reason (rows by line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradegraph.graph.screening import customers
from tradegraph.graph.screening.customers import CustomerListError, read_customers
from tradegraph.graph.screening.results import CustomerRow, RowError

LIST = (b'Customer ID,Company Name,Country,Address\n'
        b'C-1,"Huawei Technologies Co., Ltd.",CN,Shenzhen\n'
        b'C-2,,CN,\n'
        b'C-3,"ZTE Corp",CN,"Keji Road\nNanshan, Shenzhen"\n'
        b'C-4,"Broken quote,CN,x\n'
        b'\n'
        b'C-5,Hikvision,CN,Hangzhou\n'
        b'C-6,"Dahua"Technology,CN,\n')


def test_columns_are_found_by_their_headers_and_rows_keep_their_lines() -> None:
    listing = read_customers(LIST, source_name="customers.csv")
    assert listing.header == ["Customer ID", "Company Name", "Country", "Address"]
    rows = list(listing.rows())
    assert rows[0] == CustomerRow(2, "Huawei Technologies Co., Ltd.", "CN", "Shenzhen",
                                  {"Customer ID": "C-1"})
    assert rows[1] == RowError(3, "no name in 'Company Name'", "customers.csv")
    assert rows[2] == CustomerRow(4, "ZTE Corp", "CN", "Keji Road Nanshan, Shenzhen",
                                  {"Customer ID": "C-3"})
    assert isinstance(rows[3], RowError) and rows[3].line == 6
    assert "broken quotes" in rows[3].message() and rows[3].message().startswith(
        "customers.csv: line 6:")
    assert rows[4] == CustomerRow(8, "Hikvision", "CN", "Hangzhou", {"Customer ID": "C-5"})
    assert isinstance(rows[5], RowError) and rows[5].line == 9
    assert "text after a field's closing quote" in rows[5].reason
    assert len(rows) == 6


def test_a_list_without_header_is_a_column_of_names() -> None:
    rows = list(read_customers("Huawei Technologies\nZTE\n\n华为\n".encode()).rows())
    assert [(r.line, r.name) for r in rows if isinstance(r, CustomerRow)] == [
        (1, "Huawei Technologies"), (2, "ZTE"), (4, "华为")]


def test_columns_can_be_named_or_numbered() -> None:
    data = b"ref;Firma;Land\n1;Siemens AG;DE\n"
    listing = read_customers(data, name_column="firma", country_column=3)
    assert listing.delimiter == ";"
    assert list(listing.rows()) == [CustomerRow(2, "Siemens AG", "DE", None, {"ref": "1"})]
    with pytest.raises(CustomerListError, match=r"no column 'Company'.*'Firma'"):
        read_customers(data, name_column="Company")
    with pytest.raises(CustomerListError, match="no column 9"):
        read_customers(data, name_column=9)


@pytest.mark.parametrize(("encoding", "text"), [
    ("utf-16", "name\tcountry\nMüller GmbH\tDE\n"),
    ("utf-8-sig", "name,country\nMüller GmbH,DE\n"),
    ("cp1251", "name,country\nООО Ромашка,RU\nАО Рособоронэкспорт,RU\n"),
    ("cp1252", "name,country\nMüller GmbH,DE\nSociété Générale,FR\n"),
])
def test_encodings_are_recognised(encoding: str, text: str) -> None:
    listing = read_customers(text.encode(encoding))
    names = [r.name for r in listing.rows() if isinstance(r, CustomerRow)]
    assert names == [line.split(listing.delimiter)[0] for line in text.splitlines()[1:]]


def test_an_encoding_can_be_given() -> None:
    listing = read_customers("name\nMüller\n".encode("latin-1"), encoding="latin-1")
    assert [r.name for r in listing.rows() if isinstance(r, CustomerRow)] == ["Müller"]
    with pytest.raises(CustomerListError, match=r"cannot be read as utf-8"):
        read_customers("name\nMüller\n".encode("latin-1"), encoding="utf-8")
    with pytest.raises(CustomerListError, match=r"cannot be read as nope"):
        read_customers(b"name\n", encoding="nope")


def test_bad_files_are_refused_with_the_reason(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CustomerListError, match=r"missing\.csv: no such file"):
        read_customers(tmp_path / "missing.csv")
    with pytest.raises(CustomerListError, match="is a folder"):
        read_customers(tmp_path)
    (tmp_path / "empty.csv").write_bytes(b"\n \n")
    with pytest.raises(CustomerListError, match=r"empty\.csv: is empty"):
        read_customers(tmp_path / "empty.csv")
    (tmp_path / "list.xlsx").write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(CustomerListError, match="binary"):
        read_customers(tmp_path / "list.xlsx")
    monkeypatch.setattr(customers, "MAX_CUSTOMER_BYTES", 10)
    (tmp_path / "big.csv").write_bytes(b"name\n" + b"Huawei\n" * 5)
    with pytest.raises(CustomerListError, match="more than the 10"):
        read_customers(tmp_path / "big.csv")


def test_a_header_without_a_name_column_is_refused() -> None:
    with pytest.raises(CustomerListError, match="no name column in the header"):
        read_customers(b"country,address\nCN,Shenzhen\n")
