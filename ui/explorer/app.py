"""The explorer's Streamlit script (`streamlit run` this file; `tradegraph explore` does):
it draws the page the URL names (`navigation.run`).

Streamlit runs it as `__main__`. The SPARQL page's query workers are started with
multiprocessing's "spawn", which imports the starting process's `__main__` (this file) in
each worker under another name: there it must neither draw a page nor import the pages,
whose Streamlit caches and components would warn of a missing Streamlit runtime.
"""

from __future__ import annotations

if __name__ == "__main__":
    from tradegraph.ui.explorer.navigation import run

    run()
