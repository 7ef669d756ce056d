// The reports' only script (allowed by its hash in the page's content policy; the page reads the same without
// it): a click on a column head sorts the table by that column, numbers as numbers, again to reverse; tables
// of more than ten rows get a filter box; printing opens every folded section.
(function () {
  "use strict";
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };
  var key = function (row, i) {
    var cell = row.cells[i];
    var text = cell ? (cell.getAttribute("data-sort") || cell.textContent).trim() : "";
    return /^-?\d+(\.\d+)?$/.test(text) ? parseFloat(text) : text.toLowerCase();
  };
  var order = function (x, y) {
    if (typeof x !== typeof y) { return typeof x === "number" ? -1 : 1; }
    return x < y ? -1 : x > y ? 1 : 0;
  };
  each(document.querySelectorAll("table"), function (table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead || !table.tHead.rows.length) { return; }
    var heads = table.tHead.rows[0].cells;
    each(heads, function (th, i) {
      th.tabIndex = 0;
      th.classList.add("sortable");
      th.title = "Sort by this column";
      var sort = function () {
        var up = th.getAttribute("aria-sort") !== "ascending";
        each(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) { var c = order(key(a, i), key(b, i)); return up ? c : -c; });
        each(rows, function (r) { body.appendChild(r); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
    if (body.rows.length > 10) {
      var box = document.createElement("input");
      box.type = "search";
      box.placeholder = "Filter rows";
      box.className = "filter noprint";
      box.setAttribute("aria-label", "Show only the rows containing");
      box.addEventListener("input", function () {
        var q = box.value.toLowerCase();
        each(body.rows, function (r) { r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0; });
      });
      table.parentNode.insertBefore(box, table);
    }
  });
  window.addEventListener("beforeprint", function () {
    each(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
})();
