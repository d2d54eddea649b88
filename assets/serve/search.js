// Filters the list of départements as the user types; without JavaScript, the form asks
// the server (GET /?q=…) for the same result.
"use strict";
(function () {
  var input = document.getElementById("recherche");
  var status = document.getElementById("resultat");
  if (!input || !status) return;
  // As the server folds text (FrenchTerritories.searchKey): no accents or case, words apart,
  // « st » and « ste » written out.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^a-z0-9]+/).filter(Boolean)
      .map(function (w) { return w === "st" ? "saint" : w === "ste" ? "sainte" : w; }).join(" ");
  }
  // As FrenchTerritories.searchMatchesRegion: each word begins a word of the région's name,
  // the first its first word (« bretagne », « ile de france »; not « val »).
  function matchesRegion(words, region) {
    var regionWords = region.split(" ");
    if (words.length === 0 || regionWords[0].indexOf(words[0]) !== 0) return false;
    return words.every(function (w) {
      return regionWords.some(function (r) { return r.indexOf(w) === 0; });
    });
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-recherche]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.region"));
  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var rowWords = row.getAttribute("data-recherche").split(" ");
      var region = row.closest("section.region").getAttribute("data-recherche-region") || "";
      // Each word begins a word of the row (« cote d or » is no Côtes-d’Armor), or the words name its région.
      var match = words.every(function (w) {
        return rowWords.some(function (r) { return r.indexOf(w) === 0; });
      }) || matchesRegion(words, region);
      row.hidden = !match;
      if (match) shown += 1;
    });
    sections.forEach(function (section) {
      section.hidden = section.querySelector("tr[data-recherche]:not([hidden])") === null;
    });
    status.textContent = shown === 0 ? "Aucun département ne correspond à la recherche."
      : shown === 1 ? "1 département affiché." : shown + " départements affichés.";
  }
  // The query goes into the address (?q=…), so that a filtered list can be shared or kept.
  function remember() {
    var q = input.value.trim();
    history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
  }
  input.addEventListener("input", function () { apply(); remember(); });
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
    remember();
    // On a phone the results start below the fold: bring them into view.
    status.scrollIntoView({ block: "start" });
  });
  if (input.value) apply();
})();
