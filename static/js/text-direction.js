// An article's or page's text takes the direction of its own language, not the admin's: Dari
// typed in the English admin reads right to left, English in the Dari admin left to right.
// The language select names each language's direction (articles.widgets.text_follows_language).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-text-directions]")) {
    const directions = JSON.parse(select.dataset.textDirections);
    const apply = () => {
      const direction = directions[select.value];
      if (!direction) {
        return;
      }
      for (const field of select.form.querySelectorAll("[data-follows-language]")) {
        // The body's editor wraps its textarea (article-editor.js runs first, as a module).
        const shown = field.closest(".prose-editor") || field;
        shown.dir = direction;
        shown.lang = select.value;
      }
    };
    select.addEventListener("change", apply);
    apply();
  }
});
