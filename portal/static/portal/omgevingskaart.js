/* The check page's small map: the requested spot, the gemeente's radius, and what already lies within it. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("omgeving-data").textContent);
  function stip(kleur) {
    return { radius: 8, color: "#1a1a1a", weight: 2, fillColor: kleur, fillOpacity: 1 };
  }
  window.omgevingKaart = function (kaart) {
    kaart.getContainer().setAttribute("aria-describedby", "omgeving-uitleg");
    var cirkel = L.circle(data.pin, { radius: data.straal, color: "#154273", weight: 2, fillOpacity: 0.06 }).addTo(kaart);
    L.marker(data.pin, { title: "Gewenste plek", alt: "Gewenste plek" }).addTo(kaart);
    data.aanvragen.forEach(function (a) { L.circleMarker(a.punt, stip("#e17000")).bindTooltip(window.alsTekst("Lopende aanvraag " + a.label)).addTo(kaart); });
    data.laadpunten.forEach(function (l) { L.circleMarker(l.punt, stip("#2e6b0a")).bindTooltip(window.alsTekst("Bestaand laadpunt " + l.label)).addTo(kaart); });
    kaart.fitBounds(cirkel.getBounds(), { padding: [10, 10] });
  };
})();
