"""`discover`: files, folders and globs expand to document files; what finds nothing is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradegraph.ingest.loaders import discover


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of documents, a subfolder, a hidden folder and files that are no documents."""
    root = tmp_path / "corpus"
    for relative in ("a.txt", "b.html", "c.json", "sub/d.jsonl", "sub/e.md", "sub/deeper/f.htm",
                     ".hidden/g.txt", "notes.xlsx", "image.png", "lists/el.csv"):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", "utf-8")
    return root


def names(paths: list[Path], root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in paths]


def test_folder_is_searched_recursively_for_known_extensions(corpus: Path) -> None:
    found = discover([corpus])
    assert found.errors == []
    assert names(found.files, corpus) == [
        "a.txt", "b.html", "c.json", "lists/el.csv", "sub/d.jsonl", "sub/deeper/f.htm",
        "sub/e.md",
    ]


def test_glob(corpus: Path) -> None:
    found = discover([f"{corpus}/*.txt", f"{corpus}/**/*.htm*"])
    assert found.errors == []
    assert names(found.files, corpus) == ["a.txt", "b.html", "sub/deeper/f.htm"]


def test_explicit_files_keep_their_order_and_any_extension(corpus: Path) -> None:
    found = discover([corpus / "notes.xlsx", str(corpus / "a.txt")])
    assert found.errors == []
    assert names(found.files, corpus) == ["notes.xlsx", "a.txt"]


def test_a_file_found_twice_is_listed_once(corpus: Path) -> None:
    found = discover([corpus / "a.txt", corpus, f"{corpus}/*.txt", corpus / "sub" / ".." / "a.txt"])
    listed = names(found.files, corpus)
    assert listed.count("a.txt") == 1
    assert len(listed) == 7


def test_missing_path_is_named(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.txt")
    found = discover([missing])
    assert found.files == []
    assert [(e.source, e.reason) for e in found.errors] == [(missing, "no such file or directory")]


def test_glob_matching_nothing_is_named(tmp_path: Path) -> None:
    pattern = str(tmp_path / "no-such-folder" / "*.txt")
    found = discover([pattern])
    assert found.files == []
    assert [(e.source, e.reason) for e in found.errors] == [(pattern, "pattern matches no files")]


def test_glob_matching_only_folders_is_named(corpus: Path) -> None:
    pattern = f"{corpus}/su*"
    found = discover([pattern])
    assert found.files == []
    assert [e.reason for e in found.errors] == ["pattern matches no files"]


def test_folder_without_documents_is_named(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "data.xlsx").write_text("a,b", "utf-8")
    found = discover([tmp_path / "empty"])
    assert found.files == []
    assert [e.reason for e in found.errors] == [
        "folder holds no .txt, .html, .json, .csv or .tsv files"]


def test_one_bad_path_does_not_stop_the_others(corpus: Path) -> None:
    found = discover([corpus / "missing.txt", corpus / "a.txt"])
    assert names(found.files, corpus) == ["a.txt"]
    assert len(found.errors) == 1
