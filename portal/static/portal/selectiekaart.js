/* The gemeente's selection for a proactive plan: the plan's locations and the free candidates on a map beside
   the list. The list is the form and works without this script; the map is an aid: clicking a candidate ticks
   or unticks its checkbox, and the count against the target follows every tick (by mouse, map or keyboard).
   Names reach the map only as text (window.alsTekst), never as HTML. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var gegevens = JSON.parse(($("selectie-gegevens") || {}).textContent || "{}");
  var teksten = gegevens.teksten || {};
  var markers = {};
  var STIJL = {
    plan: { radius: 8, color: "#154273", fillColor: "#154273", fillOpacity: 0.9, weight: 2 },
    kandidaat: { radius: 7, color: "#275937", fillColor: "#ffffff", fillOpacity: 0.9, weight: 3 },
    aangevinkt: { radius: 9, color: "#275937", fillColor: "#39870c", fillOpacity: 0.95, weight: 3 },
  };

  function vakjes() { return document.querySelectorAll('input[name="locaties"]'); }

  function vul(tekst, waarden) {
    return String(tekst || "").replace(/%\((\w+)\)s/g, function (_, sleutel) { return String(waarden[sleutel]); });
  }

  function werkBij() {
    var extra = 0;
    Array.prototype.forEach.call(vakjes(), function (vakje) {
      if (vakje.checked) { extra += parseInt(vakje.getAttribute("data-laadpunten"), 10) || 0; }
      var marker = markers[vakje.value];
      if (marker) { marker.setStyle(vakje.checked ? STIJL.aangevinkt : STIJL.kandidaat); }
    });
    var teller = $("selectie-teller");
    if (!teller) { return; }
    var totaal = (gegevens.geselecteerd || 0) + extra, doel = gegevens.doel || 0;
    var tekst = vul(teksten.teller, { totaal: totaal, doel: doel });
    if (totaal > doel) { tekst += " " + vul(teksten.meer, { n: totaal - doel }); }
    else if (totaal < doel) { tekst += " " + vul(teksten.minder, { n: doel - totaal }); }
    teller.textContent = tekst;
  }

  Array.prototype.forEach.call(vakjes(), function (vakje) { vakje.addEventListener("change", werkBij); });

  window.selectieKaart = function (kaart) {
    kaart.getContainer().setAttribute("aria-describedby", "selectiekaart-uitleg");
    var grenzen = [];
    (gegevens.plan || []).forEach(function (p) {
      L.circleMarker([p.lat, p.lon], STIJL.plan).bindTooltip(window.alsTekst(vul(teksten.in_plan, p))).addTo(kaart);
      grenzen.push([p.lat, p.lon]);
    });
    (gegevens.kandidaten || []).forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], STIJL.kandidaat);
      marker.bindTooltip(window.alsTekst(vul(teksten.kandidaat, p)));
      marker.on("click", function () {
        var vakje = document.querySelector('input[name="locaties"][value="' + p.id + '"]');
        if (!vakje) { return; }
        vakje.checked = !vakje.checked;
        werkBij();
      });
      marker.addTo(kaart);
      markers[String(p.id)] = marker;
      grenzen.push([p.lat, p.lon]);
    });
    if (grenzen.length) { kaart.fitBounds(grenzen, { padding: [30, 30], maxZoom: 17 }); }
    werkBij();
  };
  werkBij();
})();
