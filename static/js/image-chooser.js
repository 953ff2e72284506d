// The media library chooser: one dialog on the edit page, for the featured
// image field and for pictures in the article body. It searches the library,
// shows thumbnails and uploads, without leaving the page. Keyboard: the
// dialog is modal (focus stays inside, Escape closes it), every image is a
// button, and focus returns to the button that opened it.
"use strict";

(() => {
  // Words come translated from the server, in data attributes of the field or the body textarea.
  let dialog;
  let onChoose;
  let opener;
  let chooserUrl;

  function csrfToken(scope) {
    const input = scope.querySelector("input[name=csrfmiddlewaretoken]") ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function ensureDialog() {
    if (dialog) {
      return dialog;
    }
    dialog = document.createElement("dialog");
    dialog.className = "image-chooser-dialog";
    dialog.setAttribute("aria-labelledby", "image-chooser-heading");
    dialog.innerHTML =
      '<div class="image-chooser-dialog__head"><h2 id="image-chooser-heading"></h2>' +
      '<button type="button" class="button image-chooser-dialog__close"></button></div>' +
      '<div class="image-chooser-dialog__body" aria-live="polite"></div>';
    dialog.querySelector(".image-chooser-dialog__close").addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      if (opener) {
        opener.focus();
      }
    });
    dialog.addEventListener("submit", (event) => {
      const form = event.target;
      event.preventDefault();
      if (form.classList.contains("chooser__search")) {
        load(new URLSearchParams(new FormData(form)).toString(), true);
      } else if (form.classList.contains("chooser__upload")) {
        upload(form);
      }
    });
    dialog.addEventListener("click", (event) => {
      const item = event.target.closest(".chooser__item");
      if (item) {
        choose({ ...item.dataset });
      }
    });
    document.body.append(dialog);
    return dialog;
  }

  async function load(query, keepFocus) {
    const body = dialog.querySelector(".image-chooser-dialog__body");
    const response = await fetch(`${chooserUrl}?${query || ""}`, { credentials: "same-origin" });
    body.innerHTML = await response.text();
    const target = keepFocus ? body.querySelector(".chooser__item") || body.querySelector("#chooser-q")
      : body.querySelector("#chooser-q");
    if (target) {
      target.focus();
    }
  }

  async function upload(form) {
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    for (const list of form.querySelectorAll(".errorlist")) {
      list.hidden = true;
      list.replaceChildren();
    }
    try {
      const response = await fetch(`${chooserUrl}upload/`, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form) },
      });
      const data = await response.json();
      if (response.ok) {
        choose({ ...data.image, id: String(data.image.id) });
        return;
      }
      for (const [field, messages] of Object.entries(data.errors || {})) {
        const box = form.querySelector(`[data-field="${field}"] .errorlist`) || form.querySelector(".errorlist");
        for (const message of messages) {
          const item = document.createElement("li");
          item.textContent = message;
          box.append(item);
        }
        box.hidden = false;
      }
      const first = form.querySelector(".errorlist:not([hidden])");
      if (first) {
        first.closest(".chooser__field").querySelector("input, textarea").focus();
      }
    } finally {
      button.disabled = false;
    }
  }

  function choose(image) {
    const handler = onChoose;
    dialog.close();
    handler(image);
  }

  function open(url, words, button, handler) {
    chooserUrl = url;
    opener = button;
    onChoose = handler;
    ensureDialog();
    dialog.querySelector("h2").textContent = words.heading;
    dialog.querySelector(".image-chooser-dialog__close").textContent = words.close;
    dialog.showModal();
    load("", false);
  }

  function setUpField(field) {
    const input = field.querySelector("input[type=hidden]");
    const preview = field.querySelector(".image-chooser__preview");
    const openButton = field.querySelector(".image-chooser__open");
    const clearButton = field.querySelector(".image-chooser__clear");
    // The chosen image ({id, title, thumb}) or none, in the input and the preview.
    function show(image) {
      input.value = image ? image.id : "";
      if (image) {
        const img = document.createElement("img");
        img.src = image.thumb;
        img.alt = "";
        img.width = 120;
        img.height = 120;
        const title = document.createElement("span");
        title.className = "image-chooser__title";
        title.textContent = image.title;
        preview.replaceChildren(img, title);
      } else {
        const empty = document.createElement("span");
        empty.className = "image-chooser__empty";
        empty.textContent = field.dataset.empty;
        preview.replaceChildren(empty);
      }
      clearButton.hidden = !image;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    // For the edit page's autosave (desk-editing.js), which restores a chosen image.
    input.showChoice = show;
    openButton.addEventListener("click", () => {
      const words = { heading: field.dataset.heading, close: field.dataset.close };
      open(field.dataset.chooserUrl, words, openButton, show);
    });
    clearButton.addEventListener("click", () => {
      show(null);
      openButton.focus();
    });
  }

  function setUpBody(textarea) {
    const url = textarea.dataset.imageChooser;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button image-chooser__body";
    button.textContent = textarea.dataset.imageChooserLabel;
    const place = textarea.closest(".prose-editor") || textarea;
    place.before(button);
    button.addEventListener("click", () => {
      // Set by article-editor.js once the editor runs.
      const editor = textarea.articleEditor;
      const words = { heading: textarea.dataset.imageChooserHeading, close: textarea.dataset.imageChooserClose };
      open(url, words, button, (image) => {
        if (editor) {
          editor.chain().focus().insertContent(image.figure).run();
        } else {
          textarea.value += image.figure;
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const field of document.querySelectorAll(".image-chooser[data-chooser-url]")) {
      setUpField(field);
    }
    for (const textarea of document.querySelectorAll("textarea[data-image-chooser]")) {
      setUpBody(textarea);
    }
  });
})();
