"""The rich-text widget of the article body.

It uses django-prose-editor's bundled editor (no CDN) but not its import map:
an import map is an inline script, which a strict Content-Security-Policy
refuses. Our own module imports the editor by path instead.
"""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.translation import gettext
from django_prose_editor.config import expand_extensions

# What the toolbar offers. Everything it can produce is in the allowlist of
# articles.sanitize, which cleans the body on every save whatever the source.
BODY_EXTENSIONS: dict = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Image": True,
    # Pictures come from the media library through the chooser button above
    # the editor (library/widgets.py); Figure and Caption keep them editable.
    "Figure": True,
    "Caption": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HTML": True,
    # Writers want the browser's spellchecker (django-prose-editor turns it off by default).
    "NoSpellCheck": False,
}


class ArticleBodyWidget(forms.Textarea):
    def __init__(self, attrs=None, extensions: dict | None = None):
        super().__init__(attrs)
        self.extensions = extensions or BODY_EXTENSIONS

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        config = {"extensions": expand_extensions(self.extensions)}
        attrs = context["widget"]["attrs"]
        attrs["data-article-editor"] = json.dumps(config, separators=(",", ":"), cls=DjangoJSONEncoder)
        # The live count under the editor; {n} is filled in by article-editor.js.
        attrs["data-words-one"] = gettext("{n} word")
        attrs["data-words-other"] = gettext("{n} words")
        attrs["data-reading-time"] = gettext("about {n} min to read")
        attrs["data-image-chooser"] = reverse("admin:library_image_chooser")
        attrs["data-image-chooser-label"] = gettext("Insert image from the library")
        attrs["data-image-chooser-heading"] = gettext("Insert an image in the body")
        attrs["data-image-chooser-close"] = gettext("Close")
        # As under the featured image (articles/_article_main.html).
        attrs["data-credit-label"] = gettext("Photo: {credit}")
        return context

    def use_required_attribute(self, initial):
        # The textarea is hidden behind the editor; a browser could not focus it.
        return False

    class Media:
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "django_prose_editor/overrides.css",
                "css/admin-editor.css",
                "css/image-chooser.css",
            ]
        }
        js = ["js/image-chooser.js", forms.Script("js/article-editor.js", type="module")]


def text_follows_language(form, names: list[str]) -> None:
    """The fields ``names`` of ``form`` are written in the item's language: they take its direction
    and ``lang`` as the language select changes (static/js/text-direction.js)."""
    language = form.fields.get("language")
    if language is None:
        return
    directions = {
        code: "rtl" if code in settings.LANGUAGES_BIDI else "ltr" for code, _name in settings.LANGUAGES
    }
    language.widget.attrs["data-text-directions"] = json.dumps(directions)
    for name in names:
        if name in form.fields:
            form.fields[name].widget.attrs["data-follows-language"] = ""
