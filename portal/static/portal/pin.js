/* A draggable pin on a Leaflet map, kept in sync with coordinate fields, with buttons that nudge it ten
   metres for keyboard users (WCAG 2.1.1). Used by the request form and by the CPO's location page. */
(function () {
  "use strict";
  window.Pin = function (opties) {
    // opties: velden [{lat, lon}] (inputs), status (element), titel (text), knoppen (container with
    // [data-schuif]), icoon (optional L.Icon, when the map already has Leaflet's default pin for something else)
    var kaart = null, marker = null, luisteraars = [];
    var eerste = opties.velden[0];

    function meld(tekst) { if (opties.status) { opties.status.textContent = tekst; } }

    // A typed decimal comma ("52,2112") is read as a point, as the forms read it.
    function getal(veld) { return parseFloat(String(veld.value).replace(",", ".")); }

    function punt() {
      var lat = getal(eerste.lat), lon = getal(eerste.lon);
      return isNaN(lat) || isNaN(lon) ? null : [lat, lon];
    }

    function zet(lat, lon, bron) {
      opties.velden.forEach(function (v) { v.lat.value = lat.toFixed(6); v.lon.value = lon.toFixed(6); });
      if (kaart) {
        if (!marker) {
          var stijl = { draggable: true, keyboard: true, title: opties.titel, alt: "Pin: " + opties.titel };
          if (opties.icoon) { stijl.icon = opties.icoon; }
          marker = L.marker([lat, lon], stijl).addTo(kaart);
          marker.on("dragend", function () { var p = marker.getLatLng(); zet(p.lat, p.lng, "slepen"); });
        } else {
          marker.setLatLng([lat, lon]);
        }
      }
      meld("De pin staat op " + lat.toFixed(5) + ", " + lon.toFixed(5) + (bron === "adres" ? " (uw adres)." : "."));
      luisteraars.forEach(function (f) { f(lat, lon, bron); });
    }

    function koppel(map) {
      kaart = map;
      var p = punt();
      if (p) { zet(p[0], p[1], "begin"); }
      kaart.on("click", function (e) { zet(e.latlng.lat, e.latlng.lng, "klik"); });
    }

    if (opties.knoppen) {
      Array.prototype.forEach.call(opties.knoppen.querySelectorAll("[data-schuif]"), function (knop) {
        knop.addEventListener("click", function () {
          var d = knop.getAttribute("data-schuif").split(",").map(Number);
          var p = punt() || (kaart ? [kaart.getCenter().lat, kaart.getCenter().lng] : null);
          if (!p) { return; }
          var lat = p[0] + d[1] * 10 / 111320;
          var lon = p[1] + d[0] * 10 / (111320 * Math.cos(p[0] * Math.PI / 180));
          zet(lat, lon, "knop");
          if (kaart) { kaart.panTo([lat, lon]); }
        });
      });
    }
    opties.velden.forEach(function (v) {
      [v.lat, v.lon].forEach(function (veld) {
        veld.addEventListener("change", function () {
          var lat = getal(v.lat), lon = getal(v.lon);
          if (!isNaN(lat) && !isNaN(lon)) { zet(lat, lon, "invoer"); if (kaart) { kaart.panTo([lat, lon]); } }
        });
      });
    });
    // Empty the fields and take the pin off the map (a page where a click may also pick an existing spot).
    function wis() {
      opties.velden.forEach(function (v) { v.lat.value = ""; v.lon.value = ""; });
      if (marker) { marker.remove(); marker = null; }
    }

    return { koppel: koppel, zet: zet, punt: punt, wis: wis, bij: function (f) { luisteraars.push(f); } };
  };
})();
