"""Revisions of pages: every admin save is kept (django-reversion), compared
field by field like articles' (``articles.revisions.word_diff``)."""

from __future__ import annotations

import reversion
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.revisions import FieldChange, _body_text, word_diff

from .models import Page

reversion.register(Page)


def snapshot(version: Version) -> dict[str, str]:
    data = version.field_dict
    parent = Page.objects.filter(pk=data.get("parent_id")).values_list("title", flat=True).first()
    return {
        _("Title"): data.get("title", ""),
        _("Slug"): data.get("slug", ""),
        _("Parent page"): parent or "",
        _("Kind"): str(dict(Page.Kind.choices).get(data.get("kind", ""), "")),
        _("Body"): _body_text(data.get("body", "")),
        _("Status"): str(dict(Page.Status.choices).get(data.get("status"), data.get("status", ""))),
        _("SEO title"): data.get("seo_title", ""),
        _("SEO description"): data.get("seo_description", ""),
    }


def compare(old: Version, new: Version) -> list[FieldChange]:
    before, after = snapshot(old), snapshot(new)
    return [
        FieldChange(
            label=label,
            old=before[label],
            new=after[label],
            changed=before[label] != after[label],
            diff=word_diff(before[label], after[label]),
        )
        for label in after
    ]
