"""Screening lists of real size: `tradegraph ingest` of generated lists of 20,000, 100,000
and 1,000,000 rows into fresh stores, with the time and the peak memory of each, and what
one more row costs in memory (the slope between the two larger lists).

    .venv/bin/python bench/list_bench.py [--rows 20000 100000 1000000] [--keep DIR]

The lists are in the Consolidated Screening List's CSV layout, short rows (source, type,
name, aliases, start date: about 45 bytes, so a million rows stay under the 64 MiB limit),
names made of our own word lists and a number; one party in fifty is named again on a later
row with another alias (as the older layout repeats a party), so parties are merged across
the parts a large list is read in. Target (issue #26): a list of 1,000,000 rows ingests in
under 4 GB of memory. Before the list was read in parts, memory grew about 50 KB a row;
before corroboration and the derivations of time ran in parts (`graph/time/partition.py`),
about 30 KB a row after the writing. The peak is the ingest process's own (its maximum
resident set, from `wait4`), the load average is printed beside each size: the machine
may be shared, so compare sizes within one run.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_BYTES = 4 * 1024**3
_BRANDS = ("Norland", "Kestrel", "Aurum", "Vantor", "Silvane", "Quorra", "Helix", "Meridian",
           "Tessel", "Corvid", "Lumen", "Obsidian", "Pyrite", "Zephyr", "Halcyon", "Orrin")
_FIELDS = ("Photonics", "Avionics", "Microwave", "Logistics", "Instruments", "Marine",
           "Components", "Engineering", "Shipping", "Trading", "Semiconductor")
_FORMS = ("Co., Ltd.", "Ltd.", "GmbH", "LLC", "Inc.", "JSC", "FZE", "B.V.")


def write_list(path: Path, rows: int, seed: int = 7) -> None:
    """A generated screening list of `rows` rows (see the module)."""
    pick = random.Random(seed).choice
    repeats: list[str] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "type", "name", "alt_names", "start_date"])
        for number in range(rows):
            if number % 50 == 49 and repeats:
                name, alias = repeats.pop(0), f"AKA {number}"
            else:
                name = f"{pick(_BRANDS)} {number:07d} {pick(_FIELDS)} {pick(_FORMS)}"
                alias = ""
                if number % 50 == 7:
                    repeats.append(name)
            writer.writerow(["EL", "Entity", name, alias,
                             f"{2010 + number % 15}-{1 + number % 12:02d}-{1 + number % 28:02d}"])


def ingest(listing: Path, store: Path) -> tuple[float, int, str]:
    """`tradegraph ingest` of one list into a fresh store: seconds, peak resident bytes of
    the process, its summary line."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "tradegraph.ui.cli", "--store", str(store), "ingest",
         "--quiet", str(listing)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out = process.stdout.read() if process.stdout else ""
    err = process.stderr.read() if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    summary = (out.strip().splitlines() or [err.strip()[-300:]])[-1]
    return seconds, usage.ru_maxrss * 1024, summary


def main() -> int:
    """Generate, ingest and report each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000, 100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="keep the lists and stores here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        figures = []
        for rows in args.rows:
            listing = folder / f"list-{rows}.csv"
            write_list(listing, rows)
            seconds, peak, summary = ingest(listing, folder / f"store-{rows}")
            figures.append((rows, seconds, peak))
            print(f"{rows:>9,} rows ({listing.stat().st_size / 2**20:5.1f} MiB): "
                  f"{seconds:7.1f} s, {rows / seconds:6.0f} rows/s, peak memory "
                  f"{peak / 2**20:7.0f} MiB   [{summary}]  (load average "
                  f"{os.getloadavg()[0]:.1f})", flush=True)
    if len(figures) >= 2:
        (small, _, low), (large, _, high) = figures[-2], figures[-1]
        print(f"one more row costs {(high - low) / (large - small):,.0f} bytes of peak memory "
              f"(between {small:,} and {large:,} rows)")
    rows, _, peak = figures[-1]
    verdict = "meets" if peak < TARGET_BYTES else "MISSES"
    print(f"target: {rows:,} rows in under {TARGET_BYTES / 2**30:g} GiB: {verdict}")
    return 0 if peak < TARGET_BYTES else 1


if __name__ == "__main__":
    raise SystemExit(main())
