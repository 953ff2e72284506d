"""Article search: PostgreSQL full text, with a plain fallback on SQLite.

Both back ends share one interface: ``SearchText.parse()`` cleans what the
reader typed, ``search_articles()`` filters and ranks a queryset (callers pass
``Article.objects.published()``), and ``highlight()`` gives each article of a
page ``search_title`` and ``search_excerpt`` as safe HTML with ``<mark>``.

Text search configuration: PostgreSQL has no Persian or Pashto stemmer, and a
language-specific configuration would stem or drop their words unpredictably.
So articles in English are indexed with ``english`` (stems "prices" → "price"),
every other language with ``simple`` (lower-cased words, no stemming, no stop
words), which splits Arabic-script text on spaces and punctuation as it should.
A query is run through both configurations and OR-ed, so it finds an English
article by stem and a Persian one by exact word.

Spelling: the index and the query are folded alike (``newsroom.text.normalize``,
the same folding as the moderators' word lists): Arabic and Persian forms of a
letter (ي/ی, ك/ک, ة/ه, ۀ/هٔ), zero-width non-joiners, tatweel and diacritics,
and Arabic-Indic and Persian digits as ASCII ones. On PostgreSQL the stored
vector is built from ``translate()``-d text; on SQLite each connection gets a
``NEWSROOM_FOLD()`` function that the plain search compares through.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from taggit.models import Tag

from newsroom.text import IGNORABLE, fold_sql, normalize, spellings

from .models import Article, ArticleTag, Author, Byline

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
# Only the newest matches are ranked: a word in half the archive (a country's
# name) costs the same as a rare one, whatever the archive's size (bench/README.md).
RANKED_MATCHES = 500
# Article language → PostgreSQL text search configuration; anything else is "simple".
LANGUAGE_CONFIGS = {"en": "english"}
FALLBACK_CONFIG = "simple"

# Zero-width non-joiner and joiner are part of Persian spelling: kept in what is
# shown, folded away in what is searched.
_KEEP_FORMAT = {"\u200c", "\u200d"}
# Private-use characters PostgreSQL wraps around matches; turned into <mark>
# only after the text around them has been escaped.
START, STOP = "\ue000", "\ue001"
_SENTINELS = re.compile(f"({START}|{STOP})")
_WORD = re.compile(r"\w[\w\u200c\u200d'’-]*")


@dataclass(frozen=True)
class SearchText:
    """What the reader typed, made safe to search for."""

    raw: str
    text: str  # as typed, cleaned: what the page shows
    truncated: bool = False
    terms: list[str] = field(default_factory=list)  # folded words
    folded: str = ""  # what is searched for

    @classmethod
    def parse(cls, raw: str | None) -> SearchText:
        raw = raw or ""
        # Control, format and private-use characters (NUL would even make
        # PostgreSQL refuse the query) become spaces.
        cleaned = "".join(
            " " if unicodedata.category(char)[0] in "CZ" and char not in _KEEP_FORMAT else char
            for char in raw
        )
        cleaned = " ".join(cleaned.split())
        truncated = len(cleaned) > MAX_QUERY_LENGTH
        if truncated:
            cleaned = cleaned[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or cleaned[:MAX_QUERY_LENGTH]
        folded = " ".join(normalize(cleaned).split())
        terms = [term for term in _WORD.findall(folded) if term != "or"][:MAX_TERMS]
        return cls(raw=raw, text=cleaned, truncated=truncated, terms=terms, folded=folded)

    def __bool__(self) -> bool:
        return bool(self.terms)


# --- the stored vector (PostgreSQL) -------------------------------------------


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _config() -> Case:
    return Case(
        *[When(language=code, then=Value(config)) for code, config in LANGUAGE_CONFIGS.items()],
        default=Value(FALLBACK_CONFIG),
    )


def _without_tags(expression) -> Func:
    return Func(
        expression,
        Value("<[^>]*>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _text(expression) -> Func:
    """Markup and entities out of stored HTML, in SQL."""
    return Func(
        _without_tags(expression),
        Value("&[#a-zA-Z0-9]+;"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def document_vector() -> SearchVector:
    """Title A, dek and tags B, body C, author names D; one SQL expression."""

    def folded(expression):
        return fold_sql(expression)

    tags = Subquery(
        ArticleTag.objects.filter(content_object=OuterRef("pk"))
        .values("content_object")
        .annotate(names=StringAgg("tag__name", " "))
        .values("names")
    )
    authors = Subquery(
        Byline.objects.filter(article=OuterRef("pk"))
        .values("article")
        .annotate(names=StringAgg("author__name", " "))
        .values("names")
    )
    config = _config()
    return (
        SearchVector(folded(F("title")), config=config, weight="A")
        + SearchVector(folded(F("dek")), config=config, weight="B")
        + SearchVector(folded(tags), config=config, weight="B")
        + SearchVector(folded(_text(F("body"))), config=config, weight="C")
        + SearchVector(folded(authors), config=config, weight="D")
    )


def refresh_search_vectors(article_ids: Iterable[int] | QuerySet) -> None:
    """Recompute the stored vectors of these articles in one UPDATE."""
    if not is_postgresql():
        return
    Article.objects.filter(pk__in=article_ids).update(search_vector=document_vector())


# --- searching ------------------------------------------------------------------


def search_articles(queryset: QuerySet, text: SearchText) -> QuerySet:
    """``queryset`` narrowed to its ``RANKED_MATCHES`` newest matches of ``text``, best first."""
    if not text:
        return queryset.none()
    if is_postgresql():
        return _full_text_search(queryset, text)
    return _basic_search(queryset, text)


def _newest(matches: QuerySet) -> QuerySet:
    return matches.order_by("-publish_at", "-pk").values("pk")[:RANKED_MATCHES]


def text_query(text: SearchText) -> SearchQuery:
    """``text`` as a query on the stored vector, in every configuration (PostgreSQL)."""
    query = SearchQuery(text.folded, config=FALLBACK_CONFIG, search_type="websearch")
    for config in set(LANGUAGE_CONFIGS.values()):
        query = query | SearchQuery(text.folded, config=config, search_type="websearch")
    return query


def _full_text_search(queryset: QuerySet, text: SearchText) -> QuerySet:
    query = text_query(text)
    config = _config()
    return (
        queryset.filter(pk__in=_newest(queryset.filter(search_vector=query)))
        .defer("body", "search_vector")
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            search_title_marked=SearchHeadline(
                F("title"), query, config=config, start_sel=START, stop_sel=STOP, highlight_all=True
            ),
            search_excerpt_marked=SearchHeadline(
                # Entities stay, so that html.unescape() then escape() shows them as text.
                Concat(F("dek"), Value(" … "), _without_tags(F("body")), output_field=TextField()),
                query,
                config=config,
                start_sel=START,
                stop_sel=STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-publish_at", "-pk")
    )


def _basic_search(queryset: QuerySet, text: SearchText) -> QuerySet:
    """SQLite: every word must appear somewhere; title hits rank above dek, then body.

    Columns are compared folded (``NEWSROOM_FOLD``), as the terms are.
    """

    def fold(name: str) -> Func:
        return fold_sql(F(name))

    folded = {
        "f_title": fold("title"),
        "f_dek": fold("dek"),
        "f_body": fold("body"),
        "f_tag": fold("tags__name"),
        "f_author": fold("bylines__author__name"),
    }
    queryset = queryset.alias(f_title=folded["f_title"], f_dek=folded["f_dek"])
    rank = Value(0)
    for term in text.terms:
        matching = (
            Article.objects.alias(**folded)
            .filter(
                Q(f_title__contains=term)
                | Q(f_dek__contains=term)
                | Q(f_body__contains=term)
                | Q(f_tag__contains=term)
                | Q(f_author__contains=term)
            )
            .values("pk")
        )
        queryset = queryset.filter(pk__in=matching)
        rank = rank + Case(
            When(f_title__contains=term, then=Value(4)),
            When(f_dek__contains=term, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    queryset = queryset.filter(pk__in=_newest(queryset))
    return queryset.annotate(rank=rank).order_by("-rank", "-publish_at", "-pk")


# --- highlighting -----------------------------------------------------------------


def highlight(articles: list, text: SearchText) -> list:
    """Give each article ``search_title`` and ``search_excerpt`` (safe HTML)."""
    for article in articles:
        if hasattr(article, "search_title_marked"):
            article.search_title = _from_sentinels(article.search_title_marked)
            article.search_excerpt = _from_sentinels(html.unescape(article.search_excerpt_marked or ""))
        else:
            article.search_title = mark_terms(article.title, text.terms)
            article.search_excerpt = mark_terms(_window(plain_text(article), text.terms), text.terms)
    return articles


# Where one block of text ends and the next begins: a space, so paragraphs do not run together.
BLOCK_BOUNDARY = re.compile(
    r"<(?=/?(?:p|br|li|ul|ol|h[1-6]|div|blockquote|figure|figcaption|table|tr|td|th|hr)\b)", re.IGNORECASE
)


def plain_text(article) -> str:
    body = BLOCK_BOUNDARY.sub(" <", article.body)
    return " ".join(html.unescape(strip_tags(f"{article.dek} … {body}")).split())


def _window(text: str, terms: list[str], width: int = 280) -> str:
    """About ``width`` characters of ``text`` around the first match."""
    match = _pattern(terms).search(text) if terms else None
    first = match.start() if match else 0
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    excerpt = Truncator(text[start:]).chars(width)
    return f"… {excerpt}" if start else excerpt


def mark_terms(text: str, terms: list[str]) -> SafeString:
    """Escape ``text`` and wrap each occurrence of a term in <mark>."""
    if not terms:
        return escape(text)
    parts, last = [], 0
    for match in _pattern(terms).finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def _pattern(terms: list[str]) -> re.Pattern:
    """Folded ``terms`` as they may be spelled in the original text (any form of each letter or digit,
    with marks, tatweel or non-joiners between letters)."""
    between = f"[{re.escape(IGNORABLE)}]*"

    def loose(term: str) -> str:
        return between.join(f"[{re.escape(spellings(char))}]" for char in term)

    return re.compile("|".join(loose(t) for t in sorted(terms, key=len, reverse=True)), re.I)


def _from_sentinels(text: str) -> SafeString:
    """Escape PostgreSQL's headline, then turn its markers into balanced <mark>s."""
    parts, is_open = [], False
    for part in _SENTINELS.split(text or ""):
        if part == START and not is_open:
            parts.append("<mark>")
            is_open = True
        elif part == STOP and is_open:
            parts.append("</mark>")
            is_open = False
        elif part not in (START, STOP):
            parts.append(escape(part))
    if is_open:
        parts.append("</mark>")
    return mark_safe("".join(parts))


# --- keeping the vector fresh ---------------------------------------------------
# Article.save() refreshes its own vector, but tags and bylines are saved after
# the article (admin inlines, taggit's manager), and renaming an author or tag
# changes the text of every article that carries it.


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Article):
        refresh_search_vectors([instance.pk])
    elif reverse and pk_set:
        refresh_search_vectors(pk_set)


# The article's own columns the document reads (document_vector).
DOCUMENT_FIELDS = {"title", "dek", "body", "language"}


def _article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # Tags and bylines are saved after the article; their own changes refresh it again.
    if update_fields is None or DOCUMENT_FIELDS & set(update_fields):
        refresh_search_vectors([instance.pk])


def _byline_changed(sender, instance, **kwargs):
    refresh_search_vectors([instance.article_id])


def _author_saved(sender, instance, created, **kwargs):
    if not created:
        refresh_search_vectors(instance.bylines.values("article_id"))


def _tag_saved(sender, instance, created, **kwargs):
    if not created:
        refresh_search_vectors(ArticleTag.objects.filter(tag=instance).values("content_object"))


def connect_signals() -> None:
    m2m_changed.connect(_tags_changed, sender=ArticleTag, dispatch_uid="articles.search.tags")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="articles.search.article_saved")
    post_save.connect(_byline_changed, sender=Byline, dispatch_uid="articles.search.byline_saved")
    post_delete.connect(_byline_changed, sender=Byline, dispatch_uid="articles.search.byline_deleted")
    post_save.connect(_author_saved, sender=Author, dispatch_uid="articles.search.author")
    post_save.connect(_tag_saved, sender=Tag, dispatch_uid="articles.search.tag")
