/* The matrix explorer (book/explorer.md).
 *
 * Reads the JSON that analysis.figures.explorer embeds in each [data-explorer] element and
 * builds the controls, the counts, a scatter (SVG) and a map (Leaflet, served from
 * _static/vendor). Everything it knows about the matrix (definitions, rules, cuts, the
 * cell of each pair central/connected, the colours) comes from that JSON, so new
 * specifications need no change here.
 *
 * Rule (checked against analysis.analyses.matrix.assign when the page is built): a place is
 * central when its centrality score is below the centrality cut and peripheral above it,
 * connected when its connection score is above the connection cut and disconnected below it;
 * a score exactly at a cut follows the tie rule ("band": the place is at the cut; "upper":
 * peripheral or connected; "lower": central or disconnected); a place at a cut on either
 * axis is "at the cut", and a place with a score missing is unclassified. A class
 * definition (the SAC split) is drawn as a fixed line between two class ranks.
 *
 * Text from the data is only ever set with textContent or as attribute values, never
 * parsed as HTML. Every word of the interface comes from the JSON too ("text", "names",
 * the labels of the definitions and cells), in the page's language, as
 * analysis.figures.explorer.interface writes it; numbers are written for the page's
 * language (<html lang>) with Intl.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var LOCALE = document.documentElement.lang || "en";
  var integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
  var percent = new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 1 });
  var serial = 0;
  var TOLERANCE = 1e-9; /* analysis.analyses.cuts.TOLERANCE */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        node.setAttribute(name, attrs[name]);
      });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* A message of the interface with its {placeholders} filled; a placeholder without a value is left as it is. */
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /* Which form of a (singular, plural) pair a number takes: French uses the singular for 0 and 1. */
  function pluralForm(language, n) {
    if (language === "fr") return Math.abs(n) < 2 ? 0 : 1;
    return n === 1 ? 0 : 1;
  }

  function known(value) {
    return value !== null && value !== undefined && !Number.isNaN(value);
  }

  function formatScore(value) {
    if (!known(value)) return "—";
    if (Number.isInteger(value)) return integer.format(value);
    var digits = Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 4;
    return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits }).format(value);
  }

  /* Accent-, case- and punctuation-insensitive text for the search ("Montreal" finds "Montréal"). */
  function fold(text) {
    return String(text)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  }

  function decodeRing(steps, grid) {
    var points = [];
    var x = 0;
    var y = 0;
    for (var i = 0; i + 1 < steps.length; i += 2) {
      x += steps[i];
      y += steps[i + 1];
      points.push([y / grid, x / grid]);
    }
    return points;
  }

  /* Round numbers for axis ticks (1, 2, 2.5 or 5 times a power of ten), about `count` of them. */
  function ticks(lo, hi, count) {
    if (!(hi > lo)) return [lo];
    var raw = (hi - lo) / count;
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * power; }).find(function (s) { return s >= raw; });
    var out = [];
    for (var i = Math.ceil(lo / step); i * step <= hi + step * 1e-9; i++) out.push(Number((i * step).toPrecision(12)));
    return out;
  }

  function Explorer(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector("script.explorer-data").textContent);
    this.id = "explorer-" + ++serial;
    var d = this.data;
    this.words = d.text;
    this.language = d.language;
    var n = d.places.name.length;
    this.n = n;
    this.folded = d.places.name.map(fold);
    this.cellByPair = {};
    this.unclassified = null;
    this.atCut = null;
    d.cells.forEach(function (cell) {
      if (cell.kind === "unclassified") this.unclassified = cell;
      else if (cell.kind === "at the cut") this.atCut = cell;
      else this.cellByPair[cell.central + "/" + cell.connected] = cell;
    }, this);
    this.cellIndex = {};
    d.cells.forEach(function (cell, i) { this.cellIndex[cell.name] = i; }, this);
    var first = d.specs[0];
    this.choice = { centrality: first.centrality, connection: first.connection, rule: first.rule, ties: first.ties };
    this.selected = null;
    this.positions = {};
    this.build();
    this.applySpec(true);
  }

  /* A word or sentence of the interface, filled with `values`; a (singular, plural) pair takes the form the number `n` needs. */
  Explorer.prototype.t = function (key, values, n) {
    var message = this.words[key];
    if (Array.isArray(message)) message = message[pluralForm(this.language, n)];
    return fill(message, values);
  };

  Explorer.prototype.spec = function () {
    var c = this.choice;
    return this.data.specs.find(function (s) {
      return s.centrality === c.centrality && s.connection === c.connection && s.rule === c.rule && s.ties === c.ties;
    });
  };

  /* Slider positions of one score vector: its distinct values and every cut computed on it (a class axis: its cut only), sorted. */
  Explorer.prototype.positionsOf = function (axis, index) {
    var key = axis + index;
    if (this.positions[key]) return this.positions[key];
    var fixed = axis === "x" && this.data.specs.some(function (s) { return s.x === index && s.classes; });
    var values = fixed ? [] : this.data.scores[index].filter(known);
    this.data.specs.forEach(function (s) {
      if (axis === "x" && s.x === index && known(s.xcut)) values.push(s.xcut);
      if (axis === "y" && s.y === index && known(s.ycut)) values.push(s.ycut);
    });
    values.sort(function (a, b) { return a - b; });
    var unique = values.filter(function (v, i) { return i === 0 || v !== values[i - 1]; });
    this.positions[key] = unique;
    return unique;
  };

  /* Which side of a cut a score falls on: "upper", "lower" or "cut" (a tie under the band rule). */
  function side(value, cut, ties) {
    if (Math.abs(value - cut) <= TOLERANCE) return ties === "band" ? "cut" : ties;
    return value > cut ? "upper" : "lower";
  }

  Explorer.prototype.cellOf = function (x, y, xcut, ycut, ties) {
    if (!known(x) || !known(y) || !known(xcut) || !known(ycut)) return this.unclassified;
    var sx = side(x, xcut, ties);
    var sy = side(y, ycut, ties);
    if (sx === "cut" || sy === "cut") return this.atCut;
    return this.cellByPair[(sx === "lower") + "/" + (sy === "upper")];
  };

  /* ---------------------------------------------------------------- controls and layout */

  Explorer.prototype.build = function () {
    var d = this.data;
    var root = this.root;
    var self = this;
    var id = this.id;

    var controls = el("form", { class: "explorer-controls", "aria-label": this.t("form") });
    controls.addEventListener("submit", function (event) { event.preventDefault(); });
    var choices = el("fieldset", { class: "explorer-choices" });
    choices.appendChild(el("legend", null, this.t("choices")));
    this.selects = {};
    [
      ["centrality", d.centrality],
      ["connection", d.connection],
      ["rule", d.rules],
      ["ties", d.ties],
    ].forEach(function (item) {
      var name = item[0];
      var wrap = el("div", { class: "explorer-field" });
      var label = el("label", { for: id + "-" + name }, self.t(name));
      var select = el("select", { id: id + "-" + name, "aria-describedby": id + "-" + name + "-help" });
      Object.keys(item[1]).forEach(function (key) {
        var option = el("option", { value: key }, d.names[name][key] || key);
        select.appendChild(option);
      });
      select.value = self.choice[name];
      var help = el("p", { id: id + "-" + name + "-help", class: "explorer-help" });
      select.addEventListener("change", function () {
        self.choice[name] = select.value;
        self.applySpec(true);
      });
      wrap.appendChild(label);
      wrap.appendChild(select);
      wrap.appendChild(help);
      choices.appendChild(wrap);
      self.selects[name] = { select: select, help: help, labels: item[1] };
    });
    controls.appendChild(choices);

    var cuts = el("fieldset", { class: "explorer-cuts" });
    cuts.appendChild(el("legend", null, this.t("cuts")));
    this.sliders = {};
    [
      ["x", this.t("cut_x")],
      ["y", this.t("cut_y")],
    ].forEach(function (item) {
      var axis = item[0];
      var wrap = el("div", { class: "explorer-field" });
      var label = el("label", { for: id + "-cut-" + axis }, item[1]);
      var input = el("input", { type: "range", id: id + "-cut-" + axis, min: "0", max: "0", step: "1", value: "0" });
      var output = el("output", { for: id + "-cut-" + axis, class: "explorer-cut", "aria-live": "off" });
      input.addEventListener("input", function () { self.moveCut(axis); });
      wrap.appendChild(label);
      wrap.appendChild(input);
      wrap.appendChild(output);
      cuts.appendChild(wrap);
      self.sliders[axis] = { input: input, output: output };
    });
    var reset = el("button", { type: "button", class: "explorer-button" }, this.t("reset"));
    reset.addEventListener("click", function () { self.applySpec(true); });
    cuts.appendChild(reset);
    controls.appendChild(cuts);
    root.appendChild(controls);

    this.status = el("p", { class: "explorer-status", role: "status" });
    root.appendChild(this.status);

    var counts = el("table", { class: "explorer-counts" });
    counts.appendChild(el("caption", null, this.t("counts")));
    var head = el("thead");
    var headRow = el("tr");
    ["cell", "municipalities", "residents", "share"].forEach(function (key) {
      headRow.appendChild(el("th", { scope: "col" }, self.t(key)));
    });
    head.appendChild(headRow);
    counts.appendChild(head);
    var body = el("tbody");
    this.countRows = d.cells.map(function (cell) {
      var row = el("tr", { "data-cell": cell.name });
      var name = el("th", { scope: "row" });
      var swatch = el("span", { class: "explorer-swatch", "aria-hidden": "true" });
      swatch.style.background = cell.colour;
      name.appendChild(swatch);
      name.appendChild(document.createTextNode(cell.label));
      row.appendChild(name);
      var cellsOut = [el("td", { class: "explorer-entities" }), el("td", { class: "explorer-population" }), el("td")];
      cellsOut.forEach(function (td) { row.appendChild(td); });
      body.appendChild(row);
      return { row: row, entities: cellsOut[0], population: cellsOut[1], share: cellsOut[2] };
    });
    counts.appendChild(body);
    var countsWrap = el("div", { class: "explorer-table-wrap" });
    countsWrap.appendChild(counts);
    root.appendChild(countsWrap);

    var figures = el("div", { class: "explorer-figures" });
    var scatterBox = el("figure", { class: "explorer-scatter-box" });
    this.yTitle = el("p", { class: "explorer-axis-title explorer-y-title" });
    this.scatter = el("div", { class: "explorer-scatter" });
    this.xTitle = el("p", { class: "explorer-axis-title explorer-x-title" });
    scatterBox.appendChild(this.yTitle);
    scatterBox.appendChild(this.scatter);
    scatterBox.appendChild(this.xTitle);
    scatterBox.appendChild(el("figcaption", null, this.t("scatter_note")));
    figures.appendChild(scatterBox);

    var mapBox = el("figure", { class: "explorer-map-box" });
    var views = el("div", { class: "explorer-views", role: "group", "aria-label": this.t("views") });
    var south = el("button", { type: "button", class: "explorer-button" }, this.t("south"));
    var province = el("button", { type: "button", class: "explorer-button" }, this.t("province"));
    this.toPlace = el("button", { type: "button", class: "explorer-button", disabled: "disabled" }, this.t("selected"));
    south.addEventListener("click", function () { self.fitSouth(); });
    province.addEventListener("click", function () { self.fitProvince(); });
    this.toPlace.addEventListener("click", function () { self.zoomToSelected(); });
    views.appendChild(south);
    views.appendChild(province);
    views.appendChild(this.toPlace);
    mapBox.appendChild(views);
    this.mapNode = el("div", { class: "explorer-map", role: "region", "aria-label": this.t("map_label") });
    mapBox.appendChild(this.mapNode);
    mapBox.appendChild(el("figcaption", null, this.t("map_note")));
    figures.appendChild(mapBox);
    root.appendChild(figures);

    var search = el("section", { class: "explorer-search", "aria-labelledby": id + "-search-title" });
    search.appendChild(el("h2", { id: id + "-search-title" }, this.t("search")));
    var searchLabel = el("label", { for: id + "-search" }, this.t("search_label"));
    this.searchInput = el("input", { type: "search", id: id + "-search", autocomplete: "off", spellcheck: "false", "aria-controls": id + "-results" });
    this.results = el("ul", { id: id + "-results", class: "explorer-results", "aria-label": this.t("results") });
    this.card = el("div", { class: "explorer-card" });
    this.searchInput.addEventListener("input", function () { self.search(); });
    this.searchInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var firstButton = self.results.querySelector("button");
        if (firstButton) firstButton.click();
      }
    });
    search.appendChild(searchLabel);
    search.appendChild(this.searchInput);
    search.appendChild(this.results);
    search.appendChild(this.card);
    root.appendChild(search);

    root.appendChild(el("p", { class: "explorer-caption" }, d.caption + " " + this.t("drawn_with")));

    this.map = this.buildMap();
    if (window.ResizeObserver) {
      var width = this.scatter.clientWidth;
      new ResizeObserver(function () {
        if (self.scatter.clientWidth !== width) {
          width = self.scatter.clientWidth;
          self.drawScatter();
        }
      }).observe(this.scatter);
    }
  };

  /* ---------------------------------------------------------------- state changes */

  Explorer.prototype.applySpec = function (resetCuts) {
    var spec = this.spec();
    var self = this;
    Object.keys(this.selects).forEach(function (name) {
      var s = self.selects[name];
      s.help.textContent = s.labels[s.select.value] || "";
    });
    if (!spec) {
      this.status.textContent = this.t("missing_spec");
      return;
    }
    this.current = spec;
    this.x = this.data.scores[spec.x];
    this.y = this.data.scores[spec.y];
    ["x", "y"].forEach(function (axis) {
      var positions = self.positionsOf(axis, spec[axis]);
      var slider = self.sliders[axis];
      slider.input.max = String(Math.max(positions.length - 1, 0));
      if (resetCuts) {
        var at = positions.indexOf(spec[axis + "cut"]);
        slider.input.value = String(at >= 0 ? at : 0);
      }
      slider.positions = positions;
    });
    this.xTitle.textContent = "→ " + this.data.centrality[spec.centrality];
    this.yTitle.textContent = "↑ " + this.data.connection[spec.connection];
    this.readCuts();
    this.classify();
    this.drawScatter();
    this.recolourMap();
    this.showCard();
  };

  Explorer.prototype.readCuts = function () {
    var self = this;
    ["x", "y"].forEach(function (axis) {
      var slider = self.sliders[axis];
      var value = slider.positions[Number(slider.input.value)];
      self[axis + "cut"] = known(value) ? value : null;
      var isRule = value === self.current[axis + "cut"];
      var scores = axis === "x" ? self.x : self.y;
      var ties = self.current.ties;
      var inSide = 0;
      var onCut = 0;
      var total = 0;
      scores.forEach(function (v) {
        if (!known(v) || !known(value)) return;
        total += 1;
        var s = side(v, value, ties);
        if (s === "cut") onCut += 1;
        else if (axis === "x" ? s === "lower" : s === "upper") inSide += 1;
      });
      var where = self.current.classes && axis === "x" ? self.t("sac_split") : formatScore(value);
      if (isRule) where = self.t("rule_cut", { value: where });
      var text = self.t(axis === "x" ? "central_count" : "connected_count", {
        value: where,
        inside: integer.format(inSide),
        total: integer.format(total),
      }, inSide);
      if (onCut) text = self.t("at_cut_count", { text: text, count: integer.format(onCut) });
      slider.output.textContent = text;
      slider.output.setAttribute("data-value", known(value) ? String(value) : "");
      slider.input.setAttribute("aria-valuetext", text);
    });
  };

  Explorer.prototype.moveCut = function () {
    this.readCuts();
    this.classify();
    this.recolourScatter();
    this.recolourMap();
    this.showCard();
  };

  Explorer.prototype.classify = function () {
    var d = this.data;
    var n = this.n;
    var spec = this.current;
    var cells = new Array(n);
    var entities = d.cells.map(function () { return 0; });
    var residents = d.cells.map(function () { return 0; });
    for (var i = 0; i < n; i++) {
      var cell = this.cellOf(this.x[i], this.y[i], this.xcut, this.ycut, spec.ties);
      cells[i] = cell;
      var k = this.cellIndex[cell.name];
      entities[k] += 1;
      var pop = d.places.population[i];
      if (known(pop)) residents[k] += pop;
    }
    this.cells = cells;
    var totalResidents = residents.reduce(function (a, b) { return a + b; }, 0);
    this.countRows.forEach(function (row, k) {
      row.entities.textContent = integer.format(entities[k]);
      row.population.textContent = integer.format(residents[k]);
      row.share.textContent = totalResidents ? percent.format(residents[k] / totalResidents) : "—";
      row.row.setAttribute("data-entities", String(entities[k]));
      row.row.setAttribute("data-population", String(residents[k]));
    });
    var atRule = this.xcut === spec.xcut && this.ycut === spec.ycut;
    var text = this.t(atRule ? "at_rule" : "at_chosen", {
      spec: spec.label,
      counts: d.cells.map(function (cell, k) { return cell.label + " " + integer.format(entities[k]); }).join(", "),
    });
    var status = this.status;
    // Announced once the reader stops moving a slider, not at every step.
    window.clearTimeout(this.statusTimer);
    this.statusTimer = window.setTimeout(function () { status.textContent = text; }, status.textContent ? 500 : 0);
  };

  /* ---------------------------------------------------------------- scatter */

  Explorer.prototype.drawScatter = function () {
    var d = this.data;
    var self = this;
    var box = this.scatter;
    while (box.firstChild) box.removeChild(box.firstChild);
    var width = Math.max(box.clientWidth || 320, 240);
    var height = Math.round(Math.min(440, Math.max(260, width * 0.72)));
    var margin = { top: 10, right: 12, bottom: 30, left: 46 };
    var xs = [];
    var ys = [];
    for (var i = 0; i < this.n; i++) {
      if (known(this.x[i]) && known(this.y[i])) {
        xs.push(this.x[i]);
        ys.push(this.y[i]);
      }
    }
    var x0 = Math.min.apply(null, xs);
    var x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys);
    var y1 = Math.max.apply(null, ys);
    var padX = (x1 - x0) * 0.03 || 0.5;
    var padY = (y1 - y0) * 0.03 || 0.5;
    x0 -= padX; x1 += padX; y0 -= padY; y1 += padY;
    var plotW = width - margin.left - margin.right;
    var plotH = height - margin.top - margin.bottom;
    this.sx = function (v) { return margin.left + ((v - x0) / (x1 - x0)) * plotW; };
    this.sy = function (v) { return margin.top + plotH - ((v - y0) / (y1 - y0)) * plotH; };
    this.plot = { x0: margin.left, x1: margin.left + plotW, y0: margin.top, y1: margin.top + plotH };
    var spec = this.current;
    var root = svg("svg", {
      width: width,
      height: height,
      viewBox: "0 0 " + width + " " + height,
      role: "img",
      "aria-label": this.t("scatter_label", { x: d.centrality[spec.centrality], y: d.connection[spec.connection] }),
    });
    var axes = svg("g", { class: "explorer-axes" });
    ticks(x0, x1, Math.max(3, Math.floor(plotW / 70))).forEach(function (t) {
      var px = self.sx(t);
      axes.appendChild(svg("line", { x1: px, x2: px, y1: self.plot.y0, y2: self.plot.y1, class: "explorer-grid" }));
      axes.appendChild(svg("text", { x: px, y: self.plot.y1 + 16, "text-anchor": "middle" }, formatScore(t)));
    });
    ticks(y0, y1, Math.max(3, Math.floor(plotH / 50))).forEach(function (t) {
      var py = self.sy(t);
      axes.appendChild(svg("line", { x1: self.plot.x0, x2: self.plot.x1, y1: py, y2: py, class: "explorer-grid" }));
      axes.appendChild(svg("text", { x: self.plot.x0 - 5, y: py + 4, "text-anchor": "end" }, formatScore(t)));
    });
    root.appendChild(axes);
    var pops = d.places.population.filter(known);
    var biggest = Math.max.apply(null, pops.concat([1]));
    var order = [];
    for (var j = 0; j < this.n; j++) if (known(this.x[j]) && known(this.y[j])) order.push(j);
    order.sort(function (a, b) { return (d.places.population[b] || 0) - (d.places.population[a] || 0); });
    var dots = svg("g", { class: "explorer-dots" });
    dots.addEventListener("click", function (event) {
      var k = event.target.getAttribute("data-k");
      if (k !== null) self.select(Number(k));
    });
    this.dots = {};
    order.forEach(function (k) {
      var pop = d.places.population[k] || 0;
      var dot = svg("circle", {
        cx: self.sx(self.x[k]).toFixed(1),
        cy: self.sy(self.y[k]).toFixed(1),
        r: (1.8 + 9 * Math.sqrt(pop / biggest)).toFixed(1),
        "data-k": k,
      });
      dot.appendChild(svg("title", null, d.places.name[k]));
      dots.appendChild(dot);
      self.dots[k] = dot;
    });
    root.appendChild(dots);
    this.cutLines = {
      x: svg("line", { class: "explorer-cut-line", y1: this.plot.y0, y2: this.plot.y1 }),
      y: svg("line", { class: "explorer-cut-line", x1: this.plot.x0, x2: this.plot.x1 }),
    };
    root.appendChild(this.cutLines.x);
    root.appendChild(this.cutLines.y);
    this.quadrants = svg("g", { class: "explorer-quadrants" });
    root.appendChild(this.quadrants);
    this.marks = svg("g", { class: "explorer-marks" });
    root.appendChild(this.marks);
    box.appendChild(root);
    this.recolourScatter();
  };

  Explorer.prototype.recolourScatter = function () {
    if (!this.dots) return;
    var self = this;
    Object.keys(this.dots).forEach(function (k) {
      self.dots[k].setAttribute("fill", self.cells[k].colour);
    });
    var px = this.sx(this.xcut);
    var py = this.sy(this.ycut);
    var visibleX = known(this.xcut) && px >= this.plot.x0 && px <= this.plot.x1;
    var visibleY = known(this.ycut) && py >= this.plot.y0 && py <= this.plot.y1;
    this.cutLines.x.setAttribute("x1", px);
    this.cutLines.x.setAttribute("x2", px);
    this.cutLines.x.style.display = visibleX ? "" : "none";
    this.cutLines.y.setAttribute("y1", py);
    this.cutLines.y.setAttribute("y2", py);
    this.cutLines.y.style.display = visibleY ? "" : "none";
    var q = this.quadrants;
    while (q.firstChild) q.removeChild(q.firstChild);
    var plot = this.plot;
    [[true, true], [false, true], [true, false], [false, false]].forEach(function (pair) {
      var cell = self.cellByPair[pair[0] + "/" + pair[1]];
      if (!cell) return;
      var left = pair[0];
      var top = pair[1];
      var text = svg("text", {
        x: left ? plot.x0 + 4 : plot.x1 - 4,
        y: top ? plot.y0 + 13 : plot.y1 - 6,
        "text-anchor": left ? "start" : "end",
        class: "explorer-quadrant",
      }, cell.name);
      q.appendChild(text);
    });
    this.drawMarks();
  };

  /* Rings for Saint-Camille (always) and the selected place, on the scatter. */
  Explorer.prototype.drawMarks = function () {
    var m = this.marks;
    if (!m) return;
    while (m.firstChild) m.removeChild(m.firstChild);
    var self = this;
    [this.data.highlight, this.selected].forEach(function (k, i) {
      if (!known(k) || !known(self.x[k]) || !known(self.y[k])) return;
      if (i === 1 && k === self.data.highlight) return;
      var cx = self.sx(self.x[k]);
      var cy = self.sy(self.y[k]);
      m.appendChild(svg("circle", { cx: cx, cy: cy, r: 7, class: i === 0 ? "explorer-ring" : "explorer-ring explorer-ring-selected" }));
      var right = cx < (self.plot.x0 + self.plot.x1) / 2;
      m.appendChild(svg("text", { x: right ? cx + 10 : cx - 10, y: cy - 8, "text-anchor": right ? "start" : "end", class: "explorer-label" }, self.data.places.name[k]));
    });
  };

  /* ---------------------------------------------------------------- map */

  Explorer.prototype.buildMap = function () {
    if (!window.L) return null;
    var d = this.data;
    var self = this;
    var map = L.map(this.mapNode, { preferCanvas: true, attributionControl: false, zoomControl: false, zoomSnap: 0.25 });
    L.control.zoom({ zoomInTitle: this.t("zoom_in"), zoomOutTitle: this.t("zoom_out") }).addTo(map);
    var renderer = L.canvas({ padding: 0.2 });
    var grid = d.grid;
    var bounds = L.latLngBounds([]);
    [["mrc", { color: "#8a8a8a", weight: 0.6 }], ["region", { color: "#333333", weight: 1.3 }]].forEach(function (layer) {
      var features = d.outlines[layer[0]] || [];
      features.forEach(function (rings) {
        var lines = rings.map(function (ring) { return decodeRing(ring, grid); });
        var line = L.polyline(lines, L.extend({ renderer: renderer, interactive: false, fill: false }, layer[1])).addTo(map);
        bounds.extend(line.getBounds());
      });
    });
    var pops = d.places.population.filter(known);
    var biggest = Math.max.apply(null, pops.concat([1]));
    this.markers = [];
    for (var i = 0; i < this.n; i++) {
      var lat = d.places.lat[i];
      var lon = d.places.lon[i];
      if (!known(lat) || !known(lon)) {
        this.markers.push(null);
        continue;
      }
      var pop = d.places.population[i] || 0;
      var marker = L.circleMarker([lat, lon], {
        renderer: renderer,
        radius: 2.2 + 9 * Math.sqrt(pop / biggest),
        weight: 0.5,
        color: "#ffffff",
        fillOpacity: 0.9,
        fillColor: "#999999",
      });
      marker.bindTooltip(this.tooltip(i));
      marker.on("click", this.select.bind(this, i));
      marker.addTo(map);
      bounds.extend([lat, lon]);
      this.markers.push(marker);
    }
    this.provinceBounds = bounds;
    this.ring = L.layerGroup().addTo(map);
    map.fitBounds([[d.south[1], d.south[0]], [d.south[3], d.south[2]]]);
    return map;
  };

  Explorer.prototype.tooltip = function (i) {
    var d = this.data;
    return function () {
      var span = document.createElement("span");
      span.textContent = d.places.name[i];
      return span;
    };
  };

  Explorer.prototype.recolourMap = function () {
    if (!this.map) return;
    for (var i = 0; i < this.n; i++) {
      if (this.markers[i]) this.markers[i].setStyle({ fillColor: this.cells[i].colour });
    }
    this.drawMapMarks();
  };

  Explorer.prototype.drawMapMarks = function () {
    if (!this.map) return;
    var d = this.data;
    var self = this;
    this.ring.clearLayers();
    [d.highlight, this.selected].forEach(function (k, i) {
      if (!known(k) || !self.markers[k]) return;
      if (i === 1 && k === d.highlight) return;
      var where = self.markers[k].getLatLng();
      var ring = L.circleMarker(where, { radius: 9, color: i === 0 ? "#000000" : "#7a0177", weight: 2, fill: false, interactive: false });
      ring.bindTooltip(self.tooltip(k), { permanent: i === 1, direction: "right", offset: [8, 0] });
      self.ring.addLayer(ring);
    });
  };

  Explorer.prototype.fitSouth = function () {
    var s = this.data.south;
    if (this.map) this.map.fitBounds([[s[1], s[0]], [s[3], s[2]]]);
  };

  Explorer.prototype.fitProvince = function () {
    if (this.map && this.provinceBounds.isValid()) this.map.fitBounds(this.provinceBounds);
  };

  Explorer.prototype.zoomToSelected = function () {
    var k = this.selected;
    if (this.map && known(k) && this.markers[k]) this.map.setView(this.markers[k].getLatLng(), 10);
  };

  /* ---------------------------------------------------------------- search and the place card */

  Explorer.prototype.search = function () {
    var query = fold(this.searchInput.value);
    var list = this.results;
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!query) return;
    var exact = [];
    var starts = [];
    var contains = [];
    this.folded.forEach(function (name, i) {
      if (name === query) exact.push(i);
      else if (name.indexOf(query) === 0) starts.push(i);
      else if (name.indexOf(" " + query) > 0 || name.indexOf(query) > 0) contains.push(i);
    });
    var folded = this.folded;
    var shorter = function (a, b) { return folded[a].length - folded[b].length || folded[a].localeCompare(folded[b]); };
    starts.sort(shorter);
    contains.sort(shorter);
    var d = this.data;
    var found = exact.concat(starts, contains);
    var self = this;
    found.slice(0, 8).forEach(function (i) {
      var item = el("li");
      var region = known(d.places.region[i]) ? d.regions[d.places.region[i]] : "";
      var mrc = known(d.places.mrc[i]) ? d.mrcs[d.places.mrc[i]] : "";
      var where = [mrc, region].filter(Boolean).join(", ");
      var button = el("button", { type: "button", class: "explorer-result", "data-index": String(i) }, d.places.name[i] + (where ? " (" + where + ")" : ""));
      button.addEventListener("click", function () { self.select(i); });
      item.appendChild(button);
      list.appendChild(item);
    });
    if (!found.length) list.appendChild(el("li", { class: "explorer-none" }, this.t("none")));
    else if (found.length > 8) {
      var more = found.length - 8;
      list.appendChild(el("li", { class: "explorer-none" }, this.t("more", { count: integer.format(more) }, more)));
    }
  };

  Explorer.prototype.select = function (i) {
    this.selected = i;
    this.toPlace.removeAttribute("disabled");
    this.showCard();
    this.drawMarks();
    this.drawMapMarks();
  };

  Explorer.prototype.showCard = function () {
    var card = this.card;
    var k = this.selected;
    while (card.firstChild) card.removeChild(card.firstChild);
    if (!known(k)) return;
    var d = this.data;
    var self = this;
    card.setAttribute("data-csd", d.places.csd[k]);
    card.appendChild(el("h3", null, d.places.name[k]));
    var facts = el("dl", { class: "explorer-facts" });
    function fact(term, value) {
      facts.appendChild(el("dt", null, term));
      facts.appendChild(el("dd", null, value));
    }
    fact(this.t("csd"), d.places.csd[k]);
    fact(this.t("mrc"), known(d.places.mrc[k]) ? d.mrcs[d.places.mrc[k]] : "—");
    fact(this.t("region"), known(d.places.region[k]) ? d.regions[d.places.region[k]] : "—");
    fact(this.t("population"), known(d.places.population[k]) ? integer.format(d.places.population[k]) : "—");
    // Every score the specifications use, centrality measures first, each once.
    ["centrality", "connection"].forEach(function (axis) {
      var seen = {};
      d.specs.forEach(function (s) {
        var name = s[axis];
        var index = s[axis === "centrality" ? "x" : "y"];
        if (seen[name] === index) return;
        seen[name] = index;
        var title = self.t(axis + "_score", { name: d.names[axis][name] || name });
        fact(title, formatScore(d.scores[index][k]) + " — " + d[axis][name]);
      });
    });
    card.appendChild(facts);
    var now = this.cells[k];
    var current = el("p", { class: "explorer-now" });
    current.appendChild(document.createTextNode(this.t("now") + " "));
    current.appendChild(el("strong", { "data-cell": now.name }, now.label));
    card.appendChild(current);
    var table = el("table", { class: "explorer-specs" });
    table.appendChild(el("caption", null, this.t("book_cells")));
    var head = el("tr");
    ["specification", "cell"].forEach(function (key) { head.appendChild(el("th", { scope: "col" }, self.t(key))); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    d.specs.filter(function (s) { return s.book; }).forEach(function (s) {
      var cell = self.cellOf(d.scores[s.x][k], d.scores[s.y][k], s.xcut, s.ycut, s.ties);
      var row = el("tr", { "data-spec": s.key, "data-cell": cell.name });
      row.appendChild(el("th", { scope: "row" }, s.label));
      var td = el("td");
      var swatch = el("span", { class: "explorer-swatch", "aria-hidden": "true" });
      swatch.style.background = cell.colour;
      td.appendChild(swatch);
      td.appendChild(document.createTextNode(cell.label));
      row.appendChild(td);
      body.appendChild(row);
    });
    table.appendChild(body);
    var wrap = el("div", { class: "explorer-table-wrap" });
    wrap.appendChild(table);
    card.appendChild(wrap);
  };

  /* ---------------------------------------------------------------- start */

  /* The page's message for an explorer that could not start (English when even the data cannot be read). */
  function failure(root) {
    try {
      return JSON.parse(root.querySelector("script.explorer-data").textContent).text.failed;
    } catch (error) {
      return "The explorer could not start: {error}";
    }
  }

  function start() {
    var roots = document.querySelectorAll("[data-explorer]");
    Array.prototype.forEach.call(roots, function (root) {
      if (root.getAttribute("data-ready")) return;
      root.setAttribute("data-ready", "true");
      root.dataset.startMs = String(Math.round(window.performance.now()));
      try {
        new Explorer(root);
      } catch (error) {
        root.appendChild(el("p", { class: "explorer-error", role: "alert" }, fill(failure(root), { error: error.message })));
        throw error;
      }
      window.requestAnimationFrame(function () {
        window.requestAnimationFrame(function () {
          root.dataset.drawnMs = String(Math.round(window.performance.now()));
          root.dataset.drawn = "true";
        });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
