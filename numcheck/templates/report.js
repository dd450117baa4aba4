// numcheck HTML report: sorts, filters and pages the findings table, opens the card or article a link
// points to. Everything it touches is already in the page: without it every row and card still shows.
// A collapsed card or article holds its body as the markup inside a <noscript>, which a browser running
// this script keeps as one text node (parsing thousands of closed cards was most of a large page's
// load); opening it makes that markup the body, parsed inert (a <template>) as the page itself would be.
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var selects = Array.prototype.slice.call(document.querySelectorAll("#filters select"));
  var pageSize = parseInt(table.getAttribute("data-page-size"), 10) || 100;
  var page = 0;
  var matching = rows;
  var severityRank = {error: 0, warning: 1, info: 2};

  // A cell as the filters see it; the article cell ends in ":LINE".
  function cellValue(row, column) {
    var text = row.cells[column].textContent;
    return column === 3 ? text.replace(/:\d+$/, "") : text;
  }

  function apply() {
    var wanted = selects.map(function (s) { return [parseInt(s.getAttribute("data-column"), 10), s.value]; })
      .filter(function (kv) { return kv[1] !== ""; });
    matching = rows.filter(function (r) {
      return wanted.every(function (kv) { return cellValue(r, kv[0]) === kv[1]; });
    });
    var pages = Math.max(1, Math.ceil(matching.length / pageSize));
    page = Math.min(page, pages - 1);
    var first = page * pageSize, last = Math.min(first + pageSize, matching.length);
    rows.forEach(function (r) { r.classList.remove("on"); });
    for (var i = first; i < last; i++) { matching[i].classList.add("on"); }
    document.getElementById("shown").textContent = matching.length === rows.length
      ? rows.length + " findings" : matching.length + " of " + rows.length + " findings";
    document.getElementById("page-label").textContent = matching.length
      ? "Rows " + (first + 1) + "–" + last + " of " + matching.length : "No finding matches";
    document.getElementById("prev").disabled = page === 0;
    document.getElementById("next").disabled = page >= pages - 1;
  }

  function sortKey(row, col, type) {
    var text = row.cells[col].textContent;
    if (type === "severity") { return severityRank[text]; }
    if (type === "num") { return text === "" ? -Infinity : parseFloat(text); }
    return text.toLowerCase();
  }

  function sortBy(th) {
    var col = th.cellIndex;
    var type = th.querySelector("button").getAttribute("data-type");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var keyed = rows.map(function (r, i) { return [sortKey(r, col, type), i, r]; });
    keyed.sort(function (a, b) {
      var order = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1];
      return ascending ? order : -order;
    });
    rows = keyed.map(function (k) { return k[2]; });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) { fragment.appendChild(r); });
    body.appendChild(fragment);
    page = 0;
    apply();
  }

  function showBody(details) {
    var held = details.querySelector(":scope > noscript.body");
    if (!held) { return; }
    var parsed = document.createElement("template");
    parsed.innerHTML = held.textContent;
    held.replaceWith(parsed.content);
  }

  function openTarget(hash) {
    var target = hash && hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
    if (target && target.tagName === "DETAILS") {
      showBody(target);
      target.open = true;
    }
  }

  function setCards(open) {
    Array.prototype.forEach.call(document.querySelectorAll("details.card"), function (d) { d.open = open; });
  }

  // "toggle" does not bubble: caught on its way down. A details opened by its summary shows its body here.
  document.addEventListener("toggle", function (e) { if (e.target.open) { showBody(e.target); } }, true);
  selects.forEach(function (s) { s.addEventListener("change", function () { page = 0; apply(); }); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.querySelector("button").addEventListener("click", function () { sortBy(th); });
  });
  document.getElementById("prev").addEventListener("click", function () { page -= 1; apply(); });
  document.getElementById("next").addEventListener("click", function () { page += 1; apply(); });
  document.getElementById("open-all").addEventListener("click", function () { setCards(true); });
  document.getElementById("close-all").addEventListener("click", function () { setCards(false); });
  // A link to a collapsed card or article opens it before the browser scrolls there.
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a[href^='#']") : null;
    if (link) { openTarget(link.getAttribute("href")); }
  });
  window.addEventListener("hashchange", function () { openTarget(location.hash); });
  ["filters", "pager"].forEach(function (id) { document.getElementById(id).hidden = false; });
  document.querySelector(".toolbar").hidden = false;
  openTarget(location.hash);
  apply();
})();
