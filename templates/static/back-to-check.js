/* Sverka source page: a reader who came from a fact-check's quote (its links carry `?from=<check>`) is offered
   the way back to that quote. Only a check listed on this page is offered; without JavaScript nothing shows. */
(function () {
  "use strict";
  var from = new URLSearchParams(window.location.search).get("from");
  var back = document.querySelector(".back-to-check");
  if (!from || !back) { return; }
  var listed = Array.prototype.filter.call(document.querySelectorAll("a[data-claim]"), function (link) {
    return link.getAttribute("data-claim") === from;
  })[0];
  if (!listed) { return; }
  var prefix = "#q-" + from + "--";
  var hash = window.location.hash;
  var link = document.createElement("a");
  link.href = listed.getAttribute("href") + (hash.indexOf(prefix) === 0 ? "#evidence-" + hash.slice(prefix.length) : "");
  var headline = back.querySelector(".headline"), copy = listed.cloneNode(true);
  while (copy.firstChild) { headline.appendChild(copy.firstChild); } // with its markup: Russian words keep their lang
  while (back.firstChild) { link.appendChild(back.firstChild); }
  back.appendChild(link);
  back.hidden = false;
  // The quote is scrolled to below the bar, however many lines its headline wraps to at this width; a reload or a step
  // back keeps the reader's own place.
  function keepQuoteClear() { document.documentElement.style.setProperty("--back-height", back.offsetHeight + "px"); }
  keepQuoteClear();
  window.addEventListener("resize", keepQuoteClear);
  var target = null, visit = performance.getEntriesByType("navigation")[0];
  try { target = hash && document.getElementById(decodeURIComponent(hash.slice(1))); } catch (malformed) { target = null; }
  if (target && (!visit || visit.type === "navigate")) { target.scrollIntoView(); }
}());
