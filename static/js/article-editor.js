// The article body editor (django-prose-editor's Tiptap build), started
// without inline scripts or injected <style> so it runs under a strict
// Content-Security-Policy. Its options come from the textarea's
// data-article-editor attribute, written by articles.widgets.ArticleBodyWidget.
import * as prose from "../django_prose_editor/editor.js";

const ATTRIBUTE = "data-article-editor";

function extensionsFrom(config) {
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = prose[name];
    if (!extension) {
      continue;
    }
    extensions.push(options && typeof options === "object" ? extension.configure(options) : extension);
  }
  return extensions;
}

function start(textarea) {
  if (textarea.closest(".prose-editor") || textarea.id.includes("__prefix__")) {
    return;
  }
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = document.createElement("div");
  wrapper.className = disabled ? "prose-editor disabled" : "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new prose.Editor({
    element: wrapper,
    editable: !disabled,
    // Tiptap would add its base CSS as an inline <style>; ours is in admin-editor.css.
    injectCSS: false,
    extensions: extensionsFrom(config),
    content: textarea.value,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      // An editor always holds one empty paragraph; an empty body stays empty.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  wrapper.classList.add("is-ready");
  // The library chooser (image-chooser.js) inserts figures through it.
  wrapper.editor = editor;
  textarea.dispatchEvent(new CustomEvent("article-editor:ready", { detail: { editor }, bubbles: true }));
  return editor;
}

for (const textarea of document.querySelectorAll(`[${ATTRIBUTE}]`)) {
  start(textarea);
}
