"""Text layout: blocks (paragraphs, headings) and a whitespace-normalised view with offsets.

Stored document text is never changed: evidence offsets point into it. The pipeline works on
a normalised copy (whitespace runs collapsed, words hyphenated across a line break joined,
invisible format characters dropped) and maps every span back to the original through
`NormalizedText.to_original`.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import MutableSequence, Sequence
from dataclasses import dataclass

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
INVISIBLE = (
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f"
)
"""Format characters that show nothing (zero-width spaces and joiners, bidirectional marks
and embeddings, the soft hyphen, word joiners, tags): inside a name they would split it
("Hua\u200bwei") without a reader seeing why, so the pipeline never sees them."""
INVISIBLE_CHARACTER = re.compile(f"[{INVISIBLE}]")


def without_invisible(text: str) -> str:
    """The text without its invisible format characters (for names typed or pasted).

    >>> without_invisible("Hua\u200bwei \u202eTechnologies\u202c")
    'Huawei Technologies'
    """
    return INVISIBLE_CHARACTER.sub("", text)


_UNPRINTABLE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{INVISIBLE}]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    r"""The text with control and invisible characters written as escapes, for a terminal:
    a file name may hold a newline (a forged second line of output), an escape sequence or
    a right-to-left override (a name shown backwards).

    >>> printable("list\n[ok] done\u202e.csv")
    'list\\n[ok] done\\u202e.csv'
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else (
        f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


# whitespace runs (each read as one space) and invisible characters (read as nothing)
_WHITESPACE = re.compile(f"[\\s{INVISIBLE}]+")
# a word broken across a line: "eco-\nnomic"; the hyphen and the break are dropped
_LINE_HYPHEN = re.compile(r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[a-z])")
_CONTINUES = re.compile(r"([,;:(\-–—]|\b(?:and|or|of|the|a|an|to|in|for|by|with))$", re.I)
# a line that opens a new unit even in wrapped text: "SUMMARY:", "[FR Doc ...]", "-----"
_OPENS_UNIT = re.compile(r"^\s*(?:[A-Z][A-Z .,'&/-]{2,}:|\[|[-=_]{5,}|[•·*] )")
_RULE_LINE = re.compile(r"^\s*[-=_*]{5,}\s*$")
# the gutter between two columns of text laid side by side (PDF text in layout mode)
_GUTTER = re.compile(r"(?<=\S) {3,}|\t+(?=\S)")

NORMALIZE_VERSION = "2"
"""Changes whenever the normalised text changes (2: invisible characters dropped), so that
documents are extracted again."""

BLOCK_SEPARATOR = "\n"
"""Separates blocks in the normalised text; the tokenizer keeps it as its own token, so no
name or pattern is matched across two blocks."""


@dataclass(frozen=True)
class Block:
    """A paragraph or a heading line: a span of the original text that no sentence crosses."""

    start: int
    end: int


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, position = [], start
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline == -1 else newline
        spans.append((position, stop))
        position = stop + 1
    return spans


def wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None if it is not hard-wrapped.

    Hard-wrapped text (Federal Register, printed pages) has most lines of similar length
    under ~100 characters; news paragraphs are single long lines.
    """
    lengths = sorted(len(line.rstrip()) for line in text.split("\n") if line.strip())
    if len(lengths) < 4:
        return None
    wrapped = [n for n in lengths if 45 <= n <= 100]
    if len(wrapped) < 0.5 * len(lengths):
        return None
    return wrapped[int(0.9 * (len(wrapped) - 1))]


def segment_blocks(text: str) -> list[Block]:
    """Split text into blocks at blank lines and at line breaks that end a unit.

    In text that is not hard-wrapped every line break ends a block. In hard-wrapped text a
    line break ends a block only after a short line (a heading, the end of a paragraph)
    that does not end mid-phrase.
    """
    width = wrap_width(text)
    blocks: list[Block] = []
    position = 0
    paragraphs = []
    for match in _BLANK_LINE.finditer(text):
        paragraphs.append((position, match.start()))
        position = match.end()
    paragraphs.append((position, len(text)))

    for para_start, para_end in paragraphs:
        block_start = None
        lines = [span for span in _lines(text, para_start, para_end) if text[slice(*span)].strip()]
        if _side_by_side(text, lines):
            blocks.extend(_column_pieces(text, lines))
            continue
        for index, (line_start, line_end) in enumerate(lines):
            line = text[line_start:line_end]
            if block_start is None:
                block_start = line_start + (len(line) - len(line.lstrip()))
            stripped = line.rstrip()
            next_line = text[slice(*lines[index + 1])] if index + 1 < len(lines) else ""
            continues = (
                width is not None
                and (len(stripped) >= 0.7 * width or bool(_CONTINUES.search(stripped)))
                and not _RULE_LINE.match(stripped)
                and not _OPENS_UNIT.match(next_line)
            )
            if not continues:
                blocks.append(Block(block_start, line_start + len(stripped)))
                block_start = None
        if block_start is not None:
            last_end = para_end
            while last_end > block_start and text[last_end - 1].isspace():
                last_end -= 1
            blocks.append(Block(block_start, last_end))
    return _join_broken_sentences(text, [block for block in blocks if block.end > block.start])


_ENDS_MID_PHRASE = re.compile(r"\b(?:and|or|of|the|a|an|to|in|for|by|with|on|from|at)$", re.I)
"""A paragraph that ends on one of these words was cut mid-sentence (a page break, an
excerpt's stray blank line): the next paragraph carries its sentence on."""


def _join_broken_sentences(text: str, blocks: list[Block]) -> list[Block]:
    """Join a block ending mid-phrase to the block after the blank line that follows it."""
    joined: list[Block] = []
    for block in blocks:
        if joined:
            last = joined[-1]
            gap = text[last.end:block.start]
            if (_BLANK_LINE.search(gap) and not gap.strip()
                    and _ENDS_MID_PHRASE.search(text[last.start:last.end])):
                joined[-1] = Block(last.start, block.end)
                continue
        joined.append(block)
    return joined


def _side_by_side(text: str, lines: list[tuple[int, int]]) -> bool:
    """True for a paragraph of columns laid side by side: most lines have a gutter."""
    if len(lines) < 3:
        return False
    with_gutter = sum(1 for start, end in lines if _GUTTER.search(text, start, end))
    return with_gutter >= 0.6 * len(lines)


def _column_pieces(text: str, lines: list[tuple[int, int]]) -> list[Block]:
    """Each column's part of each line as a block of its own.

    Reading across the gutter would join words of two unrelated sentences ("... added Acme"
    from one column, "to the Entity List" from the other) into a fact no one stated; a
    sentence cut at a line end loses a fact at most."""
    pieces = []
    for start, end in lines:
        position = start
        for gutter in _GUTTER.finditer(text, start, end):
            pieces.append((position, gutter.start()))
            position = gutter.end()
        pieces.append((position, end))
    blocks = []
    for start, end in pieces:
        piece = text[start:end]
        first = start + len(piece) - len(piece.lstrip())
        last = start + len(piece.rstrip())
        if last > first:
            blocks.append(Block(first, last))
    return blocks


@dataclass
class NormalizedText:
    """Normalised text and, for each of its characters, the offset in the original text
    (one more at the end: the offset just after the last character)."""

    text: str
    offsets: Sequence[int]
    """An `array` of machine integers: a list of Python ints costs 36 bytes a character."""
    block_starts: list[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised span [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


def normalize(text: str, blocks: list[Block] | None = None) -> NormalizedText:
    """Collapse whitespace and join line-broken words, block by block, keeping offsets."""
    if blocks is None:
        blocks = segment_blocks(text)
    pieces: list[str] = []
    offsets: array[int] = array("q")
    block_starts: list[int] = []
    length = 0
    for block in blocks:
        if pieces:
            pieces.append(BLOCK_SEPARATOR)
            offsets.append(offsets[-1] + 1 if offsets else block.start)
            length += 1
        block_starts.append(length)
        position = block.start
        segment = text[block.start:block.end]
        for match in _LINE_HYPHEN.finditer(segment):
            length = _copy(text, position, block.start + match.start(), pieces, offsets,
                           length=length)
            position = block.start + match.end()
        length = _copy(text, position, block.end, pieces, offsets, length=length)
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return NormalizedText("".join(pieces), offsets, block_starts)


def _copy(
    text: str, start: int, end: int, pieces: list[str], offsets: MutableSequence[int], *,
    length: int,
) -> int:
    """Append text[start:end] with whitespace runs collapsed to one space and invisible
    characters dropped (a run of both is a space if it holds any whitespace)."""
    position = start
    for match in _WHITESPACE.finditer(text, start, end):
        pieces.append(text[position:match.start()])
        offsets.extend(range(position, match.start()))
        length += match.start() - position
        space = next((i for i in range(match.start(), match.end()) if text[i].isspace()), None)
        if space is not None:
            pieces.append(" ")
            offsets.append(space)
            length += 1
        position = match.end()
    pieces.append(text[position:end])
    offsets.extend(range(position, end))
    return length + end - position
