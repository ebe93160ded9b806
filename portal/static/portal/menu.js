// The main menu folds behind a "Menu" button on a narrow screen. Without this script the menu simply stays
// open (the button keeps its hidden attribute), so nothing depends on it.
(function () {
  "use strict";
  function start() {
    var knop = document.querySelector(".menuknop");
    var menu = document.getElementById("hoofdmenu");
    if (!knop || !menu) return;
    document.documentElement.classList.add("menu-vouwt");
    knop.hidden = false;
    knop.addEventListener("click", function () {
      var open = knop.getAttribute("aria-expanded") !== "true";
      knop.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("menu--open", open);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.classList.contains("menu--open")) {
        knop.setAttribute("aria-expanded", "false");
        menu.classList.remove("menu--open");
        knop.focus();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
