"""`tradegraph explore` and its Streamlit child live and die together: SIGTERM or SIGINT
stops both and frees the port within 5 s; after SIGKILL of `tradegraph explore`, which can
run no handler, no process it started (Streamlit, its query workers) survives 5 s.
Linux: descendants are read from /proc."""

from __future__ import annotations

import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"),
                                 reason="reads the process tree from /proc")]


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (children of all its threads, recursively)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except FileNotFoundError:
            continue
        for task in tasks:
            try:
                children = {int(c) for c in (task / "children").read_text().split()}
            except FileNotFoundError:
                continue
            todo.extend(children - found)
            found |= children
    return found


def alive(pid: int) -> bool:
    """Whether `pid` is a process that has not ended (zombies have ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def within(seconds: float, condition: Callable[[], bool]) -> float | None:
    """Seconds until `condition` held, or None if it did not within `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    return None


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_explore_and_its_child_and_frees_the_port(
        serve_explorer: Callable[..., Any], embedded_demo_store: Path,
        stop: signal.Signals) -> None:
    served = serve_explorer(embedded_demo_store)
    children = descendants(served.process.pid)
    assert children, "tradegraph explore runs Streamlit in a child process"
    assert not port_free(served.port)
    served.process.send_signal(stop)
    took = within(5, lambda: port_free(served.port))
    assert took is not None, "the port is still taken 5 s after " + stop.name
    assert served.process.wait(timeout=5) == 0
    assert within(5, lambda: not any(alive(c) for c in children)) is not None


def test_after_kill_9_of_explore_nothing_of_it_survives(
        serve_explorer: Callable[..., Any], embedded_demo_store: Path,
        browser_page: Any) -> None:
    served = serve_explorer(embedded_demo_store)
    # a query on the SPARQL page starts a query worker: a grandchild that must die too
    browser_page.goto(f"{served.url}/?page=sparql&q=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D")
    browser_page.get_by_text("yes", exact=True).wait_for(timeout=60_000)
    ours = descendants(served.process.pid)
    assert len(ours) >= 2, "Streamlit and its query worker"
    served.process.kill()
    served.process.wait()
    left = within(5, lambda: not any(alive(p) for p in ours))
    assert left is not None, f"still running 5 s after kill -9: {[p for p in ours if alive(p)]}"
    assert within(5, lambda: port_free(served.port)) is not None


def test_a_first_run_from_a_script_serves_and_a_sigterm_frees_the_port(
        serve_explorer: Callable[..., Any], embedded_demo_store: Path, tmp_path: Path) -> None:
    # as a new user's script starts it: a HOME where Streamlit never ran, stdin from
    # /dev/null, no --headless, no display: no prompt, no browser, it serves
    home = tmp_path / "home"
    home.mkdir()
    started = time.monotonic()
    served = serve_explorer(embedded_demo_store, headless=False,
                            extra_env={"HOME": str(home), "DISPLAY": "", "WAYLAND_DISPLAY": ""})
    assert time.monotonic() - started < 30
    log = served.log.read_text(encoding="utf-8")
    assert "Email" not in log and "Welcome to Streamlit" not in log
    assert "missing ScriptRunContext" not in log and "No runtime found" not in log
    served.process.send_signal(signal.SIGTERM)
    assert within(10, lambda: port_free(served.port)) is not None
    assert served.process.wait(timeout=10) == 0


def test_the_browser_is_opened_by_explore_when_there_is_a_display(
        serve_explorer: Callable[..., Any], embedded_demo_store: Path, tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"  # a "browser" that notes the URL it was given
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    served = serve_explorer(embedded_demo_store, headless=False,
                            extra_env={"DISPLAY": ":99", "BROWSER": str(browser)})
    assert within(30, opened.exists) is not None, "no browser was opened"
    assert within(5, lambda: opened.read_text().strip() != "") is not None
    assert opened.read_text().split() == [f"http://127.0.0.1:{served.port}/"]
    # headless: no browser, whatever the display
    quiet = tmp_path / "quiet.txt"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {quiet}\n', encoding="utf-8")
    serve_explorer(embedded_demo_store, headless=True,
                   extra_env={"DISPLAY": ":99", "BROWSER": str(browser)})
    assert not quiet.exists()


def test_a_child_that_dies_is_reported_with_its_last_lines(embedded_demo_store: Path) -> None:
    import subprocess

    with socket.socket() as taken:  # the port is in use: Streamlit stops at once
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [str(Path(sys.executable).with_name("tradegraph")), "explore", "--store",
             str(embedded_demo_store), "--port", str(port)], stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    said = result.stderr.split("error: the explorer (Streamlit) stopped with exit code", 1)
    assert len(said) == 2, result.stderr
    assert f"Port {port} is not available" in said[1]  # its last lines, after the error
