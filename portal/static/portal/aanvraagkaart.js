/* The request form: pin on the map, address lookup, and questions that depend on earlier answers.
   Everything here is an aid; the form works without it (coordinates can be typed). */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var latVeld = $("id_lat"), lonVeld = $("id_lon"), gemeenteVeld = $("id_gemeente");
  var gebieden = JSON.parse(($("gemeente-gebieden") || {}).textContent || "{}");
  var kaart, gebiedLaag, adresPunt = null, pinVerplaatst = !!(latVeld && latVeld.value);

  function meld(id, tekst) { var el = $(id); if (el) { el.textContent = tekst; } }

  var pin = window.Pin({
    velden: [{ lat: latVeld, lon: lonVeld }],
    status: $("pin-status"),
    titel: "Gewenste plek van de laadpaal",
    knoppen: document.querySelector(".kaartknoppen"),
  });
  pin.bij(function (lat, lon, bron) { if (bron !== "adres" && bron !== "begin") { pinVerplaatst = true; } });
  function zetPin(lat, lon, bron) { pin.zet(lat, lon, bron); }

  function toonGebied() {
    var g = gebieden[gemeenteVeld && gemeenteVeld.value];
    if (!kaart) { return; }
    if (gebiedLaag) { kaart.removeLayer(gebiedLaag); gebiedLaag = null; }
    if (!g || !g.gebied) { return; }
    var stijl = { color: "#154273", weight: 2, fill: false, dashArray: "6 4" };
    if (g.gebied.bbox) {
      var b = g.gebied.bbox;
      gebiedLaag = L.rectangle([[b[1], b[0]], [b[3], b[2]]], stijl);
    } else {
      gebiedLaag = L.geoJSON(g.gebied, { style: stijl });
    }
    gebiedLaag.addTo(kaart);
    if (!pin.punt()) { kaart.fitBounds(gebiedLaag.getBounds()); }
  }

  window.aanvraagKaart = function (map) {
    kaart = map;
    kaart.getContainer().setAttribute("aria-describedby", "kaart-uitleg");
    toonGebied();
    pin.koppel(kaart);
    if (pin.punt()) { kaart.setView(pin.punt(), 17); }
  };

  var naarAdres = $("pin-naar-adres");
  if (naarAdres) {
    naarAdres.addEventListener("click", function () {
      if (adresPunt) { zetPin(adresPunt[0], adresPunt[1], "adres"); if (kaart) { kaart.setView(adresPunt, 18); } }
      else { meld("pin-status", "Vul eerst uw postcode en huisnummer in, of zet de pin zelf op de kaart."); }
    });
  }
  if (gemeenteVeld) { gemeenteVeld.addEventListener("change", toonGebied); }

  // Address lookup through the portal (which asks PDOK); fills only what the E-rijder left empty.
  var postcode = $("id_postcode"), huisnummer = $("id_huisnummer"), toevoeging = $("id_toevoeging");
  function zoekAdres() {
    if (!postcode.value || !huisnummer.value) { return; }
    var url = "/aanvragen/adres/?" + new URLSearchParams({ postcode: postcode.value, huisnummer: huisnummer.value, toevoeging: toevoeging.value });
    meld("adres-status", "Adres opzoeken…");
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, data: j }; }); })
      .then(function (res) {
        if (!res.ok) { meld("adres-status", res.data.detail || "Adres niet gevonden; vul straat en plaats zelf in."); return; }
        var d = res.data, straat = $("id_straat"), plaats = $("id_woonplaats");
        if (!straat.value) { straat.value = d.straat; }
        if (!plaats.value) { plaats.value = d.woonplaats; }
        if (d.gemeente && gemeenteVeld && !gemeenteVeld.value) { gemeenteVeld.value = String(d.gemeente); toonGebied(); }
        if (d.lat && d.lon) {
          adresPunt = [d.lat, d.lon];
          if (!pinVerplaatst) { zetPin(d.lat, d.lon, "adres"); if (kaart) { kaart.setView(adresPunt, 18); } }
        }
        meld("adres-status", "Gevonden: " + d.straat + ", " + d.woonplaats + (d.gemeente ? "" : " (deze gemeente doet nog niet mee)") + ".");
      })
      .catch(function () { meld("adres-status", "Adres opzoeken lukt nu niet; vul straat en plaats zelf in."); });
  }
  [postcode, huisnummer, toevoeging].forEach(function (v) { if (v) { v.addEventListener("change", zoekAdres); } });

  // Questions that only matter after a certain answer.
  function toonAls(blokId, naam, waarde) {
    var blok = $(blokId);
    if (!blok) { return; }
    var gekozen = document.querySelector("input[name='" + naam + "']:checked");
    blok.hidden = !(gekozen && gekozen.value === waarde);
  }
  function werkAfhankelijkBij() { toonAls("werkuren", "woont_of_werkt", "werkt"); toonAls("vergunning", "vergunning_nodig", "ja"); }
  Array.prototype.forEach.call(document.querySelectorAll("input[name=woont_of_werkt], input[name=vergunning_nodig]"), function (r) {
    r.addEventListener("change", werkAfhankelijkBij);
  });
  werkAfhankelijkBij();
  var overzicht = $("foutoverzicht") || $("buren");
  if (overzicht) { overzicht.focus(); }
})();
