/* The public participation page: the proposed locations on a map (choosing one selects it in the form), and a
   pin for an alternative spot. Everything here is an aid: the list and the form work without it. Names reach
   the map only as text (textContent / title), never as HTML. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var punten = JSON.parse(($("inspraak-punten") || {}).textContent || "[]");
  var keuze = $("id_planlocatie");
  var latVeld = $("id_lat"), lonVeld = $("id_lon");
  var pin = latVeld && lonVeld && window.Pin ? window.Pin({
    velden: [{ lat: latVeld, lon: lonVeld }],
    status: $("pin-status"),
    titel: "Andere plek",
    knoppen: document.querySelector(".kaartknoppen"),
  }) : null;

  function kies(id, naam) {
    if (!keuze) { return; }
    keuze.value = String(id);
    var status = $("keuze-status");
    if (status) { status.textContent = "Gekozen: " + naam + "."; }
  }

  window.inspraakKaart = function (kaart) {
    kaart.getContainer().setAttribute("aria-describedby", "kaart-uitleg");
    var grenzen = [];
    punten.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: 9, color: "#154273", fillColor: "#39870c", fillOpacity: 0.9, weight: 2 });
      marker.bindTooltip(window.alsTekst(p.naam));
      marker.on("click", function () { kies(p.id, p.naam); });
      marker.addTo(kaart);
      grenzen.push([p.lat, p.lon]);
    });
    if (grenzen.length) { kaart.fitBounds(grenzen, { padding: [30, 30], maxZoom: 17 }); }
    if (pin) { pin.koppel(kaart); }
  };
})();
