"""Take the explorer's picture for the README and the site: `tradegraph explore` on a fresh
demo store, Huawei's entity page on 2019-05-20, in headless Chromium (Debian's, through
Playwright), saved as docs/pages/images/explorer.png.

    .venv/bin/python docs/docgen/screenshot.py
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tradegraph.ui.explorer.launch import answers

ROOT = Path(__file__).resolve().parents[2]
PICTURE = ROOT / "docs" / "pages" / "images" / "explorer.png"
TRADEGRAPH = Path(sys.executable).with_name("tradegraph")
CHROMIUM = "/usr/bin/chromium"
PAGE = "?page=entity&iri=https://w3id.org/tradegraph/id/firm/huawei&asof=2019-05-20"


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    """Build the demo store, start the explorer, take the picture, stop the explorer."""
    with tempfile.TemporaryDirectory() as folder:
        # A fresh home holds the default store, as a newcomer's would.
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("TRADEGRAPH_") and key != "XDG_DATA_HOME"}
        env["HOME"] = folder
        subprocess.run([str(TRADEGRAPH), "demo"], env=env, check=True, capture_output=True)
        port = free_port()
        explorer = subprocess.Popen(
            [str(TRADEGRAPH), "explore", "--port", str(port), "--headless"], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            while not answers(url + "/"):
                if explorer.poll() is not None:
                    raise SystemExit("the explorer did not start")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
                page = browser.new_page(viewport={"width": 1280, "height": 860})
                page.goto(f"{url}/{PAGE}")
                expect(page.locator(".tg-status").first).to_contain_text(
                    "on the Entity List since 2019-05-16", timeout=60_000)
                expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)
                page.screenshot(path=PICTURE)
                browser.close()
        finally:
            os.killpg(explorer.pid, signal.SIGTERM)
            explorer.wait(timeout=30)
    print(f"wrote {PICTURE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
