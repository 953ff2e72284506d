"""Library images inside rich-text bodies (articles, pages: any model naming its
``library_body_field``): written with their current renditions, found when an
image changes or is about to be deleted."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils.html import format_html

_IMG_TAG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"', re.IGNORECASE)


def body_image_ref(src: str) -> str:
    """What identifies a library image in a body ``src``: its key, or a pre-library stored name."""
    key = _KEY_IN_URL.search(src)
    if key:
        return key.group(1)
    base = default_storage.url("")
    return src[len(base) :] if base and src.startswith(base) else ""


_KEY_IN_URL = re.compile(r"/library/([0-9a-f]{32})/")


def responsive_body_images(html: str, find: Callable[[set[str]], dict[str, dict]]) -> str:
    """Write each library image of a body with its current renditions.

    ``html`` is already sanitized (nh3 writes every attribute as name="value"),
    so a small pattern is enough. ``find`` maps references (see
    ``body_image_ref``) to ``img`` attributes in one query. The alt text
    written in the editor is kept; an empty one takes the library's. Images
    from elsewhere are left as they are.
    """
    if "<img" not in html:
        return html
    tags = [(match, dict(_ATTRIBUTE.findall(match.group(1)))) for match in _IMG_TAG.finditer(html)]
    refs = {body_image_ref(unescape(attrs.get("src", ""))) for _match, attrs in tags} - {""}
    found = find(refs) if refs else {}
    if not found:
        return html
    pieces, position = [], 0
    for match, attrs in tags:
        current = found.get(body_image_ref(unescape(attrs.get("src", ""))))
        if not current or not current.get("src"):
            continue
        alt = unescape(attrs.get("alt", "")) or current["alt"]
        tag = format_html(
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy">',
            current["src"],
            current["srcset"],
            current["sizes"],
            current["width"],
            current["height"],
            alt,
        )
        pieces += [html[position : match.start()], tag]
        position = match.end()
    pieces.append(html[position:])
    return "".join(pieces)


def models_with_bodies() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if getattr(model, "library_body_field", None)]


def showing(model: type[models.Model], key) -> models.QuerySet:
    """The items of ``model`` whose body shows the image with ``key``: a value, or an
    expression such as ``OuterRef("key")`` for a subquery over images."""
    if hasattr(key, "resolve_expression"):
        reference = Concat(Value("library/"), key, Value("/"))
    else:
        reference = f"library/{key}/"
    return model._default_manager.filter(**{f"{model.library_body_field}__contains": reference})


def refresh(image) -> None:
    """Bring the body figures of ``image`` up to date everywhere (new renditions, alt text)."""
    from .models import Image

    for model in models_with_bodies():
        field = model.library_body_field
        for pk, body in showing(model, image.key).values_list("pk", field):
            fresh = responsive_body_images(body, Image.objects.for_body)
            if fresh != body:
                model._default_manager.filter(pk=pk).update(**{field: fresh})
