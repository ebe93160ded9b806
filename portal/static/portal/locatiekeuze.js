/* The CPO's location page: the request, its radius, the plankaart around it, and one pin for the point of a
   moved or new location that both forms share. The lists beside the map say the same in text. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("bepaal-data").textContent);
  var velden = [["id_verplaats-lat", "id_verplaats-lon"], ["id_nieuw-lat", "id_nieuw-lon"]]
    .map(function (ids) { return { lat: document.getElementById(ids[0]), lon: document.getElementById(ids[1]) }; })
    .filter(function (v) { return v.lat && v.lon; });
  var pin = window.Pin({
    velden: velden,
    status: document.getElementById("pin-status"),
    titel: "Punt voor een verplaatste of nieuwe locatie",
    knoppen: document.querySelector(".kaartknoppen"),
    icoon: L.divIcon({ className: "pin-voorstel", html: "<span></span>", iconSize: [30, 30], iconAnchor: [15, 30] }),
  });
  window.bepaalKaart = function (kaart) {
    kaart.getContainer().setAttribute("aria-describedby", "kaart-uitleg");
    var cirkel = L.circle(data.pin, { radius: data.straal, color: "#154273", weight: 2, fillOpacity: 0.06 }).addTo(kaart);
    L.marker(data.pin, { title: "Gewenste plek", alt: "Gewenste plek van de aanvrager", keyboard: false }).addTo(kaart);
    data.locaties.forEach(function (l) {
      L.circleMarker(l.punt, { radius: 8, color: "#1a1a1a", weight: 2, fillColor: l.kleur, fillOpacity: 1 }).bindTooltip(window.alsTekst(l.label)).addTo(kaart);
    });
    pin.koppel(kaart);
    kaart.fitBounds(cirkel.getBounds().pad(0.6));
  };
})();
