/* The document job page (people.documents) follows its job without a reload. Progressive
   enhancement: without this file the page has a "Nu verversen" link. With it, the same page
   is fetched every two seconds while the job waits or runs, and only its status section is
   swapped in place (an aria-live region), so focus and reading position stay where they
   are - a meta refresh would reload the whole page under a screen reader's feet (WCAG
   2.2.1). A static file, because the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var section = document.getElementById("document-job");
  if (!section || !window.fetch || !window.DOMParser) { return; }
  var failures = 0;

  function poll() {
    if (!section.hasAttribute("data-poll")) { return; }
    window.setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("document-job");
          if (!fresh) { throw new Error("no status"); }
          section.innerHTML = fresh.innerHTML;
          if (!fresh.hasAttribute("data-poll")) { section.removeAttribute("data-poll"); }
          failures = 0;
          poll();
        })
        .catch(function () {
          failures += 1;  // the network blinked: try a few more times, then leave the link
          if (failures < 5) { poll(); }
        });
    }, 2000);
  }

  poll();
}());
