"""Article cards, bylines, datelines and pictures as HTML, built in Python.

The home page shows about thirty cards and a listing twelve; through the
template engine each card was four nested includes and a few dozen variable
lookups and filters, most of the page's render. Here each is a few escaped
strings joined together: the same markup (tests/articles/test_cards.py) in a
fraction of the time (bench/README.md). Every value from the database goes
through ``escape()``; translated interface words are used as the templates
used them (their msgids are unchanged, so the catalogues still apply).

The template tags in ``articles_tags`` (``card``, ``byline``, ``dateline``,
``picture``) put them in pages.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from library.models import Image
from newsroom import calendars
from newsroom.languages import local_digits

from .models import Article
from .templatetags.languages import content_language, machine_time

CARD_SIZES = "(min-width: 60rem) 20rem, 100vw"
LEAD_SIZES = "(min-width: 60rem) 60vw, 100vw"


def picture(image: Image | None, sizes: str, lazy: bool = False) -> SafeString:
    """``<picture>`` with AVIF (when made), WebP and JPEG sources; nothing for an image without renditions."""
    if image is None or not (image.renditions or {}).get("sizes"):
        return mark_safe("\n")
    sizes = escape(sizes)
    avif = image.srcset_avif
    parts = ["<picture>\n  "]
    if avif:
        parts.append(f'<source type="image/avif" srcset="{escape(avif)}" sizes="{sizes}">\n  ')
    parts += [
        f'<source type="image/webp" srcset="{escape(image.srcset_webp)}" sizes="{sizes}">\n  ',
        f'<img src="{escape(image.src)}" srcset="{escape(image.srcset())}" sizes="{sizes}"',
        f' width="{image.display_width}" height="{image.display_height}" alt="{escape(image.alt_text)}"',
        ' loading="lazy" decoding="async">' if lazy else ">",
        "\n</picture>\n",
    ]
    return mark_safe("".join(parts))


def byline(article: Article) -> SafeString:
    """ "By A, B and C — Source": author links in byline order, then the source line."""
    authors = article.ordered_authors()
    parts = ['<p class="byline">']
    if authors:
        names = []
        last, before_last = len(authors) - 1, " " + pgettext("before the last name in a byline", "and") + " "
        for index, author in enumerate(authors):
            if index:
                names.append(before_last if index == last else pgettext("between names in a byline", ", "))
            names.append(
                f'<a class="byline__author" href="{escape(author.get_absolute_url())}" rel="author">'
                f"<bdi>{escape(author.name)}</bdi></a>"
            )
        # One sentence: the words go before the names in English and Dari, around them in Pashto.
        parts.append(pgettext("byline", "By %(names)s") % {"names": "".join(names)})
    if article.source_line:
        parts.append(f'<span class="byline__source"> &mdash; <bdi>{escape(article.source_line)}</bdi></span>')
    parts.append("</p>\n")
    return mark_safe("".join(parts))


def _time(moment) -> str:
    shown = escape(calendars.local_date(moment, "DATETIME"))
    return f'<time datetime="{machine_time(moment)}">{shown}</time>'


def dateline(article: Article, show_updated: bool = False) -> SafeString:
    """The publish time, and the last update when it is worth telling (``Article.was_updated``)."""
    updated = ""
    if show_updated and article.was_updated:
        label = gettext("Updated")
        updated = f'\n    <span class="dateline__updated">{label} {_time(article.updated_at)}</span>\n  '
    return mark_safe(f'<p class="dateline">\n  {_time(article.publish_at)}\n  {updated}\n</p>\n')


def card(article: Article, *, lead: bool = False, level: int = 3) -> SafeString:
    """A teaser: picture, kicker, title, dek, byline, dates and replies.

    The title is an ``h2`` for the lead or at ``level`` 2, else an ``h3``.

    ``article`` comes from ``ArticleQuerySet.for_listing()`` (primary category,
    featured image, bylines and the reply count loaded with it).
    """
    url = escape(article.get_absolute_url())
    lang = content_language(article.language)
    parts = [f'<article class="card{" card--lead" if lead else ""}">\n  ']
    if article.featured_image_id:
        image = article.featured_image
        shown = picture(image, LEAD_SIZES, lazy=False) if lead else picture(image, CARD_SIZES, lazy=True)
        parts += [
            f'\n    <a class="card__image" href="{url}" tabindex="-1" aria-hidden="true">\n      ',
            shown,
            "\n    </a>\n    ",
        ]
        if lead and image.credit:
            credit = pgettext("image credit", "Photo: %(credit)s") % {"credit": escape(image.credit)}
            parts.append(f'<p class="card__credit">{credit}</p>')
        parts.append("\n  ")
    parts.append('\n  <div class="card__text">\n    ')
    category = article.primary_category
    if category:
        category_url = escape(category.get_absolute_url())
        parts.append(f'<p class="kicker"><a href="{category_url}">{escape(category.name)}</a></p>')
    heading = "h2" if lead or level == 2 else "h3"
    title_class = "card__title card__title--lead" if lead else "card__title"
    # On the heading, not the link: the whole line takes the title's direction, as the dek's does.
    title = f'<a href="{url}">{escape(article.title)}</a>'
    parts.append(f'\n    <{heading} class="{title_class}"{lang}>{title}</{heading}>\n    ')
    if article.dek:
        parts.append(f'<p class="card__dek"{lang}>{escape(article.dek)}</p>')
    parts += ["\n    ", byline(article), "\n    ", dateline(article), "\n    "]
    count = getattr(article, "reply_count", 0)
    if count:
        replies = ngettext("%(counter)s reply", "%(counter)s replies", count) % {
            "counter": local_digits(count)
        }
        parts.append(f'<p class="card__replies"><a href="{url}#replies">{replies}</a></p>')
    parts.append("\n  </div>\n</article>\n")
    return mark_safe("".join(parts))
