/* Starts each map that {% kaart %} placed (a div with data-kaart-opties), once the page and its scripts have
   loaded; this replaces django-leaflet's inline <script>, which the Content-Security-Policy does not run. */
(function () {
  "use strict";
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kaart-opties]"), function (el) {
      var opties = JSON.parse(document.getElementById(el.getAttribute("data-kaart-opties")).textContent);
      var callback = window[el.getAttribute("data-kaart-callback")];
      L.Map.djangoMap(el.id, { djoptions: opties, globals: false, callback: typeof callback === "function" ? callback : null });
    });
  }
  if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
})();
