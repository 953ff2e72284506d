// The article edit page: autosave, the restore prompt, the leave warning and
// who else has the article open. The server keeps one autosave per user and
// article (desk.editing); nothing here publishes or saves the article itself.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const config = document.getElementById("desk-editing");
  const form = document.getElementById("article_form");
  if (!config || !form) {
    return;
  }
  // Never kept or restored: the token, buttons, files and the formsets' bookkeeping.
  const SKIPPED = /^(csrfmiddlewaretoken|_workflow|_autosave_key)$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;
  const article = config.dataset.article;
  const status = document.getElementById("desk-autosave-status");
  const presence = document.getElementById("desk-presence");
  const prompt = document.getElementById("desk-autosave-prompt");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const autosaveEvery = Math.max(2, Number(config.dataset.autosaveSeconds) || 10) * 1000;
  const presenceEvery = Math.max(5, Number(config.dataset.presenceSeconds) || 20) * 1000;

  function randomKey() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  // A new article is known by a key of this form until its first save.
  let draftKey = "";
  if (!article) {
    draftKey = randomKey();
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "_autosave_key";
    hidden.value = draftKey;
    form.append(hidden);
  }

  function fields() {
    return Array.from(form.elements).filter(
      (element) =>
        element.name &&
        !SKIPPED.test(element.name) &&
        !element.name.includes("__prefix__") &&
        !["file", "submit", "button", "reset"].includes(element.type),
    );
  }

  function serialize() {
    const data = {};
    for (const element of fields()) {
      if ((element.type === "checkbox" || element.type === "radio") && !element.checked) {
        continue;
      }
      const multiple = element.tagName === "SELECT" && element.multiple;
      const value = multiple ? Array.from(element.selectedOptions, (option) => option.value) : element.value;
      // A name met twice (checkboxes of one field) becomes a list, as in a POST.
      data[element.name] = element.name in data ? [].concat(data[element.name], value) : value;
    }
    return JSON.stringify(data);
  }

  // An autocomplete select holds only the options chosen when the page was made: one the
  // autosave chose since is added, with the label the server sent (desk.editing.shown_choices).
  function addMissingOptions(select, values, shown) {
    const present = new Set(Array.from(select.options, (option) => option.value));
    for (const value of values) {
      if (value && !present.has(value) && shown[value]) {
        select.append(new Option(shown[value].text, value));
      }
    }
  }

  function fill(data, choices) {
    for (const element of fields()) {
      const present = Object.prototype.hasOwnProperty.call(data, element.name);
      const values = present ? [].concat(data[element.name]) : [];
      const shown = choices[element.name] || {};
      if (element.tagName === "SELECT") {
        addMissingOptions(element, values, shown);
      }
      if (element.showChoice && present) {
        // The image chooser: its hidden input and the preview beside it.
        const chosen = values[0] && shown[values[0]];
        element.showChoice(chosen ? { id: values[0], title: chosen.text, thumb: chosen.thumb } : null);
      } else if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value);
      } else if (element.tagName === "SELECT" && element.multiple) {
        for (const option of element.options) {
          option.selected = values.includes(option.value);
        }
      } else if (present) {
        element.value = values[0];
        if (element.articleEditor) {
          element.articleEditor.commands.setContent(values[0], { emitUpdate: false });
        }
      } else {
        continue;
      }
      element.dispatchEvent(new Event("input", { bubbles: true }));
      element.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function body(extra) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    data.append("article", article);
    data.append("draft_key", draftKey);
    for (const [name, value] of Object.entries(extra || {})) {
      data.append(name, value);
    }
    return data;
  }

  function post(url, extra) {
    return fetch(url, {
      method: "POST",
      body: body(extra),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
    });
  }

  const editToken = () => (form.querySelector("input[name=edit_token]") || {}).value || "";
  let baseline = serialize();
  let kept = baseline;
  let submitting = false;

  async function autosave() {
    const current = serialize();
    if (current === kept) {
      return;
    }
    try {
      const response =
        current === baseline
          ? await post(config.dataset.discardUrl)
          : await post(config.dataset.autosaveUrl, { data: current, edit_token: editToken() });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const answer = await response.json();
      kept = current;
      status.textContent = answer.label || "";
      status.dataset.savedAt = answer.saved_at || "";
    } catch (error) {
      status.textContent = config.dataset.failed;
    }
  }

  function keepOnLeaving() {
    const current = serialize();
    if (submitting || current === kept || current === baseline) {
      return;
    }
    navigator.sendBeacon(config.dataset.autosaveUrl, body({ data: current, edit_token: editToken() }));
    kept = current;
  }

  async function heartbeat() {
    if (!article) {
      return;
    }
    try {
      const response = await post(config.dataset.presenceUrl);
      if (response.ok) {
        const answer = await response.json();
        presence.textContent = answer.message;
        presence.hidden = !answer.message;
      }
    } catch (error) {
      // The next beat tries again; the notice keeps its last state meanwhile.
    }
  }

  // The body editor fills its textarea only when it changes; take the
  // baseline once it has started, so opening a page never counts as a change.
  document.addEventListener("article-editor:ready", () => {
    baseline = kept = serialize();
  });

  form.addEventListener("submit", () => {
    submitting = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && serialize() !== baseline) {
      event.preventDefault();
      event.returnValue = config.dataset.leaveWarning;
    }
  });
  window.addEventListener("pagehide", () => {
    keepOnLeaving();
    if (article) {
      navigator.sendBeacon(config.dataset.presenceUrl, body({ leaving: "1" }));
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      keepOnLeaving();
    }
  });
  window.setInterval(autosave, autosaveEvery);
  window.setInterval(heartbeat, presenceEvery);
  heartbeat();

  if (prompt) {
    const saved = JSON.parse(document.getElementById("desk-autosave-data").textContent);
    const choices = JSON.parse(document.getElementById("desk-autosave-choices").textContent);
    prompt.hidden = false;
    prompt.querySelector("[data-autosave-restore]").addEventListener("click", () => {
      if (!article && prompt.dataset.draftKey) {
        draftKey = prompt.dataset.draftKey;
        form.querySelector("input[name=_autosave_key]").value = draftKey;
      }
      fill(saved, choices);
      kept = serialize();
      prompt.remove();
      (form.querySelector("input[name=title]") || form).focus();
    });
    prompt.querySelector("[data-autosave-discard]").addEventListener("click", () => {
      const payload = body();
      if (prompt.dataset.draftKey) {
        // The discarded draft is an earlier form's; this one keeps its own key.
        payload.set("draft_key", prompt.dataset.draftKey);
      }
      fetch(config.dataset.discardUrl, {
        method: "POST",
        body: payload,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf },
      });
      prompt.remove();
    });
  }
});
