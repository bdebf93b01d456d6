/* Sverka search page: starts Pagefind's own interface over the index built with the site. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof window.PagefindUI !== "function") { return; }
  new window.PagefindUI({
    element: "#search",
    bundlePath: box.getAttribute("data-bundle"),
    baseUrl: box.getAttribute("data-base"),
    showImages: false,
    showSubResults: true,
    autofocus: true,
    processResult: function (result) {
      if (result.meta && result.meta.verdict) {
        result.meta.title = result.meta.verdict + " · " + result.meta.title;
      }
      return result;
    }
  });
}());
