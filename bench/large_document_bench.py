"""Large documents: time and peak memory of `tradegraph ingest` on one generated text file
of 100 KB, 1 MiB and 10 MiB (the documented size limit), each in a fresh process and store.

    .venv/bin/python bench/large_document_bench.py [--sizes 100K,1M,10M] [--keep DIR]
        [--baseline DIR --baseline-sizes 100K,1M]

The text is paragraphs of the benchmark corpus's own sentences (`corpus_generator`: our
templates, gazetteer and invented firms), so every size holds the same mix of acts. Prints
seconds, seconds per MiB and peak memory (the child's maximum resident set) for each size,
and the growth of seconds per MiB from the smallest to the largest size: linear time keeps
it near 1 (#26 item 4; a 1 MiB file once took 49 s and 663 MB, 10 MiB ran over 7 minutes).
With `--baseline DIR` (a folder holding a `tradegraph/` tree, as `bench/ingest_compare.py`
takes) each of `--baseline-sizes` is ingested by the baseline code too, just before this
checkout's run of the same file, so both see the same load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus_generator import CorpusGenerator

TARGET_GROWTH = 1.5
"""Most seconds per MiB at the largest size, relative to the smallest (linear time)."""
_UNITS = {"K": 1024, "M": 1024 * 1024}


def size_of(text: str) -> int:
    """`100K` -> 102400, `10M` -> 10485760."""
    unit = text[-1].upper()
    return int(float(text[:-1]) * _UNITS[unit]) if unit in _UNITS else int(text)


def write_document(path: Path, size: int, seed: int = 7) -> int:
    """A text file of about `size` bytes: a title, then the generated documents' bodies as
    paragraphs. Returns the number of paragraphs."""
    generator = CorpusGenerator(seed=seed)
    parts = ["Export controls and trade actions: a collected report\n\n"]
    written, paragraphs = len(parts[0]), 0
    for document in generator.documents(10**9):
        body = document["text"].strip() + "\n\n"
        length = len(body.encode("utf-8"))
        if written + length > size and paragraphs:
            break  # never over the size asked for (10 MiB is the documented limit)
        parts.append(body)
        written += length
        paragraphs += 1
    path.write_text("".join(parts), encoding="utf-8")
    return paragraphs


def ingest(path: Path, store: Path, path_first: Path | None = None) -> tuple[float, int, str]:
    """Seconds and peak resident kilobytes of `tradegraph ingest` in a child process (with
    `path_first` first on its import path), and its last output line."""
    command = [sys.executable, "-m", "tradegraph.ui.cli", "ingest", "--store", str(store),
               str(path)]
    env = dict(os.environ)
    if path_first is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(path_first),
                                                          env.get("PYTHONPATH")]))
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ingest of {path} failed:\n{output[-2000:]}")
    lines = [line for line in output.splitlines() if line.strip()]
    return seconds, usage.ru_maxrss, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100K,1M,10M")
    parser.add_argument("--keep", type=Path, help="keep the documents and stores here")
    parser.add_argument("--baseline", type=Path, help="a folder holding a tradegraph/ tree")
    parser.add_argument("--baseline-sizes", default="100K,1M")
    args = parser.parse_args(argv)
    baseline_sizes = set(args.baseline_sizes.split(",")) if args.baseline else set()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="tradegraph-large-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        rates = []
        for label in args.sizes.split(","):
            size = size_of(label)
            path = scratch / f"large-{label}.txt"
            paragraphs = write_document(path, size)
            mib = path.stat().st_size / _UNITS["M"]
            if label in baseline_sizes:
                seconds, peak_kb, last = ingest(path, scratch / f"base-{label}", args.baseline)
                print(f"{label:>5} baseline: {seconds:7.1f} s, {seconds / mib:6.1f} s/MiB, "
                      f"peak memory {peak_kb / 1024:7.0f} MiB  ({last})", flush=True)
            seconds, peak_kb, last = ingest(path, scratch / f"store-{label}")
            rates.append(seconds / mib)
            print(f"{label:>5}: {mib:6.2f} MiB, {paragraphs:6d} paragraphs: {seconds:7.1f} s, "
                  f"{seconds / mib:6.1f} s/MiB, peak memory {peak_kb / 1024:7.0f} MiB  ({last})",
                  flush=True)
        growth = rates[-1] / rates[0]
        print(f"seconds per MiB, largest / smallest: {growth:.2f}x "
              f"(linear: <= {TARGET_GROWTH}x)")
        return 0 if growth <= TARGET_GROWTH else 1
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
