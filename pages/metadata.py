"""What a page tells search engines and link previews: canonical, Open Graph, JSON-LD."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _

from articles.metadata import PageMeta, _iso, describe, publisher, site_feeds

from .models import Page

# schema.org's own types for the pages that have one; WebPage for the rest.
SCHEMA_TYPES = {Page.Kind.ABOUT: "AboutPage", Page.Kind.CONTACT: "ContactPage"}


def for_page(page: Page) -> PageMeta:
    return PageMeta(
        title=page.seo_title or page.title,
        description=describe(page.seo_description or page.body),
        path=page.get_absolute_url(),
        type="website",
        modified=page.updated_at,
        feeds=site_feeds(),
        noindex=not page.is_published,
    )


def page_structured_data(page: Page, absolute: Callable[[str], str], special: dict | None = None) -> dict:
    url = absolute(page.get_absolute_url())
    agency = publisher(absolute, special)
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(page.kind, "WebPage"),
        "@id": url,
        "url": url,
        "name": page.title,
        "description": describe(page.seo_description or page.body, 300),
        "inLanguage": page.language,
        "dateModified": _iso(page.updated_at),
        "isPartOf": {"@type": "WebSite", "name": agency["name"], "url": agency["url"]},
        "publisher": agency,
    }
    if page.first_published_at:
        data["datePublished"] = _iso(page.first_published_at)
    return data


def breadcrumb_data(page: Page, absolute: Callable[[str], str]) -> dict:
    trail = [(_("Home"), reverse("articles:home"))]
    if page.parent_id:
        trail.append((page.parent.title, page.parent.get_absolute_url()))
    trail.append((page.title, page.get_absolute_url()))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }
