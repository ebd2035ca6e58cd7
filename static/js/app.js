import { initAll } from "../app/govuk-frontend.min.js";

initAll();

// Reflow (WCAG 2.2, 1.4.10): on a narrow screen a wide table scrolls inside its own box, so the
// page itself never scrolls sideways. A box that actually scrolls becomes a named, focusable
// region (named by the table's caption) so keyboard users can scroll it too.
const scrollBoxes = [];
document.querySelectorAll("table.govuk-table").forEach((table) => {
  const box = document.createElement("div");
  box.className = "app-table-scroll";
  table.parentNode.insertBefore(box, table);
  box.appendChild(table);
  scrollBoxes.push(box);
});

let captionCount = 0;
function markScrollable(boxes) {
  boxes.forEach((box) => {
    if (box.scrollWidth > box.clientWidth) {
      const caption = box.querySelector("caption");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (caption && caption.textContent.trim()) {
        if (!caption.id) caption.id = `app-table-caption-${++captionCount}`;
        box.setAttribute("aria-labelledby", caption.id);
      } else {
        box.setAttribute("aria-label", "Table");
      }
    } else {
      ["tabindex", "role", "aria-labelledby", "aria-label"].forEach((name) => box.removeAttribute(name));
    }
  });
}
markScrollable(scrollBoxes);
// A box's size changes with the window, and from nothing when a <details> holding it opens.
if ("ResizeObserver" in window) {
  // Watch the table too: it can widen after the first layout while its box keeps its width.
  const observer = new ResizeObserver((entries) => markScrollable(entries.map(
    (entry) => entry.target.closest(".app-table-scroll"))));
  scrollBoxes.forEach((box) => { observer.observe(box); observer.observe(box.firstElementChild); });
} else {
  window.addEventListener("resize", () => markScrollable(scrollBoxes));
}
