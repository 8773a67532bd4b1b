(function () {
  "use strict";
  // Index page: filter rows by any text in them.
  var filter = document.getElementById("filter");
  if (filter) {
    filter.addEventListener("input", function () {
      var needle = filter.value.toLowerCase();
      document.querySelectorAll("tbody tr").forEach(function (row) {
        row.classList.toggle("hidden", needle !== "" && row.textContent.toLowerCase().indexOf(needle) === -1);
      });
    });
  }
  var dataNode = document.getElementById("report-data");
  if (!dataNode) { return; }
  var data = JSON.parse(dataNode.textContent);
  var accepted = {};
  var changes = Array.prototype.slice.call(document.querySelectorAll("#doc .change"));
  var current = -1;
  var status = document.getElementById("status");

  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }
  function updateStatus() {
    var total = changes.length, yes = 0;
    Object.keys(accepted).forEach(function (n) { if (accepted[n]) { yes += 1; } });
    status.textContent = yes + " of " + total + " changes accepted";
  }
  function setChange(n, ok) {
    accepted[n] = ok;
    each('[data-n="' + n + '"]', function (el) { el.classList.toggle("rejected", !ok); });
    each('input.accept[data-n="' + n + '"]', function (box) { box.checked = ok; });
    updateStatus();
  }
  each("input.accept", function (box) {
    accepted[box.dataset.n] = box.checked;
    box.addEventListener("change", function () { setChange(box.dataset.n, box.checked); });
  });
  function cleanedText() {
    return data.segments.map(function (s) {
      if (s.kind === "equal") { return s.old; }
      return accepted[String(s.n)] ? s.new : s.old;
    }).join("");
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
  document.getElementById("next").addEventListener("click", function () { go(1); });
  document.getElementById("prev").addEventListener("click", function () { go(-1); });
  document.getElementById("view-inline").addEventListener("click", function () { view(false); });
  document.getElementById("view-side").addEventListener("click", function () { view(true); });
  document.getElementById("accept-all").addEventListener("click", function () {
    Object.keys(accepted).forEach(function (n) { setChange(n, true); });
  });
  document.getElementById("reject-all").addEventListener("click", function () {
    Object.keys(accepted).forEach(function (n) { setChange(n, false); });
  });
  document.getElementById("show-folds").addEventListener("click", function () {
    each("details.fold", function (d) { d.open = true; });
  });
  document.getElementById("download").addEventListener("click", function () {
    var blob = new Blob([cleanedText()], { type: "text/plain;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = data.file.replace(/(\.[^.]*)?$/, ".cleaned$1");
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  document.addEventListener("keydown", function (event) {
    if (event.target && (event.target.tagName === "INPUT" || event.target.tagName === "TEXTAREA")) { return; }
    if (event.key === "n" || event.key === "j") { go(1); }
    else if (event.key === "p" || event.key === "k") { go(-1); }
    else if ((event.key === "a" || event.key === "r") && current >= 0) { setChange(changes[current].dataset.n, event.key === "a"); }
  });
  view(false);
  updateStatus();
})();
