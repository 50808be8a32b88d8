/* Recording in one step (issue 17, item 3). Progressive enhancement: without this file the
   kind list is a GET form ("Kies") and the checklist items are links, and both reload the
   page with the form pre-filled. With it, the same server-rendered record area is fetched
   (?deel=vastleggen) and swapped in place, so the kind's own fields appear without a reload.
   A static file, because the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var area = document.getElementById("record-area");
  if (!area || !window.fetch) { return; }
  var base = area.getAttribute("data-fragment-url");

  function load(query, focusFirst) {
    var url = base + "?" + query + (query ? "&" : "") + "deel=vastleggen";
    area.setAttribute("aria-busy", "true");
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        area.innerHTML = html;
        area.removeAttribute("aria-busy");
        enhance();
        if (history.replaceState) { history.replaceState(null, "", "?" + query + "#vastleggen"); }
        var target = area.querySelector(".error-summary, form.entry-form select, form.entry-form textarea, form.entry-form input:not([type=hidden])");
        if (focusFirst && target) {
          if (target.classList.contains("error-summary")) { target.setAttribute("tabindex", "-1"); }
          target.focus();
        }
      })
      .catch(function () { window.location.href = base + "?" + query + "#vastleggen"; });
  }

  function formQuery(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && (el.tagName === "SELECT" || el.type === "radio" && el.checked)) {
        if (el.value) { params.set(el.name, el.value); }
      }
    });
    return params.toString();
  }

  function enhance() {
    var picker = area.querySelector("form.kind-picker");
    if (picker) {
      var button = picker.querySelector("button[type=submit]");
      if (button) { button.hidden = true; }
      var select = picker.querySelector("select");
      if (select) {
        select.addEventListener("change", function () {
          load(select.value ? "soort=" + encodeURIComponent(select.value) : "", true);
        });
      }
    }
    // A choice that changes what the protocol allows (talk with the support group needs
    // consent) shows its refusal at once: only the refusal box is refreshed, nothing typed is lost.
    var entry = area.querySelector("form.entry-form");
    if (entry) {
      var pending = null;
      // Sending waits for a refusal check still under way (one request at a time).
      entry.addEventListener("submit", function (event) {
        if (!pending) { return; }
        event.preventDefault();
        pending.then(function () { entry.submit(); }, function () { entry.submit(); });
      });
      entry.addEventListener("change", function (event) {
        var el = event.target;
        if (!(el.tagName === "SELECT" || el.type === "radio") || !el.name || el.name.indexOf("attr_") !== 0) { return; }
        var kind = entry.querySelector("input[name=kind]").value;
        var url = base + "?soort=" + encodeURIComponent(kind) + "&" + formQuery(entry) + "&deel=vastleggen";
        var check = fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.text() : ""; }).then(function (html) {
          var fresh = document.createElement("div");
          fresh.innerHTML = html;
          var now = area.querySelector("#refusal-before");
          var next = fresh.querySelector("#refusal-before");
          if (now) { now.remove(); }
          if (next) { entry.parentNode.insertBefore(next, entry); }
        });
        pending = check;
        area.setAttribute("data-checking", "");
        var done = function () {
          if (pending === check) { pending = null; area.removeAttribute("data-checking"); }
        };
        check.then(done, done);
      });
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.record-link") : null;
    if (!link) { return; }
    event.preventDefault();
    load(link.getAttribute("data-query"), true);
    area.scrollIntoView({ block: "start" });
  });
  enhance();
}());
