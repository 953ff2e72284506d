// The article body editor (django-prose-editor's Tiptap build), started
// without inline scripts or injected <style> so it runs under a strict
// Content-Security-Policy. Its options come from the textarea's
// data-article-editor attribute, written by articles.widgets.ArticleBodyWidget.
import * as prose from "../django_prose_editor/editor.js";

const ATTRIBUTE = "data-article-editor";
// Reading speed for the reading-time estimate, words per minute.
const WORDS_PER_MINUTE = 200;

// The cursor must never be trapped in an image caption: Enter or ArrowDown
// there goes to the paragraph after the figure (made if there is none), and
// the body never ends with a figure, so there is always a line to click below.
const CaptionEscape = prose.Extension.create({
  name: "captionEscape",
  addKeyboardShortcuts() {
    const leave = ({ editor }) => {
      const { $from } = editor.state.selection;
      if ($from.parent.type.name !== "caption") {
        return false;
      }
      let depth = $from.depth;
      while (depth > 0 && $from.node(depth).type.name !== "figure") {
        depth -= 1;
      }
      if (depth === 0) {
        return false;
      }
      const after = $from.after(depth);
      const next = editor.state.doc.resolve(after).nodeAfter;
      if (next && next.type.name === "paragraph") {
        return editor.chain().focus().setTextSelection(after + 1).run();
      }
      return editor
        .chain()
        .focus()
        .insertContentAt(after, { type: "paragraph" })
        .setTextSelection(after + 1)
        .run();
    };
    return { Enter: leave, ArrowDown: leave };
  },
  addProseMirrorPlugins() {
    return [
      new prose.Plugin({
        appendTransaction(transactions, oldState, newState) {
          const last = newState.doc.lastChild;
          if (!transactions.some((tr) => tr.docChanged) || !last || last.type.name !== "figure") {
            return null;
          }
          return newState.tr.insert(newState.doc.content.size, newState.schema.nodes.paragraph.create());
        },
      }),
    ];
  },
});

// A selected picture is never edited into an empty one. ProseMirror's own keys
// split the figure around a selected image (Enter made a second figure with a
// picture without src) or replace the image by the text typed. Here, as in
// WordPress's editor: Enter or typing writes in a paragraph below the figure,
// Backspace and Delete remove the whole figure, caption included.
function selectedBlockPicture(state) {
  const { node, $from, from } = state.selection; // only a node selection has a node
  if (!node) {
    return null;
  }
  if (node.type.name === "figure") {
    return { from, to: from + node.nodeSize };
  }
  if (node.type.name !== "image") {
    return null;
  }
  if ($from.parent.type.name === "figure") {
    return { from: $from.before(), to: $from.after() };
  }
  return $from.parent.isTextblock ? null : { from, to: from + node.nodeSize };
}

// Enter, or text typed, with a picture selected: a paragraph below its figure.
function writeBelow(editor, text = "") {
  const picture = selectedBlockPicture(editor.state);
  if (!picture) {
    return false;
  }
  const paragraph = text ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" };
  return editor
    .chain()
    .insertContentAt(picture.to, paragraph)
    .setTextSelection(picture.to + 1 + text.length)
    .scrollIntoView()
    .run();
}

function removePicture(editor) {
  const picture = selectedBlockPicture(editor.state);
  return picture ? editor.chain().deleteRange(picture).run() : false;
}

const PictureGuard = prose.Extension.create({
  name: "pictureGuard",
  priority: 1000,
  addKeyboardShortcuts() {
    return {
      Enter: ({ editor }) => writeBelow(editor),
      Backspace: ({ editor }) => removePicture(editor),
      Delete: ({ editor }) => removePicture(editor),
    };
  },
  addProseMirrorPlugins() {
    const { editor } = this;
    return [
      new prose.Plugin({
        props: {
          handleTextInput: (view, from, to, text) => writeBelow(editor, text),
        },
      }),
    ];
  },
});

// A photo credit inside a caption: <span class="credit">, the one class the
// body sanitizer keeps, styled on the site like the featured image's credit.
const Credit = prose.Mark.create({
  name: "credit",
  parseHTML() {
    return [{ tag: "span.credit" }];
  },
  renderHTML() {
    return ["span", { class: "credit" }, 0];
  },
});

// An embed's link card (articles/embeds.py), kept whole: the Figure node would
// take any <figure> and split the card into an empty picture and a loose link.
// Rebuilt from its parts (never from its HTML); the caption is kept as text.
const EmbedCard = prose.Node.create({
  name: "embedCard",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,
  priority: 1000,
  addAttributes() {
    const part = { default: "", rendered: false };
    return { href: part, provider: part, title: part, address: part, caption: part };
  },
  parseHTML() {
    return [
      {
        tag: "figure.embed-card",
        priority: 100,
        getAttrs(figure) {
          const link = figure.querySelector("a[href]");
          if (!link) {
            return false;
          }
          const text = (selector) => (figure.querySelector(selector)?.textContent || "").trim();
          return {
            href: link.getAttribute("href"),
            provider: text(".embed-provider"),
            title: text(".embed-title"),
            address: text(".embed-address"),
            caption: text("figcaption"),
          };
        },
      },
    ];
  },
  renderHTML({ node }) {
    const { href, provider, title, address, caption } = node.attrs;
    const link = [
      "a",
      { href },
      ["span", { class: "embed-provider" }, provider],
      " ",
      ["strong", { class: "embed-title" }, title],
      " ",
      ["span", { class: "embed-address" }, address],
    ];
    return caption ? ["figure", { class: "embed-card" }, link, ["figcaption", caption]] : ["figure", { class: "embed-card" }, link];
  },
});

// When the picker hands over an image with a credit (body-image-picker.js),
// the inserted figure's caption gets "Photo: <credit>" once.
function creditWriter(label) {
  return new prose.Plugin({
    appendTransaction(transactions, oldState, newState) {
      const credits = window.articleEditorCredits;
      if (!credits || !transactions.some((tr) => tr.docChanged)) {
        return null;
      }
      const { schema } = newState;
      let tr = null;
      newState.doc.descendants((node, pos) => {
        if (node.type.name !== "figure") {
          return true;
        }
        const image = node.firstChild;
        const src = image && image.attrs.src;
        if (!src || !(src in credits)) {
          return false;
        }
        const text = label.replace("{credit}", credits[src]);
        delete credits[src];
        const credit = schema.text(text, [schema.marks.credit.create()]);
        tr = tr || newState.tr;
        const caption = node.lastChild.type.name === "caption" ? node.lastChild : null;
        if (caption) {
          const end = tr.mapping.map(pos + node.nodeSize - 2);
          tr.insert(end, caption.content.size ? [schema.text(" "), credit] : [credit]);
        } else {
          tr.insert(tr.mapping.map(pos + node.nodeSize - 1), schema.nodes.caption.create(null, credit));
        }
        return false;
      });
      return tr;
    },
  });
}

function counter(textarea, wrapper) {
  const output = document.createElement("p");
  output.className = "article-editor-count";
  output.setAttribute("aria-live", "polite");
  output.id = `${textarea.id}_count`;
  wrapper.after(output);
  return (editor) => {
    const text = editor.getText({ blockSeparator: " " }).trim();
    const words = text ? text.split(/\s+/u).length : 0;
    const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
    const template = words === 1 ? textarea.dataset.wordsOne : textarea.dataset.wordsOther;
    const count = (template || "{n}").replace("{n}", words.toLocaleString(document.documentElement.lang || undefined));
    const reading = (textarea.dataset.readingTime || "{n}").replace("{n}", minutes.toLocaleString());
    output.textContent = words ? `${count} · ${reading}` : count;
  };
}

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
  const count = counter(textarea, wrapper);
  const editor = new prose.Editor({
    element: wrapper,
    editable: !disabled,
    // Tiptap would add its base CSS as an inline <style>; ours is in admin-editor.css.
    injectCSS: false,
    extensions: [
      ...extensionsFrom(config),
      PictureGuard,
      CaptionEscape,
      Credit,
      EmbedCard,
      prose.Extension.create({
        name: "creditWriter",
        addProseMirrorPlugins: () => [creditWriter(textarea.dataset.creditLabel || "{credit}")],
      }),
    ],
    content: textarea.value,
    onCreate({ editor }) {
      count(editor);
    },
    onUpdate({ editor }) {
      count(editor);
      const html = editor.getHTML();
      // An editor always holds one empty paragraph; an empty body stays empty.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  wrapper.classList.add("is-ready");
  // For the edit page's autosave, which refills the body when restoring.
  textarea.articleEditor = editor;
  textarea.dispatchEvent(new CustomEvent("article-editor:ready", { detail: { editor }, bubbles: true }));
  return editor;
}

for (const textarea of document.querySelectorAll(`[${ATTRIBUTE}]`)) {
  start(textarea);
}
