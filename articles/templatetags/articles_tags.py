import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from newsroom import pagecache

from .. import cards, embeds, invalidation, metadata
from ..metadata import PageMeta
from ..models import Article, EmbedProvider

register = template.Library()


@register.simple_tag(takes_context=True)
def body(context, html: str, language: str = ""):
    """A body (sanitized on save) as readers see it: cards of enabled providers become their players.

    The page then depends on those providers' switches (the page cache and the ETag).
    """
    enabled = embeds.enabled_players() if 'class="embed-card"' in html else frozenset()
    shown_language = language if language and language != get_language() else ""
    rendered, shown = embeds.with_players(html, enabled, shown_language)
    request = context.get("request")
    if shown and request is not None:
        pagecache.lists(request, EmbedProvider, *sorted(shown))
        if shown & enabled:
            embeds.shows_players(request)  # the page's policy then allows their frames
    return mark_safe(rendered)


# --- cards and their parts (articles/cards.py) ---------------------------------------


@register.simple_tag
def card(article: Article, lead: bool = False, level: int = 3):
    return cards.card(article, lead=lead, level=level)


@register.simple_tag
def byline(article: Article):
    return cards.byline(article)


@register.simple_tag
def dateline(article: Article, show_updated: bool = False):
    return cards.dateline(article, show_updated)


@register.simple_tag
def picture(image, sizes: str, lazy: bool = False):
    return cards.picture(image, sizes, lazy)


@register.inclusion_tag("articles/_latest_box.html", takes_context=True)
def latest_articles(context, count: int = 5, exclude: Article | None = None):
    """A small "latest" box, read from the same published() rule as the views."""
    articles = Article.objects.published().select_related("primary_category")
    if exclude is not None:
        articles = articles.exclude(pk=exclude.pk)
    articles = list(articles[:count])
    if context.get("request") is not None:
        invalidation.listed(context["request"], articles)
    return {"articles": articles}


# --- head metadata ------------------------------------------------------------------

# As django.utils.html.json_script: nothing in the data can close the script element.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# Open Graph wants territory-style locales.
OG_LOCALES = {"en": "en_US", "fa": "fa_AF", "ps": "ps_AF"}


@register.inclusion_tag("includes/_page_meta.html", takes_context=True)
def page_meta(context, meta: PageMeta | None = None, noindex: bool = False):
    """Canonical URL, description, Open Graph, Twitter card and feed links for the head."""
    request = context.get("request")
    meta = meta or PageMeta(feeds=metadata.site_feeds())
    absolute = request.build_absolute_uri if request else (lambda path: path)
    path = meta.path or (request.path if request else "/")
    language = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    return {
        "meta": meta,
        "site_name": context.get("site_name", settings.NEWSROOM_SITE_NAME),
        "title": meta.title or context.get("site_name", settings.NEWSROOM_SITE_NAME),
        "description": meta.description or context.get("site_tagline", settings.NEWSROOM_SITE_TAGLINE),
        "canonical": absolute(path),
        "image": absolute(meta.image) if meta.image else "",
        "locale": OG_LOCALES.get(language, language),
        "noindex": noindex or meta.noindex,
        "authors": [absolute(author) for author in meta.authors],
        "published": timezone.localtime(meta.published).isoformat() if meta.published else "",
        "modified": timezone.localtime(meta.modified).isoformat() if meta.modified else "",
    }


@register.simple_tag
def json_ld(data) -> str:
    """A schema.org data block: JSON, escaped so that it cannot end the element early.

    A data block (not executable script) is allowed under a strict CSP.
    """
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
