/* The public map: ask the portal for what is in view (points, or clusters when zoomed out), draw it on a
   canvas, explain each point in a popup, and list the points in view as text. */
(function () {
  "use strict";
  var instellingen = JSON.parse(document.getElementById("kaart-instellingen").textContent);
  var filters = document.getElementById("kaartfilters");
  var samenvatting = document.getElementById("kaart-samenvatting");
  var lijst = document.getElementById("lijst-regels"), lijstUitleg = document.getElementById("lijst-uitleg");
  var kaart, laag, lopend = null, LIJST_MAX = 200;

  // Everything from the server goes into the page as text (textContent), never as HTML: Leaflet reads a
  // string popup or divIcon html as markup.
  function tekst(el, inhoud) { el.textContent = inhoud; return el; }

  function parameters() {
    var b = kaart.getBounds(), p = new URLSearchParams();
    p.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(","));
    p.set("zoom", kaart.getZoom());
    var gemeente = filters.elements.gemeente.value;
    if (gemeente) { p.set("gemeente", gemeente); }
    var gekozen = Array.prototype.filter.call(filters.querySelectorAll("input[name=status]"), function (c) { return c.checked; });
    if (gekozen.length < filters.querySelectorAll("input[name=status]").length) {
      p.set("status", gekozen.map(function (c) { return c.value; }).join(",") || "geen");
    }
    return p;
  }

  function popup(laagPunt, id) {
    laagPunt.bindPopup(tekst(document.createElement("span"), "Laden…")).on("popupopen", function () {
      fetch(instellingen.bron + id + "/", { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (d) {
          var div = document.createElement("div");
          tekst(div.appendChild(document.createElement("strong")), d.label);
          if (d.omschrijving) { tekst(div.appendChild(document.createElement("p")), d.omschrijving); }
          tekst(div.appendChild(document.createElement("p")), d.gemeente + " · " + d.laadpunten + " laadpunten");
          tekst(div.appendChild(document.createElement("p")), d.periode);
          laagPunt.setPopupContent(div);
        })
        .catch(function () { laagPunt.setPopupContent(tekst(document.createElement("span"), "Gegevens konden niet worden geladen.")); });
    });
  }

  function toon(data) {
    if (laag) { kaart.removeLayer(laag); }
    laag = L.geoJSON(data, {
      pointToLayer: function (f, punt) {
        if (f.properties.soort === "cluster") {
          var icoon = L.divIcon({ className: "cluster", html: tekst(document.createElement("span"), String(f.properties.aantal)), iconSize: [40, 40] });
          return L.marker(punt, { icon: icoon, keyboard: true, title: f.properties.aantal + " locaties; klik om in te zoomen" })
            .on("click", function () { kaart.setView(punt, Math.min(kaart.getZoom() + 2, 18)); });
        }
        var cirkel = L.circleMarker(punt, { radius: 7, color: "#1a1a1a", weight: 1.5, fillColor: instellingen.kleuren[f.properties.categorie], fillOpacity: 1 });
        popup(cirkel, f.id);
        return cirkel;
      },
    }).addTo(kaart);
    vulLijst(data);
    if (data.geclusterd) {
      tekst(samenvatting, "In beeld: " + data.totaal + " locaties, samengevoegd per gebied. Zoom in voor losse locaties.");
    } else {
      var per = {};
      data.features.forEach(function (f) { per[f.properties.label] = (per[f.properties.label] || 0) + 1; });
      var delen = Object.keys(per).map(function (k) { return per[k] + " " + k.toLowerCase(); });
      tekst(samenvatting, "In beeld: " + data.totaal + " locaties" + (delen.length ? " (" + delen.join(", ") + ")" : "") + ".");
    }
  }

  function vulLijst(data) {
    lijst.textContent = "";
    if (data.geclusterd) { tekst(lijstUitleg, "Zoom in om losse locaties te zien."); return; }
    data.features.slice(0, LIJST_MAX).forEach(function (f) {
      var rij = lijst.insertRow();
      [["Locatie", f.properties.omschrijving || "Aangevraagde plek"], ["Gemeente", f.properties.gemeente],
       ["Status", f.properties.label], ["Laadpunten", String(f.properties.laadpunten)]].forEach(function (cel) {
        var td = rij.insertCell(); td.setAttribute("data-label", cel[0]); td.textContent = cel[1];
      });
    });
    tekst(lijstUitleg, data.features.length > LIJST_MAX ? "De eerste " + LIJST_MAX + " van " + data.features.length + " locaties in beeld." : data.features.length + " locaties in beeld.");
  }

  function laad() {
    if (lopend) { lopend.abort(); }
    lopend = new AbortController();
    fetch(instellingen.bron + "?" + parameters().toString(), { headers: { "Accept": "application/geo+json" }, signal: lopend.signal })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(toon)
      .catch(function (e) { if (e.name !== "AbortError") { tekst(samenvatting, "De kaart kon niet worden geladen. Probeer het opnieuw."); } });
  }

  window.publiekeKaart = function (map) {
    kaart = map;
    kaart.getContainer().setAttribute("aria-describedby", "kaart-uitleg");
    if (instellingen.centrum) {
      // An address found by the search (or a shared link): zoomed in on that spot, marked.
      kaart.setView(instellingen.centrum, 18);
      L.circleMarker(instellingen.centrum, { radius: 9, color: "#154273", weight: 3, fillColor: "#fff", fillOpacity: 1 }).addTo(kaart);
    } else if (instellingen.omvang) { kaart.fitBounds(instellingen.omvang); }
    kaart.on("moveend", laad);
    laad();
  };
  filters.addEventListener("submit", function (e) { e.preventDefault(); laad(); });
  filters.addEventListener("change", laad);
})();
