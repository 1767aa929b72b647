/* Tooltips of the charts drawn when the book is built (analysis.figures.charts.drawing).
   Every mark with a tooltip carries data-tip. Each chart sends its marks' tooltips as a
   table: the titles (<script type="application/json" class="companion-tips">), then one
   column of values per title (<script ... class="companion-tip-column">); a column equal to
   one before it on the page is left empty and names that one (data-same: its place among the
   page's columns, analysis.book.ext.page_assets). When the page loads, each mark of both
   drawings (desktop and phone: the same marks in the same order) gets its text as its
   <title> (a line with no value left out), which browsers show on hover and screen readers
   read on whichever drawing is shown. A click or a tap on a mark shows that text in a box
   under it. Text is set as text, never as HTML. */
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  let box = null;

  function writeTitles() {
    const columns = Array.from(document.querySelectorAll("script.companion-tip-column"));
    const values = [];
    columns.forEach(function (column, i) {
      values[i] = column.dataset.same ? values[Number(column.dataset.same)] : JSON.parse(column.textContent);
    });
    document.querySelectorAll(".companion-drawing").forEach(function (chart) {
      const source = chart.querySelector(":scope > script.companion-tips");
      if (!source) return;
      const titles = JSON.parse(source.textContent);
      const own = Array.from(chart.querySelectorAll(":scope > script.companion-tip-column"));
      const table = own.map(function (column) {
        return values[columns.indexOf(column)];
      });
      // Both drawings draw the same marks in the same order: the n-th mark of each gets the n-th text.
      [".companion-drawing-wide", ".companion-drawing-narrow"].forEach(function (drawing) {
        chart.querySelectorAll(drawing + " [data-tip]").forEach(function (mark, i) {
          if (mark.querySelector(":scope > title")) return;
          const lines = [];
          titles.forEach(function (title, k) {
            const value = table[k][i];
            if (value !== null && value !== undefined && value !== "") lines.push(title + value);
          });
          const title = document.createElementNS(SVG, "title");
          title.textContent = lines.join("\n");
          mark.appendChild(title);
        });
      });
    });
  }

  function close() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  function tipOf(mark) {
    const own = mark.querySelector(":scope > title");
    return own ? own.textContent : "";
  }

  writeTitles();

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
