// Suggest existing tags while typing in the comma-separated tags field of
// the article form. Uses the admin's own autocomplete endpoint and a native
// <datalist>; without JavaScript the field is a plain text input.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const input = document.querySelector("input[name='tags']");
  if (!input || !input.dataset.autocompleteUrl) {
    return;
  }
  const list = document.createElement("datalist");
  list.id = "tag-suggestions";
  input.after(list);
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");

  const endpoint = new URL(input.dataset.autocompleteUrl, window.location.href);
  let timer = null;

  function split(value) {
    const parts = value.split(",");
    const term = parts.pop().trim();
    return { done: parts.map((part) => part.trim()).filter(Boolean), term };
  }

  async function suggest() {
    const { done, term } = split(input.value);
    if (term.length < 2) {
      list.replaceChildren();
      return;
    }
    const url = new URL(endpoint);
    url.search = new URLSearchParams({
      term,
      app_label: "articles",
      model_name: "article",
      field_name: "tags",
    }).toString();
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) {
      return;
    }
    const data = await response.json();
    const prefix = done.length ? done.join(", ") + ", " : "";
    list.replaceChildren(
      ...data.results
        .filter((result) => !done.includes(result.text))
        .map((result) => {
          const option = document.createElement("option");
          option.value = prefix + result.text;
          return option;
        }),
    );
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 200);
  });
});
