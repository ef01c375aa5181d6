// Progressive enhancement only: every page works without this file.
// Filter forms marked data-autosubmit apply a changed select or checkbox at once
// (text and date fields still wait for Enter or the Apply button).
(function () {
  "use strict";
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      var field = event.target;
      if (field.tagName === "SELECT" || field.type === "checkbox") {
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
  });
  // Keyboard: "j"/"k" move between changed rows of a side-by-side diff.
  var rows = Array.prototype.slice.call(document.querySelectorAll(".sbs .k-fact, .sbs .k-cosmetic"));
  var at = -1;
  document.addEventListener("keydown", function (event) {
    if (!rows.length || event.target.closest("input, select, textarea")) { return; }
    if (event.key !== "j" && event.key !== "k") { return; }
    at = Math.max(0, Math.min(rows.length - 1, at + (event.key === "j" ? 1 : -1)));
    rows[at].scrollIntoView({block: "center"});
  });
})();
