// The body editor's image picker: hands the chosen image back to the editor
// window that opened it (django-prose-editor's Figure dialog), then closes.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const picker = document.querySelector(".picker");
  if (!picker) {
    return;
  }
  const funcNum = picker.dataset.funcNum;
  const editor = window.opener && window.opener.CKEDITOR && window.opener.CKEDITOR.tools;
  if (!funcNum || !editor) {
    picker.querySelector(".picker-message").hidden = false;
  }
  picker.addEventListener("click", (event) => {
    const item = event.target.closest(".picker-item");
    if (!item || !funcNum || !editor) {
      return;
    }
    if (item.dataset.credit) {
      // The body editor writes the credit into the figure's caption (article-editor.js).
      window.opener.articleEditorCredits = window.opener.articleEditorCredits || {};
      window.opener.articleEditorCredits[item.dataset.url] = item.dataset.credit;
    }
    editor.callFunction(Number(funcNum), item.dataset.url, {
      id: item.dataset.id,
      alternative_text: item.dataset.alt,
      caption: item.dataset.caption,
    });
    window.close();
  });
});
