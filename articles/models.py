from __future__ import annotations

import datetime
import operator
from collections.abc import Callable
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Exists, Expression, OuterRef, Prefetch, Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from library import bodies, uploads
from library.models import Image
from newsroom import pagecache
from newsroom.addresses import reverse_once
from newsroom.languages import interface_language

from . import embeds, metadata
from .sanitize import clean_html


class CategoryQuerySet(models.QuerySet):
    def top_level(self) -> CategoryQuerySet:
        return self.filter(parent__isnull=True)


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for a main section, e.g. Region › Afghanistan."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Lower numbers come first in menus.")
    )
    show_on_home = models.BooleanField(
        _("section on the home page"),
        default=False,
        help_text=_("Give this category its own section on the home page."),
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_once("articles:category", slug=self.slug)

    cache_list_tag = "category-tree"  # the tree: menus, sections and subcategory lists show it

    def cache_tags(self) -> list[str]:
        """What a change to this category makes stale (newsroom/pagecache.py): its name, the tree
        and, for a top-level one, the menus (without a main menu they list the top level)."""
        return [
            pagecache.tag(self),
            pagecache.list_tag(Category),
            *(["menu"] if self.parent_id is None else []),
        ]

    def clean(self) -> None:
        # Walk up the parents: a category may not become its own ancestor.
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("A category cannot sit inside itself.")})
            node = node.parent

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)

    @staticmethod
    def descendant_ids(categories: list[Category], root: Category) -> set[int]:
        """Ids of ``root`` and everything below it, from one loaded list."""
        children: dict[int | None, list[int]] = {}
        for category in categories:
            children.setdefault(category.parent_id, []).append(category.pk)
        found, stack = set(), [root.pk]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found

    @staticmethod
    def ancestors(categories: list[Category], node: Category) -> list[Category]:
        """``node``'s ancestors, outermost first, from one loaded list."""
        by_id = {category.pk: category for category in categories}
        chain, parent_id = [], node.parent_id
        while parent_id is not None and parent_id in by_id and len(chain) < 20:
            chain.insert(0, by_id[parent_id])
            parent_id = by_id[parent_id].parent_id
        return chain


class Masthead(models.Model):
    """The site's name and tagline as readers see them, in each language (one row).

    Empty fields fall back to the English ones, then to SITE_NAME and
    SITE_TAGLINE from the environment.
    """

    name = models.CharField(_("site name"), max_length=100, blank=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("site name and tagline")
        verbose_name_plural = _("site name and tagline")

    cache_list_tag = "masthead"

    def __str__(self) -> str:
        return self.name or settings.NEWSROOM_SITE_NAME

    def cache_tags(self) -> list[str]:
        return [pagecache.list_tag(Masthead)]

    @classmethod
    def names(cls) -> dict[str, dict[str, str]]:
        """Name and tagline per language code, shared until the masthead changes (one query then)."""

        def lookup():
            row = cls.objects.first()
            found = {}
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    # modeltranslation falls back to the English text where a translation is empty.
                    found[code] = {
                        "name": (row.name if row else "") or settings.NEWSROOM_SITE_NAME,
                        "tagline": (row.tagline if row else "") or str(settings.NEWSROOM_SITE_TAGLINE),
                    }
            return found

        return pagecache.remember("masthead", [pagecache.list_tag(Masthead)], lookup)

    @classmethod
    def shown(cls, part: str, names: dict | None = None) -> str:
        """The ``name`` or ``tagline`` in the active language (the default language's if it has none)."""
        names = cls.names() if names is None else names
        return (names.get(interface_language()) or names[settings.LANGUAGE_CODE])[part]


class EmbedProvider(models.Model):
    """Whether readers get a provider's own player instead of its link cards (a row per known player).

    Bodies keep the card (articles/embeds.py); the player is put in its place
    when a page is rendered, and the Content-Security-Policy then allows frames
    from the player's host.
    """

    slug = models.SlugField(
        _("provider"), max_length=30, unique=True, choices=[(p.slug, p.name) for p in embeds.PLAYERS.values()]
    )
    enabled = models.BooleanField(
        _("show its player"),
        default=False,
        help_text=_(
            "Off: embeds of this provider are a link to it, and readers' browsers contact it only "
            "if they follow the link. On: its player is shown in the page (from its most private "
            "address), which lets the provider see who reads the page."
        ),
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("embedded player")
        verbose_name_plural = _("embedded players")

    def __str__(self) -> str:
        return self.get_slug_display()

    # Every page showing a provider's cards lists it (``embed:youtube``); the set of enabled ones is the CSP.
    cache_list_tag = "embed"

    def cache_tags(self) -> list[str]:
        return [pagecache.list_tag(EmbedProvider), pagecache.list_tag(EmbedProvider, self.slug)]

    @property
    def player(self) -> embeds.Player:
        return embeds.PLAYERS[self.slug]


class Author(models.Model):
    name = models.CharField(_("display name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to="authors/",
        blank=True,
        validators=[uploads.validate_image_upload],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text=_("Optional: contributors without a login can still have a byline."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_once("articles:author", slug=self.slug)

    def cache_tags(self) -> list[str]:
        return [pagecache.tag(self)]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)


def bylines_prefetch() -> Prefetch:
    """An article's bylines in order, with their authors: one query for any number of articles."""
    return Prefetch("bylines", queryset=Byline.objects.select_related("author"))


# Stories an editor may feature under the home page's lead.
FEATURED_LIMIT = 3


class ArticleQuerySet(models.QuerySet):
    # What apps built on articles show with each article on public pages, e.g.
    # the comments app's ``reply_count``: name -> a function returning the
    # annotation. Those apps add theirs in AppConfig.ready(); articles import
    # none of them.
    app_annotations: dict[str, Callable[[], Expression]] = {}

    @classmethod
    def add_annotation(cls, name: str, expression: Callable[[], Expression]) -> None:
        cls.app_annotations[name] = expression

    def with_app_annotations(self) -> ArticleQuerySet:
        """The other apps' annotations, as subqueries of this same query."""
        return self.annotate(**{name: expression() for name, expression in self.app_annotations.items()})

    def published(self, at: datetime.datetime | None = None) -> ArticleQuerySet:
        """What readers may see: published, with a publish time already past.

        Scheduling is nothing more than a future publish time, so a scheduled
        piece appears by itself when the clock passes it.
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=at or timezone.now())

    def for_listing(self) -> ArticleQuerySet:
        """Everything a teaser card shows, in a fixed number of queries."""
        return self.with_bylines().with_app_annotations().defer("body", "search_vector")

    def with_bylines(self) -> ArticleQuerySet:
        return self.select_related("primary_category", "featured_image").prefetch_related(bylines_prefetch())

    def tagged(self, tag) -> ArticleQuerySet:
        """Articles carrying ``tag`` whose listing time has come, newest first: walked from the
        tag's own links (``ArticleTag``), however many articles carry it."""
        links = {"tag_links__tag": tag, "tag_links__listed_at__lte": timezone.now()}
        return self.filter(**links).order_by("-tag_links__listed_at", "-pk")

    def in_categories(self, category_ids) -> ArticleQuerySet:
        return self.filter(
            pk__in=Article.categories.through.objects.filter(category_id__in=category_ids).values(
                "article_id"
            )
        )


class Article(models.Model):
    library_body_field = "body"  # library.bodies finds and refreshes the images shown in it

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=250,
        allow_unicode=True,
        help_text=_("The last part of the address; unique for the publication date."),
    )
    dek = models.TextField(
        _("dek"), blank=True, help_text=_("The standfirst: one or two sentences under the title.")
    )
    body = models.TextField(_("body"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the article is written in."),
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text=_(
            "The original article this one translates. Readers of either are offered the other, "
            "and search engines are told they are the same story."
        ),
    )

    featured_image = models.ForeignKey(
        "library.Image",
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="featured_in",
        help_text=_("Chosen from the media library; its alt text, caption and credit are shown with it."),
    )

    authors = models.ManyToManyField(
        Author, through="Byline", related_name="articles", verbose_name=_("authors")
    )
    source_line = models.CharField(
        _("source line"),
        max_length=150,
        blank=True,
        help_text=_('The agency credit after the byline, e.g. "Kabul Analysis Desk".'),
    )
    primary_category = models.ForeignKey(
        Category,
        verbose_name=_("primary category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="primary_articles",
    )
    categories = models.ManyToManyField(
        Category, related_name="articles", blank=True, verbose_name=_("categories")
    )
    tags = TaggableManager(_("tags"), blank=True, through="ArticleTag")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the article: it appears by itself then."),
    )
    # The local calendar date of publish_at, kept so the dated URL is a plain
    # indexed lookup and "slug unique per date" is a database constraint.
    publish_date = models.DateField(null=True, blank=True, editable=False)
    # Set the first time the article is published or scheduled: from then on its
    # address is public, so the slug no longer follows the title.
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    is_pinned = models.BooleanField(
        _("lead story"), default=False, help_text=_("Pin to the top of the home page.")
    )
    is_featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Show among the (up to three) featured stories under the lead on the home page."),
    )
    comments_open = models.BooleanField(_("comments open"), default=True)
    seo_title = models.CharField(
        _("SEO title"), max_length=70, blank=True, help_text=_("Overrides the title in search results.")
    )
    seo_description = models.CharField(
        _("SEO description"),
        max_length=160,
        blank=True,
        help_text=_("Overrides the dek in search results and link previews."),
    )
    # Weighted full-text document, kept by articles.search on PostgreSQL (NULL
    # on SQLite). Its GIN index is made by a PostgreSQL-only migration, not in
    # Meta.indexes, so SQLite table rebuilds never try to create it.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish, schedule and unpublish articles"))]
        constraints = [
            models.UniqueConstraint(fields=["publish_date", "slug"], name="article_slug_unique_for_date")
        ]
        indexes = [
            # The visibility filter and the newest-first order of every listing.
            models.Index(fields=["status", "-publish_at"], name="article_visible_idx"),
            models.Index(fields=["is_pinned", "status", "-publish_at"], name="article_lead_idx"),
            models.Index(fields=["is_featured", "status", "-publish_at"], name="article_featured_idx"),
            # The newsroom's list, newest first over every status (and its first and last dates).
            models.Index(fields=["-publish_at", "-id"], name="article_newest_idx"),
            # The related box's category half: a rare category's newest, without walking the archive.
            models.Index(
                fields=["primary_category", "status", "-publish_at"], name="article_category_recent_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # --- derived state -----------------------------------------------------
    def is_readable_at(self, moment: datetime.datetime) -> bool:
        """``ArticleQuerySet.published()``'s rule for one loaded article, without a query."""
        return (
            self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at <= moment
        )

    @property
    def is_published(self) -> bool:
        return self.is_readable_at(timezone.now())

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def was_updated(self) -> bool:
        """Whether readers should see an "Updated" time next to the publish time."""
        if not (self.publish_at and self.updated_at):
            return False
        return self.updated_at - self.publish_at > datetime.timedelta(minutes=30)

    def ordered_authors(self) -> list[Author]:
        return [byline.author for byline in self.bylines.all()]

    def translation_group(self) -> ArticleQuerySet:
        """Every article of this story in any language, this one included (one query)."""
        root = self.translation_of_id or self.pk
        return Article.objects.filter(Q(pk=root) | Q(translation_of_id=root))

    def readable_translations(self) -> list[Article]:
        """The published language versions of this story, this one first, then the original."""
        group = (
            self.translation_group()
            .published()
            .only("pk", "title", "slug", "language", "publish_date", "translation_of_id")
        )
        return sorted(group, key=lambda a: (a.pk != self.pk, a.translation_of_id is not None, a.language))

    # The readable articles: a listing records this tag with its scope (``published:category:3``).
    cache_list_tag = "published"

    def shown_with(self) -> list[str]:
        """The tags of what its card shows besides itself: the primary category, the authors if loaded."""
        tags = [pagecache.tag(Category, self.primary_category_id)] if self.primary_category_id else []
        if "bylines" in getattr(self, "_prefetched_objects_cache", {}):
            tags += [pagecache.tag(Author, byline.author_id) for byline in self.bylines.all()]
        return tags

    def story(self) -> str:
        """The scope of this story's language versions (a page linking them lists it)."""
        return f"story:{self.translation_of_id or self.pk}"

    @staticmethod
    def archive(year: int, month: int | None = None) -> str:
        """The scope of a year's or a month's archive."""
        return f"month:{year:04d}-{month:02d}" if month else f"year:{year:04d}"

    def cache_tags(self) -> list[str]:
        """What a change to this article, as it is now, makes stale (newsroom/pagecache.py).

        Pages showing it, its story's language versions and, while it is
        published, every listing it is in: the whole set, its text (search,
        sitemaps), its categories, authors, tags and dates (one query).
        """
        tags = [pagecache.tag(self), pagecache.list_tag(Article, self.story())]
        if self.status != Article.Status.PUBLISHED or self.pk is None:
            return tags
        scopes = ["content", *[f"{kind}:{pk}" for pk, kind in self._listed_under()]]
        if self.publish_at is not None:
            day = timezone.localdate(self.publish_at)
            scopes += [Article.archive(day.year, day.month), Article.archive(day.year)]
        return [*tags, pagecache.list_tag(Article), *[pagecache.list_tag(Article, s) for s in scopes]]

    def _listed_under(self):
        """The categories, authors and tags this article is listed under: (pk, kind) pairs."""

        def through(queryset, field, kind):
            return queryset.order_by().annotate(kind=models.Value(kind)).values_list(field, "kind")

        categories = Article.categories.through.objects.filter(article_id=self.pk)
        tagged = ArticleTag.objects.filter(content_object_id=self.pk)
        return through(categories, "category_id", "category").union(
            through(Byline.objects.filter(article_id=self.pk), "author_id", "author"),
            through(tagged, "tag_id", "tag"),
            all=True,
        )

    def page_meta(self):
        """Canonical URL, description, Open Graph and Twitter data of the article page."""
        return metadata.for_article(self)

    def get_absolute_url(self) -> str:
        day = self.publish_date or timezone.localdate()
        return reverse_once(
            "articles:detail",
            year=f"{day.year:04d}",
            month=f"{day.month:02d}",
            day=f"{day.day:02d}",
            slug=self.slug,
        )

    # --- validation and saving ----------------------------------------------
    def fill_defaults(self) -> None:
        """A slug from the title and, once published, a publish time: for forms and plain saves alike."""
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:250] or "article"
        if self.status == self.Status.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()

    def clean(self) -> None:
        self.fill_defaults()
        self._clean_translation_of()
        day = timezone.localdate(self.publish_at) if self.publish_at else None
        if day and (Article.objects.filter(publish_date=day, slug=self.slug).exclude(pk=self.pk).exists()):
            raise ValidationError(
                {"slug": _("Another article published on this date already uses this slug.")}
            )

    def _clean_translation_of(self) -> None:
        original = self.translation_of
        if original is None:
            return
        # One level: a translation of a translation is a translation of the original.
        if original.translation_of_id is not None:
            original = self.translation_of = original.translation_of
        if self.pk is not None and (original.pk == self.pk or self.translations.exists()):
            raise ValidationError(
                {"translation_of": _("This article is itself an original with translations.")}
            )
        siblings = original.translation_group().exclude(pk=self.pk)
        if siblings.filter(language=self.language).exists():
            raise ValidationError(
                {"translation_of": _("This story already has an article in this language.")}
            )

    def save(self, *args, **kwargs):
        self.fill_defaults()
        self.publish_date = timezone.localdate(self.publish_at) if self.publish_at else None
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = self.publish_at
        self.body = bodies.responsive_body_images(
            clean_html(embeds.cards_for_lone_links(self.body)), Image.objects.for_body
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"publish_date", "first_published_at", "body"}
            kwargs["update_fields"] = set(update_fields) | derived
        adding = self._state.adding
        super().save(*args, **kwargs)
        if not adding and getattr(self, "_listed_at_loaded", object()) != self.listed_at:
            self.tag_links.exclude(listed_at=self.listed_at).update(listed_at=self.listed_at)
        self._listed_at_loaded = self.listed_at

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        if "status" in field_names and "publish_at" in field_names:  # else save() updates the links
            article._listed_at_loaded = article.listed_at
        return article

    @property
    def listed_at(self) -> datetime.datetime | None:
        """Where the article sorts in listings once its time comes; None while not published."""
        return self.publish_at if self.status == self.Status.PUBLISHED else None


class ArticleTag(TaggedItemBase):
    """A tag on an article, with the article's listing time copied in (``Article.save``):
    a tag's page walks its index newest first instead of sorting every article it tags."""

    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tag_links")
    listed_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("tag link")
        verbose_name_plural = _("tag links")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="article_tag_once")]
        indexes = [
            models.Index(
                fields=["tag", "-listed_at", "-content_object"],
                condition=Q(listed_at__isnull=False),
                name="article_tag_listed_idx",
            )
        ]

    def save(self, *args, **kwargs):
        self.listed_at = self.content_object.listed_at
        super().save(*args, **kwargs)

    def cache_tags(self) -> list[str]:
        """Added or removed by itself (a revision restored): what its article declares."""
        return self.content_object.cache_tags()

    @staticmethod
    def readable_tags():
        """The tags readers may know: those a readable article carries. A tag only a scheduled
        story carries stays unknown (its page and feed 404, the sitemap leaves it out)."""
        listed = ArticleTag.objects.filter(tag=OuterRef("pk"), listed_at__lte=timezone.now())
        return Tag.objects.filter(Exists(listed))


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("byline")
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="byline_author_once")]

    def __str__(self) -> str:
        return str(self.author)

    def cache_tags(self) -> list[str]:
        return self.article.cache_tags()


class Correction(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.date}: {self.note[:60]}"

    def cache_tags(self) -> list[str]:
        return [pagecache.tag(Article, self.article_id)]


def related_articles(article: Article, limit: int = 4) -> ArticleQuerySet:
    """Readable articles sharing a tag or the primary category, newest first.

    Each part reads only the articles it could return, newest first from its
    own index: each tag's from its links' listing time (``ArticleTag``), the
    category's from the category's. None grows with the archive or with a
    tag's use.
    """
    now = timezone.now()
    readable = Article.objects.published(now).exclude(pk=article.pk)
    parts = [
        ArticleTag.objects.filter(tag_id=tag.pk, listed_at__lte=now)
        .exclude(content_object_id=article.pk)
        .order_by("-listed_at", "-content_object")
        .values("content_object")
        for tag in article.tags.all()
    ]
    if article.primary_category_id is not None:
        parts.append(
            readable.filter(primary_category_id=article.primary_category_id)
            .order_by("-publish_at")
            .values("pk")
        )
    if not parts:
        return Article.objects.none()
    # Each half's few ids are found first (LIMIT inside), then only those rows are
    # read: an outer newest-first walk checking membership would cross the archive.
    first, *others = [part[:limit] for part in parts]
    if others and connection.features.supports_slicing_ordering_in_compound:
        chosen = Article.objects.filter(pk__in=first.union(*others, all=True))
    else:
        # SQLite (development) has no LIMIT inside UNION.
        chosen = Article.objects.filter(reduce(operator.or_, [Q(pk__in=part) for part in [first, *others]]))
    chosen = chosen.select_related("primary_category", "featured_image").defer("body", "search_vector")
    return chosen.order_by("-publish_at")[:limit]
