(function () {
  "use strict";
  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }
  function storageKey(run, path) { return "cleanup-review:" + run + ":" + path; }
  function load(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off: choices last until reload */ }
  }
  function saveFile(name, bytes, type) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([bytes], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  function exportDecisions(run, files) {
    var body = JSON.stringify({ cleanup_decisions: 1, run: run, files: files }, null, 1);
    saveFile("decisions-" + run + ".json", body, "application/json");
  }

  // Index page: filter rows, sort by any column, export every file's stored decisions.
  var filter = document.getElementById("filter");
  if (filter) {
    filter.addEventListener("input", function () {
      var needle = filter.value.toLowerCase();
      each("tbody tr", function (row) {
        row.classList.toggle("hidden", needle !== "" && row.textContent.toLowerCase().indexOf(needle) === -1);
      });
    });
    each("th[data-col]", function (th) {
      th.addEventListener("click", function () {
        var col = Number(th.dataset.col), body = document.querySelector("tbody");
        var down = th.dataset.dir !== "desc";
        each("th[data-col]", function (other) { delete other.dataset.dir; });
        th.dataset.dir = down ? "desc" : "asc";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].dataset.sort, y = b.cells[col].dataset.sort;
          var nx = Number(x), ny = Number(y);
          var cmp = (isNaN(nx) || isNaN(ny)) ? String(x).localeCompare(String(y)) : nx - ny;
          return down ? -cmp : cmp;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  var indexData = document.getElementById("index-data");
  if (indexData) {
    var index = JSON.parse(indexData.textContent);
    document.getElementById("export-all").addEventListener("click", function () {
      var files = [];
      index.files.forEach(function (entry) {
        var stored = load(storageKey(index.run, entry.path));
        if (stored) { files.push({ file: entry.path, sha256: entry.sha256, decisions: stored }); }
      });
      exportDecisions(index.run, files);
    });
  }

  var dataNode = document.getElementById("report-data");
  if (!dataNode) { return; }
  var data = JSON.parse(dataNode.textContent);
  var key = storageKey(data.run, data.path);
  var accepted = {};
  var ids = Object.keys(data.changes);
  var changes = Array.prototype.slice.call(document.querySelectorAll("#doc .change:not(.ws-change)"));
  var wsIds = Array.prototype.map.call(document.querySelectorAll("#doc .ws-change"), function (el) { return el.dataset.id; });
  var current = -1;
  var status = document.getElementById("status");
  var wsAll = document.getElementById("ws-all");

  function updateStatus() {
    var yes = ids.filter(function (id) { return accepted[id]; }).length;
    status.textContent = yes + " of " + ids.length + " changes accepted";
    if (wsAll) {
      var on = wsIds.filter(function (id) { return accepted[id]; }).length;
      wsAll.checked = on === wsIds.length;
      wsAll.indeterminate = on > 0 && on < wsIds.length;
    }
  }
  function show(id) {
    var ok = accepted[id];
    each('[data-id="' + id + '"]', function (el) {
      if (el.tagName === "INPUT") { el.checked = ok; } else { el.classList.toggle("rejected", !ok); }
    });
  }
  function setChange(id, ok) {
    accepted[id] = ok;
    show(id);
  }
  function commit() { save(key, accepted); updateStatus(); }
  var stored = load(key) || {};
  ids.forEach(function (id) {
    accepted[id] = Object.prototype.hasOwnProperty.call(stored, id) ? stored[id] === true : data.changes[id].on;
    show(id);
  });
  each("input.accept", function (box) {
    box.addEventListener("change", function () { setChange(box.dataset.id, box.checked); commit(); });
  });
  if (wsAll) {
    wsAll.addEventListener("click", function (event) { event.stopPropagation(); });
    wsAll.addEventListener("change", function () {
      wsIds.forEach(function (id) { setChange(id, wsAll.checked); });
      commit();
    });
  }
  each("button.accept-rule", function (button) {
    button.addEventListener("click", function () {
      ids.forEach(function (id) { if (data.changes[id].rules.indexOf(button.dataset.rule) !== -1) { setChange(id, true); } });
      commit();
    });
  });

  function cleanedText() {
    return data.pieces.map(function (p) {
      if (typeof p === "string") { return p; }
      var c = data.changes[p.id];
      return accepted[p.id] ? c.new : c.old;
    }).join("");
  }
  // The original's format: byte-order mark, line ending, and its codec (UTF-8, or a table of the bytes of
  // every character the text can hold, written by the report for this file).
  function encode(text, spec) {
    if (spec.newline && spec.newline !== "\n") { text = text.split("\n").join(spec.newline); }
    var body;
    if (spec.utf8) {
      body = new TextEncoder().encode(text);
    } else {
      var out = [];
      for (var ch of text) {
        var bytes = spec.table[ch];
        if (!bytes) { throw new Error("the character U+" + ch.codePointAt(0).toString(16).toUpperCase() + " cannot be written in this file's encoding"); }
        for (var i = 0; i < bytes.length; i += 1) { out.push(bytes[i]); }
      }
      body = new Uint8Array(out);
    }
    var result = new Uint8Array(spec.prefix.length + body.length);
    result.set(spec.prefix, 0);
    result.set(body, spec.prefix.length);
    return result;
  }
  function go(step) {
    if (!changes.length) { return; }
    if (current >= 0) { changes[current].classList.remove("current"); }
    current = (current + step + changes.length) % changes.length;
    var el = changes[current];
    el.classList.add("current");
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
    status.textContent = "change " + (current + 1) + " of " + changes.length + ": " + el.dataset.why;
  }
  function view(side) {
    document.body.classList.toggle("side", side);
    document.getElementById("view-side").classList.toggle("active", side);
    document.getElementById("view-inline").classList.toggle("active", !side);
  }
  function setAll(fn) { ids.forEach(function (id) { setChange(id, fn(id)); }); commit(); }
  document.getElementById("next").addEventListener("click", function () { go(1); });
  document.getElementById("prev").addEventListener("click", function () { go(-1); });
  document.getElementById("view-inline").addEventListener("click", function () { view(false); });
  document.getElementById("view-side").addEventListener("click", function () { view(true); });
  document.getElementById("accept-all").addEventListener("click", function () { setAll(function () { return true; }); });
  document.getElementById("reject-all").addEventListener("click", function () { setAll(function () { return false; }); });
  document.getElementById("defaults").addEventListener("click", function () { setAll(function (id) { return data.changes[id].on; }); });
  document.getElementById("show-folds").addEventListener("click", function () {
    each("details.fold", function (d) { d.open = true; });
  });
  document.getElementById("download").addEventListener("click", function () {
    var bytes;
    try { bytes = encode(cleanedText(), data.encoding); } catch (e) { status.textContent = "Not downloaded: " + e.message; return; }
    saveFile(data.file.replace(/(\.[^.]*)?$/, ".cleaned$1"), bytes, "application/octet-stream");
  });
  document.getElementById("export").addEventListener("click", function () {
    exportDecisions(data.run, [{ file: data.path, sha256: data.sha256, decisions: accepted }]);
  });
  document.addEventListener("keydown", function (event) {
    if (event.target && (event.target.tagName === "INPUT" || event.target.tagName === "TEXTAREA")) { return; }
    if (event.key === "n" || event.key === "j") { go(1); }
    else if (event.key === "p" || event.key === "k") { go(-1); }
    else if ((event.key === "a" || event.key === "r") && current >= 0) { setChange(changes[current].dataset.id, event.key === "a"); commit(); }
  });
  // A rule code opens that rule's text (`cleanup rule CODE`) further down the page.
  each("a.code", function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target && target.tagName === "DETAILS") { target.open = true; }
    });
  });
  view(false);
  updateStatus();
})();
