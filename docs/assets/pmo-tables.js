/* PMO Hub tables: sort and filter every table[data-pmo-table] in the browser.

   Progressive enhancement: the HTML table is complete without this script; the script only
   adds sort buttons to the column headers and a filter bar above the table, in space that
   pmo.css holds for them, so nothing on the page moves when they appear. No dependency,
   nothing loaded from outside the site (the hub runs on an offline intranet).

   - Sort: each header gets a real <button>; the <th> carries aria-sort. The sort key of a cell
     is its data-value, else the data-value (or <time datetime>) of an element inside it, else
     its text. Keys compare as numbers when both are numeric. Empty cells sort last in either
     direction. The sort is stable: equal keys keep their original order.
   - Filter: a text box (every word must appear in the row) plus one select per row attribute
     data-programme, data-stage and data-rag that has at least two distinct values.
     "Showing N of M rows" is announced in a live region.
   - State lives in the query string (?filter=words&programme=...&rag=red&sort=forecast-desc;
     a second table on the page uses t2.filter, t2.sort and so on), so a shared link opens the
     same view. Material's own parameters (q, h) and the #anchor are left alone.
   - Works with and without Material's instant navigation (document$). */
(function () {
  "use strict";

  var FILTERS = [
    { key: "programme", label: "Programme" },
    { key: "stage", label: "Stage" },
    { key: "rag", label: "RAG" }
  ];
  var NONE = "-";  // option value for rows whose attribute is empty (e.g. no programme)
  var counter = 0;

  function clean(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  function slug(text) {
    return clean(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function numeric(text) {
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) { return null; }
    return parseFloat(text);
  }

  /* The sort key of a cell: data-value, an inner data-value or datetime, else the text. */
  function cellKey(cell) {
    if (!cell) { return ""; }
    if (cell.hasAttribute("data-value")) { return cell.getAttribute("data-value"); }
    var inner = cell.querySelector("[data-value], time[datetime]");
    if (inner) {
      return inner.getAttribute("data-value") || inner.getAttribute("datetime") || "";
    }
    var text = clean(cell.textContent);
    return text === "–" || text === "—" ? "" : text;
  }

  function compareKeys(a, b) {
    var x = numeric(a), y = numeric(b);
    if (x !== null && y !== null) { return x - y; }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  /* The query-string prefix of a table: none for the first on the page, "t2." and so on after. */
  function prefixFor(index) {
    return index === 0 ? "" : "t" + (index + 1) + ".";
  }

  function readState(prefix) {
    var params = new URLSearchParams(window.location.search);
    var state = { text: params.get(prefix + "filter") || "", sort: params.get(prefix + "sort") || "" };
    FILTERS.forEach(function (f) { state[f.key] = params.get(prefix + f.key) || ""; });
    return state;
  }

  function writeState(prefix, state) {
    var url = new URL(window.location.href);
    var params = url.searchParams;
    function put(name, value) {
      if (value) { params.set(prefix + name, value); } else { params.delete(prefix + name); }
    }
    put("filter", state.text);
    FILTERS.forEach(function (f) { put(f.key, state[f.key]); });
    put("sort", state.sort);
    if (url.href !== window.location.href) {
      window.history.replaceState(window.history.state, "", url.href);
    }
  }

  /* Option label for an attribute value: the text of the matching badge in the row
     (class pmo-<key>--<value>), else the cell under a header named like the filter. */
  function optionLabel(row, filter, value, column) {
    if (value === NONE) { return "None"; }
    var badge = row.querySelector(".pmo-" + filter.key + "--" + CSS.escape(value));
    if (badge) { return clean(badge.textContent); }
    if (column >= 0 && row.cells[column]) {
      var text = clean(row.cells[column].textContent);
      if (text && text !== "–") { return text; }
    }
    return value;
  }

  function optionOrder(row, filter, value) {
    var badge = row.querySelector(".pmo-" + filter.key + "--" + CSS.escape(value));
    var order = badge ? numeric(badge.getAttribute("data-value") || "") : null;
    return order === null ? Infinity : order;
  }

  function enhance(table, index) {
    if (table.hasAttribute("data-pmo-enhanced")) { return; }
    table.setAttribute("data-pmo-enhanced", "");
    var id = table.id || "pmo-table-" + (++counter);
    table.id = id;
    var prefix = prefixFor(index);
    var headerRow = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1] : null;
    var headers = headerRow ? Array.prototype.slice.call(headerRow.cells) : [];
    var bodies = Array.prototype.slice.call(table.tBodies);
    var rows = [];
    bodies.forEach(function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        row.setAttribute("data-pmo-index", String(rows.length));
        rows.push(row);
      });
    });
    var state = readState(prefix);

    /* ---- filter bar ---- */
    var bar = document.createElement("div");
    bar.className = "pmo-filter";
    bar.setAttribute("role", "search");
    bar.setAttribute("aria-label", "Filter " + clean(table.caption ? table.caption.textContent : "table"));

    /* A label beside (not around) its control, so the control's name is the label alone. */
    function field(control, text) {
      var wrap = document.createElement("div");
      wrap.className = "pmo-filter__field";
      var label = document.createElement("label");
      label.setAttribute("for", control.id);
      label.textContent = text;
      wrap.appendChild(label);
      wrap.appendChild(control);
      bar.appendChild(wrap);
    }

    var textInput = document.createElement("input");
    textInput.type = "search";
    textInput.id = id + "-filter";
    textInput.placeholder = "Words in any column";
    textInput.autocomplete = "off";
    textInput.value = state.text;
    field(textInput, "Filter");

    var selects = [];
    FILTERS.forEach(function (filter) {
      var attr = "data-" + filter.key;
      var column = headers.findIndex(function (th) { return slug(th.textContent) === filter.key; });
      var seen = {};
      var options = [];
      rows.forEach(function (row) {
        if (!row.hasAttribute(attr)) { return; }
        var value = row.getAttribute(attr) || NONE;
        if (seen[value]) { return; }
        seen[value] = true;
        options.push({ value: value, label: optionLabel(row, filter, value, column), order: optionOrder(row, filter, value) });
      });
      if (options.length < 2) { return; }
      options.sort(function (a, b) {
        if (a.value === NONE || b.value === NONE) { return a.value === NONE ? 1 : -1; }
        return a.order - b.order || a.label.localeCompare(b.label);
      });
      var select = document.createElement("select");
      select.id = id + "-" + filter.key;
      select.setAttribute("data-pmo-filter", filter.key);
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "All";
      select.appendChild(all);
      options.forEach(function (o) {
        var option = document.createElement("option");
        option.value = o.value;
        option.textContent = o.label;
        select.appendChild(option);
      });
      select.value = seen[state[filter.key]] ? state[filter.key] : "";
      field(select, filter.label);
      selects.push({ filter: filter, select: select });
    });

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "pmo-filter__reset md-button";
    reset.textContent = "Clear filters";
    bar.appendChild(reset);

    var status = document.createElement("p");
    status.className = "pmo-filter__count";
    status.id = id + "-count";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    bar.appendChild(status);

    // Into the space pmo.css holds at the top of the table's wrapper while scripts are on: the
    // table and the wrapper stay where they were painted (no layout shift).
    var wrap = table.closest(".pmo-table-wrap");
    if (wrap) { wrap.insertBefore(bar, wrap.firstChild); } else { table.parentNode.insertBefore(bar, table); }

    /* ---- sort buttons ---- */
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pmo-sort";
      if (th.querySelector("a, button, input, select, textarea")) {
        // A header that holds a link keeps it (no link inside a button): the sort button
        // follows it, named for the column.
        button.setAttribute("aria-label", "Sort by " + clean(th.textContent));
      } else {
        while (th.firstChild) { button.appendChild(th.firstChild); }
      }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        sortBy(column, current === "ascending" ? "descending" : "ascending");
        save();
      });
    });
    var sortState = { column: -1, direction: "" };

    function sortBy(column, direction) {
      headers.forEach(function (th, i) {
        if (i === column) { th.setAttribute("aria-sort", direction); } else { th.removeAttribute("aria-sort"); }
      });
      sortState = { column: column, direction: direction };
      var sign = direction === "descending" ? -1 : 1;
      bodies.forEach(function (body) {
        var list = Array.prototype.slice.call(body.rows).map(function (row) {
          return { row: row, key: cellKey(row.cells[column]), index: +row.getAttribute("data-pmo-index") };
        });
        list.sort(function (a, b) {
          var emptyA = a.key === "", emptyB = b.key === "";
          if (emptyA !== emptyB) { return emptyA ? 1 : -1; }  // missing values last, both ways
          return (emptyA ? 0 : sign * compareKeys(a.key, b.key)) || a.index - b.index;
        });
        list.forEach(function (item) { body.appendChild(item.row); });
      });
    }

    function sortToken() {
      if (sortState.column < 0) { return ""; }
      var name = slug(headers[sortState.column].textContent) || String(sortState.column + 1);
      return sortState.direction === "descending" ? name + "-desc" : name;
    }

    function applyFilter() {
      var words = clean(textInput.value).toLowerCase().split(" ").filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = clean(row.textContent).toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        selects.forEach(function (s) {
          var wanted = s.select.value;
          if (wanted && (row.getAttribute("data-" + s.filter.key) || NONE) !== wanted) { match = false; }
        });
        // Only a change is written: on load nothing is filtered out, and 1000 unchanged rows
        // must not each invalidate the table's style.
        if (row.hidden === match) { row.hidden = !match; }
        if (match) { shown += 1; }
      });
      var active = words.length > 0 || selects.some(function (s) { return s.select.value; });
      status.textContent = "Showing " + shown + " of " + rows.length + " rows" + (active ? " (filtered)" : "");
      reset.hidden = !active;
      table.classList.toggle("pmo-table--filtered", active);
    }

    function save() {
      var next = { text: clean(textInput.value), sort: sortToken() };
      selects.forEach(function (s) { next[s.filter.key] = s.select.value; });
      writeState(prefix, next);
    }

    textInput.addEventListener("input", function () { applyFilter(); save(); });
    selects.forEach(function (s) {
      s.select.addEventListener("change", function () { applyFilter(); save(); });
    });
    reset.addEventListener("click", function () {
      textInput.value = "";
      selects.forEach(function (s) { s.select.value = ""; });
      applyFilter();
      save();
      textInput.focus();
    });

    /* Restore a shared view: ?sort=<column-name> or <column-name>-desc. */
    if (state.sort) {
      var descending = /-desc$/.test(state.sort);
      var name = state.sort.replace(/-desc$/, "");
      var column = headers.findIndex(function (th, i) {
        return slug(th.textContent) === name || String(i + 1) === name;
      });
      if (column >= 0) { sortBy(column, descending ? "descending" : "ascending"); }
    }
    applyFilter();
  }

  /* A table wider than its frame scrolls inside it; a keyboard user can only scroll what can take
     focus, so such a frame becomes a focusable region named by its table's caption (WCAG 2.1.1).
     Frames that fit stay out of the tab order. Checked again when the window is resized. */
  function reachScrollingFrames() {
    var frames = document.querySelectorAll(".pmo-table-wrap");
    Array.prototype.forEach.call(frames, function (frame) {
      var caption = frame.querySelector("caption");
      if (frame.scrollWidth > frame.clientWidth + 1) {
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
      } else if (frame.getAttribute("role") === "region") {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
      }
    });
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(reachScrollingFrames, 100);
  });

  /* With content.tooltips, Material mounts a tooltip on every [title] element of the page when
     the document has loaded, each watching its position on every scroll and resize: for the 2000
     exact amounts of a 1000-project table that is seconds of main-thread work at load (Lighthouse
     total blocking time 3.5 s), and the amounts of the demo's dashboard
     cost a quarter of a second. This script runs before that (Material mounts on
     DOMContentLoaded), so it parks each title of the page's content in data-pmo-title and gives
     it back when the pointer or focus reaches the element: the browser's own tooltip shows it.
     Abbreviations keep Material's tooltip: it is the glossary's, and shows on touch screens too;
     links and buttons keep their title: an icon's is its only name for a screen reader. */
  function deferTitles(container) {
    Array.prototype.forEach.call(container.querySelectorAll("[title]:not(abbr):not(a):not(button)"), function (el) {
      el.setAttribute("data-pmo-title", el.getAttribute("title"));
      el.removeAttribute("title");
    });
    function restore(event) {
      var el = event.target && event.target.closest ? event.target.closest("[data-pmo-title]") : null;
      if (el && !el.hasAttribute("title")) { el.setAttribute("title", el.getAttribute("data-pmo-title")); }
    }
    container.addEventListener("mouseover", restore);
    container.addEventListener("focusin", restore);
  }

  if (document.readyState === "loading") {
    Array.prototype.forEach.call(document.querySelectorAll(".md-content__inner"), deferTitles);
  }

  function init() {
    var tables = document.querySelectorAll("table[data-pmo-table]");
    Array.prototype.forEach.call(tables, function (table, index) { enhance(table, index); });
    reachScrollingFrames();
  }

  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  // Material: runs on first load and after each instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
