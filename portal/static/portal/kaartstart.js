/* Starts each map that {% kaart %} placed (a div with data-kaart-opties), once the page and its scripts have
   loaded; this replaces django-leaflet's inline <script>, which the Content-Security-Policy does not run. */
(function () {
  "use strict";
  // Leaflet treats a string tooltip or popup as HTML; text that people typed goes in as a text node. The map
  // scripts call this from their map callbacks, which run after this script has loaded.
  window.alsTekst = function (inhoud) { var span = document.createElement("span"); span.textContent = inhoud; return span; };
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kaart-opties]"), function (el) {
      var opties = JSON.parse(document.getElementById(el.getAttribute("data-kaart-opties")).textContent);
      var callback = window[el.getAttribute("data-kaart-callback")];
      L.Map.djangoMap(el.id, { djoptions: opties, globals: false, callback: typeof callback === "function" ? callback : null });
    });
  }
  if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
})();
