/* Progress of a plankaart import: ask the portal every second, reload when it is done. */
(function () {
  "use strict";
  var blok = document.getElementById("voortgang");
  if (!blok) { return; }
  var balk = document.getElementById("voortgangsbalk"), procent = document.getElementById("voortgang-procent");
  var tekst = document.getElementById("voortgang-tekst");
  function vraag() {
    fetch(blok.getAttribute("data-stand-url"), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (stand) {
        balk.value = stand.voortgang;
        balk.textContent = stand.voortgang + "%";
        procent.textContent = stand.voortgang + "%";
        tekst.textContent = stand.status_label + "…";
        if (["gecontroleerd", "toegepast", "mislukt"].indexOf(stand.status) >= 0) { window.location.reload(); }
        else { window.setTimeout(vraag, 1000); }
      })
      .catch(function () { window.setTimeout(vraag, 3000); });
  }
  window.setTimeout(vraag, 500);
})();
