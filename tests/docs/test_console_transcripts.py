"""Every `console` block of the README and the site is a transcript that runs: each `$ `
line is a command, run with the real `tradegraph` command in bash, in page order, in one
shell (so `echo $?` sees the command before); the lines after it are what it prints, and
must appear in its output in that order (`...` stands for any text). A command shown
without output must succeed. The README and the tutorial start from an empty store; the
other pages from a copy of the demo store, in the workspace the Python examples use."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow  # runs the tradegraph command
BIN = Path(sys.executable).parent
BEGIN, END = "@@@transcript-begin", "@@@transcript-end"


@dataclass
class Step:
    """One command of a transcript and the lines it is shown to print."""

    command: str
    expected: list[str]


def steps(transcript: str) -> list[Step]:
    """The commands of a transcript with their shown output (a command line that ends with
    a backslash goes on on the next line)."""
    found: list[Step] = []
    continued = False
    for line in transcript.splitlines():
        if continued:
            found[-1].command += "\n" + line
            continued = line.endswith("\\")
        elif line.startswith("$ "):
            found.append(Step(line[2:], []))
            continued = line.endswith("\\")
        elif found and line.strip():
            found[-1].expected.append(line.rstrip())
    return found


def script(all_steps: list[Step]) -> str:
    """One bash script running every step, its output framed by markers that carry the
    exit status (restored before the next step, for `echo $?`)."""
    lines = ["status=0"]
    for number, step in enumerate(all_steps):
        lines += [f"printf '{BEGIN} {number}\\n'", "(exit $status)",
                  f"{{ {step.command}\n}} 2>&1", "status=$?",
                  f"printf '\\n{END} {number} %d\\n' $status"]
    return "\n".join(lines) + "\n"


def outputs(text: str) -> dict[int, tuple[list[str], int]]:
    """Step number -> (lines printed, exit status), from the framed output."""
    found = {}
    pattern = re.compile(rf"^{BEGIN} (\d+)\n(.*?)^{END} \1 (\d+)$", re.MULTILINE | re.DOTALL)
    for match in pattern.finditer(text):
        found[int(match.group(1))] = (match.group(2).splitlines(), int(match.group(3)))
    return found


def shown_in(expected: list[str], printed: list[str]) -> str | None:
    """None if every expected line matches a printed line, in order; else the first that
    does not."""
    rest = iter(line.rstrip() for line in printed)
    for line in expected:
        pattern = re.compile(".*".join(re.escape(part) for part in line.split("...")))
        if not any(pattern.fullmatch(candidate) for candidate in rest):
            return line
    return None


def test_transcripts_run(console_page: Path, workspace: Path, read_blocks: Any) -> None:
    all_steps = [step for block in read_blocks.of(console_page, "console")
                 for step in steps(block.text)]
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", COLUMNS="200",
               NO_COLOR="1", TERM="dumb")
    if "tutorial" in console_page.parts or console_page.name == "README.md":
        env["TRADEGRAPH_STORE"] = str(workspace / "fresh-store")
    run = subprocess.run(["bash"], input=script(all_steps), capture_output=True, text=True,
                         cwd=workspace, env=env, timeout=600, check=False)
    results = outputs(run.stdout)
    for number, step in enumerate(all_steps):
        assert number in results, f"`{step.command}` did not finish:\n{run.stdout}{run.stderr}"
        printed, status = results[number]
        if not step.expected:
            assert status == 0, f"`{step.command}` exited {status}:\n" + "\n".join(printed)
        missing = shown_in(step.expected, printed)
        assert missing is None, (f"{console_page.name}: `{step.command}` did not print\n"
                                 f"  {missing}\nit printed:\n" + "\n".join(printed))


def test_the_matcher_holds_to_order_and_wildcards() -> None:
    assert shown_in(["a ... c", "d"], ["x", "a b c", "d"]) is None
    assert shown_in(["d", "a ... c"], ["a b c", "d"]) == "a ... c"
    assert shown_in(["exit 3"], ["exit 30"]) == "exit 3"
