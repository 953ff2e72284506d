// The page form asks before a tab with unsaved changes is closed or left, as the article
// form does (desk-editing.js, which also autosaves). Saving leaves without asking.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("page_form");
  if (!form) {
    return;
  }
  const state = () => new URLSearchParams(new FormData(form)).toString();
  const opened = state();
  let saving = false;
  form.addEventListener("submit", () => {
    saving = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (!saving && state() !== opened) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
