// The network drawing's finishing touches, which st-cytoscape has no option for: the
// drawing fills the first screen (from its top to the bottom of the window) and is fitted
// into it, and pointing at a node or an edge shows its whole name. Runs in the page (not
// in the component's frame, which it reaches as the same origin), once per page load; it
// looks for new drawings, as Streamlit draws the component anew when the network changes.
(() => {
  if (window.tgNetworkCanvas) return;
  window.tgNetworkCanvas = true;
  const MIN_HEIGHT = 380, MARGIN = 16;

  function fitToScreen(frame, holder, cy) {
    const top = frame.getBoundingClientRect().top + window.scrollY;
    const height = Math.max(MIN_HEIGHT, Math.round(window.innerHeight - top - MARGIN));
    if (cy.scratch("tgHeight") === height) return;
    cy.scratch("tgHeight", height);
    holder.style.height = height + "px";
    frame.style.height = height + "px";
    cy.resize();
    cy.fit(undefined, 30);
    frame.dataset.tgFitted = String(height);
  }

  function hoverNames(cy) {
    if (cy.scratch("tgHover")) return;
    cy.scratch("tgHover", true);
    const body = cy.container().ownerDocument.body;
    cy.on("mouseover", "node, edge", (e) => {
      e.target.addClass("hover");
      body.dataset.tgHover = e.target.id();
    });
    cy.on("mouseout", "node, edge", (e) => {
      e.target.removeClass("hover");
      delete body.dataset.tgHover;
    });
  }

  function attach() {
    for (const frame of document.querySelectorAll("iframe[title*='st_cytoscape']")) {
      let doc;
      try { doc = frame.contentDocument; } catch (error) { continue; }
      if (!doc) continue;
      const holder = [...doc.querySelectorAll("div")].find((d) => d._cyreg && d._cyreg.cy);
      if (!holder) continue;
      const cy = holder._cyreg.cy;
      hoverNames(cy);
      fitToScreen(frame, holder, cy);
      frame.dataset.tgEdges = String(cy.edges().length);
      frame.dataset.tgReady = "true";
    }
  }
  setInterval(attach, 200);
})();
