/* The location work list's map: the locations on this page, each a link to its page (the table says the same). */
(function () {
  "use strict";
  var locaties = JSON.parse(document.getElementById("werklijst-data").textContent);
  window.werklijstKaart = function (kaart) {
    kaart.getContainer().setAttribute("aria-describedby", "werklijstkaart-uitleg");
    var punten = locaties.map(function (l) {
      var link = document.createElement("a");
      link.href = l.url;
      link.textContent = l.label;
      return L.circleMarker(l.punt, { radius: 9, color: "#1a1a1a", weight: 2, fillColor: l.kleur, fillOpacity: 1 })
        .bindTooltip(window.alsTekst(l.label)).bindPopup(link).addTo(kaart);
    });
    if (punten.length) { kaart.fitBounds(L.featureGroup(punten).getBounds().pad(0.3), { maxZoom: 17 }); }
  };
})();
