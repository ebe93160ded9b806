/* A location's page: its point, and where it stood on the plankaart before it was moved. */
(function () {
  "use strict";
  // Leaflet treats a string tooltip or popup as HTML; text that people typed goes in as a text node.
  function alsTekst(inhoud) { var span = document.createElement("span"); span.textContent = inhoud; return span; }
  var data = JSON.parse(document.getElementById("locatie-data").textContent);
  window.locatieKaart = function (kaart) {
    kaart.getContainer().setAttribute("aria-describedby", "locatiekaart-uitleg");
    var punt = L.circleMarker(data.punt, { radius: 10, color: "#1a1a1a", weight: 2, fillColor: data.kleur, fillOpacity: 1 })
      .bindTooltip(alsTekst("Locatie")).addTo(kaart);
    if (data.oud) {
      L.circleMarker(data.oud, { radius: 8, color: "#1a1a1a", weight: 2, dashArray: "3 3", fillOpacity: 0 }).bindTooltip(alsTekst("Oorspronkelijk punt")).addTo(kaart);
      L.polyline([data.oud, data.punt], { color: "#1a1a1a", weight: 1, dashArray: "4 4" }).addTo(kaart);
      kaart.fitBounds(L.latLngBounds([data.oud, data.punt]).pad(0.5));
    } else {
      kaart.setView(punt.getLatLng(), 17);
    }
  };
})();
