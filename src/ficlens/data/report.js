// ficlens report: tooltips for marked lines and the cast filter.
// Story text is only ever written with textContent, never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ficlens-data").textContent);
  var root = document.documentElement;
  var story = document.getElementById("story");
  var tip = document.getElementById("tip");
  var status = document.getElementById("status");
  var only = document.getElementById("only");
  var shown = null;
  var pinned = null;

  function names(list) {
    if (!list.length) { return null; }
    return list.map(function (k) { return data.cast[k].name; }).join(", ");
  }

  function lineOf(element) {
    var target = element && element.closest ? element.closest(".s[id]") : null;
    if (!target || target.id.charAt(0) !== "l") { return null; }
    return target;
  }

  function add(parent, tag, text) {
    var node = document.createElement(tag);
    node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  function show(element) {
    var line = data.lines[Number(element.id.slice(1))];
    if (!line) { return; }
    tip.textContent = "";
    var who = names(line.speakers) || "unknown speaker";
    var to = names(line.addressees);
    add(tip, "b", who + (to ? " → " + to : ""));
    add(tip, "div", line.kind + (line.confidence === null ? "" :
      " · confidence " + line.confidence.toFixed(2)));
    if (line.rule) {
      add(tip, "div", line.rule + (line.evidence ? ": “" + line.evidence + "”" : ""));
    }
    tip.hidden = false;
    var box = element.getBoundingClientRect();
    var left = Math.min(box.left, window.innerWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(4, left + window.scrollX) + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
    if (shown && shown !== element) { shown.removeAttribute("aria-describedby"); }
    element.setAttribute("aria-describedby", "tip");
    shown = element;
  }

  function hide() {
    tip.hidden = true;
    if (shown) { shown.removeAttribute("aria-describedby"); }
    shown = null;
    pinned = null;
  }

  story.addEventListener("mouseover", function (event) {
    var line = lineOf(event.target);
    if (line && !pinned) { show(line); }
  });
  story.addEventListener("mouseout", function (event) {
    if (lineOf(event.target) && !pinned) { hide(); }
  });
  story.addEventListener("focusin", function (event) {
    var line = lineOf(event.target);
    if (line) { show(line); }
  });
  story.addEventListener("focusout", hide);
  story.addEventListener("click", function (event) {
    var line = lineOf(event.target);
    if (!line) { hide(); return; }
    if (pinned === line) { hide(); return; }
    show(line);
    pinned = line;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });

  var current = null;
  function clearFilter() {
    Array.prototype.forEach.call(story.querySelectorAll(".hit"), function (node) {
      node.classList.remove("hit");
    });
    Array.prototype.forEach.call(story.querySelectorAll(".has-hit"), function (node) {
      node.classList.remove("has-hit");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".who[aria-pressed=true]"),
      function (node) { node.setAttribute("aria-pressed", "false"); });
    root.classList.remove("filtering");
    root.classList.remove("only-hits");
    status.textContent = "";
    current = null;
  }

  function filter(k, button) {
    clearFilter();
    var hits = story.querySelectorAll(".k" + k);
    Array.prototype.forEach.call(hits, function (node) {
      node.classList.add("hit");
      var block = node.closest("p, h2");
      if (block) { block.classList.add("has-hit"); }
    });
    button.setAttribute("aria-pressed", "true");
    root.classList.add("filtering");
    root.classList.toggle("only-hits", only.checked);
    status.textContent = data.cast[k].name + ": " + hits.length + " lines highlighted";
    current = k;
  }

  document.querySelector(".side").addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.who") : null;
    if (!button) { return; }
    var k = Number(button.getAttribute("data-k"));
    if (current === k) { clearFilter(); } else { filter(k, button); }
  });
  only.addEventListener("change", function () {
    root.classList.toggle("only-hits", only.checked && current !== null);
  });

  root.setAttribute("data-ready", "1");
}());
