/* Tooltips of the charts drawn when the book is built (analysis.figures.charts.drawing).
   Every mark with a tooltip carries data-tip; in the desktop drawing it also holds a
   <title>, which browsers show on hover and screen readers read. A click or a tap on a mark
   shows that text in a box under it; the phone drawing has no titles of its own, so its
   n-th mark reads the n-th title of the desktop drawing (both draw the same marks in the
   same order). The text is set as text, never as HTML. */
(function () {
  "use strict";
  let box = null;

  function close() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  function tipOf(mark) {
    const own = mark.querySelector(":scope > title");
    if (own) return own.textContent;
    const chart = mark.closest(".companion-drawing");
    const marks = Array.from(mark.ownerSVGElement.querySelectorAll("[data-tip]"));
    const twin = chart.querySelectorAll(".companion-drawing-wide [data-tip]")[marks.indexOf(mark)];
    const title = twin ? twin.querySelector(":scope > title") : null;
    return title ? title.textContent : "";
  }

  document.addEventListener("click", function (event) {
    const mark = event.target.closest ? event.target.closest(".companion-drawing [data-tip]") : null;
    close();
    if (!mark) return;
    const text = tipOf(mark);
    if (!text) return;
    const chart = mark.closest(".companion-drawing");
    box = document.createElement("div");
    box.className = "companion-drawing-tip";
    box.setAttribute("role", "status");
    box.textContent = text;
    chart.appendChild(box);
    const area = chart.getBoundingClientRect();
    const spot = mark.getBoundingClientRect();
    const left = spot.left - area.left + spot.width / 2 - box.offsetWidth / 2;
    box.style.left = Math.max(0, Math.min(left, area.width - box.offsetWidth)) + "px";
    box.style.top = spot.bottom - area.top + 6 + "px";
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
  });
})();
