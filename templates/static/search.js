/* Sverka search page: starts Pagefind's own interface over the index built with the site, in the page's
   language (its strings come from the page), one result per page. `?q=` in the address runs the search, and
   the address and the language switcher follow what is typed, so a search can be shared or read in the
   other language. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  var strings = document.getElementById("search-strings");
  if (!box || !strings || typeof window.PagefindUI !== "function") { return; }
  var words = JSON.parse(strings.textContent);
  var verdict = words.verdict_label;
  delete words.verdict_label;
  var switches = Array.prototype.slice.call(document.querySelectorAll(".language-switcher a[hreflang]"));
  switches.forEach(function (link) { link.setAttribute("data-page", link.getAttribute("href")); });

  function follow(term) {
    var query = term ? "?q=" + encodeURIComponent(term) : "";
    window.history.replaceState(null, "", window.location.pathname + query);
    switches.forEach(function (link) { link.setAttribute("href", link.getAttribute("data-page") + query); });
  }

  var fallback = document.getElementById("search-fallback");
  if (fallback) { fallback.hidden = true; }  /* the search has started: the lists for when it cannot are not needed */
  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: box.getAttribute("data-bundle"),
    baseUrl: box.getAttribute("data-base"),
    showImages: false,
    showSubResults: false,
    autofocus: true,
    translations: words,
    processResult: function (result) {
      if (result.meta && result.meta.verdict) {
        result.meta[verdict] = result.meta.verdict;  /* the result's chip reads "Вердикт: …" on a Russian page */
        delete result.meta.verdict;
      }
      return result;
    }
  });
  box.addEventListener("input", function (event) {
    if (event.target && event.target.matches("input[type=text], input[type=search]")) { follow(event.target.value.trim()); }
  });
  var term = new URLSearchParams(window.location.search).get("q");
  if (term) {
    ui.triggerSearch(term);
    follow(term);
  }
}());
