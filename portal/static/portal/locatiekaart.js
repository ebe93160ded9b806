/* A location's page: its point, where it stood on the plankaart before it was moved, and what is around it. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("locatie-data").textContent);
  window.locatieKaart = function (kaart) {
    kaart.getContainer().setAttribute("aria-describedby", "locatiekaart-uitleg");
    var punt = L.circleMarker(data.punt, { radius: 10, color: "#1a1a1a", weight: 2, fillColor: data.kleur, fillOpacity: 1 })
      .bindTooltip(window.alsTekst("Locatie")).addTo(kaart);
    // Around it (when judging it): existing (filled squares) and planned (open circles) locations, each
    // request's desired spot with the radius of the gemeente's conditions and a line to this location.
    var grenzen = [punt.getLatLng()];
    (data.buren || []).forEach(function (b) {
      var vorm = b.bestaand
        ? L.rectangle(L.latLng(b.punt).toBounds(12), { color: "#1a1a1a", weight: 1, fillColor: "#555", fillOpacity: 0.9 })
        : L.circleMarker(b.punt, { radius: 6, color: "#1a1a1a", weight: 2, fillOpacity: 0 });
      vorm.bindTooltip(window.alsTekst(b.omschrijving + " (" + b.status + ", " + b.afstand + " m)")).addTo(kaart);
    });
    (data.gewenst || []).forEach(function (g) {
      L.circle(g.punt, { radius: data.straal, color: "#154273", weight: 1, dashArray: "6 4", fillOpacity: 0.04 }).addTo(kaart);
      L.circleMarker(g.punt, { radius: 8, color: "#154273", weight: 3, fillColor: "#fff", fillOpacity: 1 })
        .bindTooltip(window.alsTekst("Gewenste plek " + g.nummer + (g.afgerond ? " (afgerond)" : ""))).addTo(kaart);
      L.polyline([g.punt, data.punt], { color: "#154273", weight: 2 })
        .bindTooltip(window.alsTekst(g.afstand + " m"), { permanent: true, direction: "center" }).addTo(kaart);
      grenzen.push(L.latLng(g.punt));
    });
    if (data.gewenst && data.gewenst.length && !data.oud) {
      kaart.fitBounds(L.latLngBounds(grenzen).pad(0.6), { maxZoom: 18 });
      return;
    }
    if (data.oud) {
      L.circleMarker(data.oud, { radius: 8, color: "#1a1a1a", weight: 2, dashArray: "3 3", fillOpacity: 0 }).bindTooltip(window.alsTekst("Oorspronkelijk punt")).addTo(kaart);
      L.polyline([data.oud, data.punt], { color: "#1a1a1a", weight: 1, dashArray: "4 4" }).addTo(kaart);
      kaart.fitBounds(L.latLngBounds([data.oud, data.punt]).pad(0.5));
    } else {
      kaart.setView(punt.getLatLng(), 17);
    }
  };
})();
