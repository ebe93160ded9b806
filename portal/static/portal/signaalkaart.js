/* A signal's page, for the CPO turning it into a location: the busy point, the radius, the plankaart around it,
   and one pin for a new point. A click on a location that can be chosen picks it in the form's list (and takes
   the pin away); a click elsewhere, dragging the pin or the buttons place a new point (and empty the list's
   choice). The fields stay the form: typed coordinates move the pin, and without JavaScript they simply post. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("signaal-data").textContent);
  var keuze = document.getElementById("id_omzetten-locatie");
  var status = document.getElementById("pin-status");
  var pin = window.Pin({
    velden: [{ lat: document.getElementById("id_omzetten-lat"), lon: document.getElementById("id_omzetten-lon") }],
    status: status,
    titel: "Punt voor een nieuwe locatie",
    knoppen: document.querySelector(".kaartknoppen"),
    icoon: L.divIcon({ className: "pin-voorstel", html: "<span></span>", iconSize: [30, 30], iconAnchor: [15, 30] }),
  });
  // A point placed on the map is a new location: the list goes back to "nieuwe locatie". Typed coordinates
  // leave the list alone (a chosen location and a typed point together move that location there).
  pin.bij(function (lat, lon, bron) {
    if (keuze && (bron === "klik" || bron === "slepen" || bron === "knop")) { keuze.value = ""; }
  });
  function kies(locatie) {
    if (!keuze) { return; }
    keuze.value = String(locatie.kies);
    pin.wis();
    status.textContent = "Gekozen: " + locatie.label + ".";
  }
  window.signaalKaart = function (kaart) {
    kaart.getContainer().setAttribute("aria-describedby", "signaalkaart-uitleg");
    var cirkel = L.circle(data.drukke_plek, { radius: data.straal, color: "#154273", weight: 2, fillOpacity: 0.06 }).addTo(kaart);
    // Not clickable: at a small zoom its pin covers the spots just north of it, which must stay clickable.
    L.marker(data.drukke_plek, {
      title: "Drukke locatie: " + data.drukke_naam, alt: "Drukke locatie", keyboard: false, interactive: false,
    }).addTo(kaart);
    data.locaties.forEach(function (l) {
      var stip = L.circleMarker(l.punt, {
        radius: l.kies ? 10 : 7, color: "#1a1a1a", weight: l.kies ? 3 : 1, fillColor: l.kleur, fillOpacity: 1,
      });
      stip.bindTooltip(window.alsTekst(l.kies ? l.label + " (klik om te kiezen)" : l.label)).addTo(kaart);
      if (l.kies) {
        // Picking a spot must not also place the pin under it.
        stip.on("click", function (e) { L.DomEvent.stopPropagation(e); kies(l); });
      }
    });
    pin.koppel(kaart);
    kaart.fitBounds(cirkel.getBounds().pad(0.6));
  };
})();
