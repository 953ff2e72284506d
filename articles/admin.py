from contextlib import nullcontext

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR, ChangeList
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from reversion.revisions import create_revision, set_comment, set_user
from reversion.utils import mute_signals

from desk import editing, notifications
from library.widgets import ImageChooserWidget
from newsroom import calendars

from . import preview, revisions, search, workflow
from .history import LostEditGuardForm, VersionHistoryAdmin, untranslated_comment
from .models import FEATURED_LIMIT, Article, Author, Byline, Category, Correction, EmbedProvider, Masthead
from .paging import BoundedCountPaginator, asked_page
from .widgets import ArticleBodyWidget, text_follows_language
from .workflow import Action


# Lazy: formatted when shown, in the reader's language (% on a lazy string would
# fix it in the default language at import).
def _site_header() -> str:
    # The masthead's name in the admin's language, as readers see it (kept with the page cache).
    return gettext("%(site)s newsroom") % {"site": Masthead.shown("name")}


admin.site.site_header = lazy(_site_header, str)()
# Browser titles read "Dashboard | <site> newsroom", as WordPress's "Dashboard ‹ Site".
admin.site.site_title = admin.site.site_header
admin.site.index_title = _("Dashboard")


class BylineForm(forms.ModelForm):
    class Meta:
        model = Byline
        fields = ["author", "position"]

    def has_changed(self):
        # The writer's own name, filled in on a new article, is a real row: it is shown
        # before saving and saved unless removed. A byline already stored changes only if
        # it was edited (else every save would rewrite it, and the history say so).
        prefilled = self.instance.pk is None and bool(self.initial.get("author"))
        return super().has_changed() or prefilled


class BylineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        named = [
            form
            for form in self.forms
            if form.cleaned_data.get("author") and not form.cleaned_data.get("DELETE")
        ]
        if not named:
            raise ValidationError(
                _("Name at least one author: every article needs a byline."), code="byline_required"
            )


class _ShownOnly(Exception):
    """Carries the rendered restore page out of the transaction that is rolled back."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def lean_changelist(*deferred: str) -> type[ChangeList]:
    """A changelist that leaves out of its rows the columns no list shows (an article's body).

    Only the list: the change form, which the same ``get_queryset`` serves, loads them whole.
    """

    class LeanChangeList(ChangeList):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.query:
                # Drilling into search results by date would read every match's date, again.
                self.date_hierarchy = None

        def get_queryset(self, request, exclude_parameters=None):
            return super().get_queryset(request, exclude_parameters).defer(*deferred)

    return LeanChangeList


class BylineInline(admin.TabularInline):
    model = Byline
    form = BylineForm
    formset = BylineFormSet
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name_plural = _("Byline (in order)")


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0


class ArticleAdminForm(LostEditGuardForm):
    """The article form: workflow buttons and the lost-edit guard (which names who else is editing).

    The status is not a form field: it changes only through the submit
    button pressed (``_workflow``), checked against the user's rights here,
    on the server, whatever the browser sent.
    """

    return_note = forms.CharField(
        label=_("Note to the authors"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "When you return the article to draft or unpublish it: why, and what to change. "
            "It is emailed to the authors and kept in the article's history."
        ),
    )
    # Set by ArticleAdmin.get_form: who is saving, and when restoring an old
    # version, the article as it is now (a restore brings back the content,
    # not the old status).
    user = None
    current = None

    class Meta:
        model = Article
        # The admin narrows this to the fieldsets; status is never a form field.
        fields = [
            "title", "slug", "dek", "body", "language", "translation_of", "featured_image",
            "primary_category", "categories", "tags", "source_line",
            "publish_at", "is_pinned", "is_featured", "comments_open", "seo_title", "seo_description",
        ]  # fmt: skip
        widgets = {
            "body": ArticleBodyWidget,
            "dek": forms.Textarea(attrs={"rows": 3}),
            "featured_image": ImageChooserWidget,
        }

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None and self.current is not None:
            instance.status, instance.publish_at = self.current.status, self.current.publish_at
        super().__init__(*args, **kwargs)
        text_follows_language(self, ["title", "dek", "body", "source_line", "seo_title", "seo_description"])
        if "tags" in self.fields:
            self.fields["tags"].widget.attrs["data-autocomplete-url"] = reverse("admin:autocomplete")
        self.action = None
        self.was_status = self.instance.status if self.instance.pk else None

    def stale_error(self, newer):
        names = editing.others(self.user, self.instance)
        message = super().stale_error(newer)
        return f"{message} {editing.others_message(names)}" if names else message

    def clean(self):
        cleaned = super().clean()
        self._follow_title(cleaned)
        image = cleaned.get("featured_image")
        if image is not None and not image.alt_text.strip():
            self.add_error(
                "featured_image",
                _("This image has no alt text. Describe it in the media library, then choose it again."),
            )
        if cleaned.get("is_featured") and not self.instance.is_featured:
            featured = Article.objects.filter(status=Article.Status.PUBLISHED, is_featured=True)
            titles = list(featured.exclude(pk=self.instance.pk).values_list("title", flat=True)[:4])
            if len(titles) >= FEATURED_LIMIT:
                self.add_error(
                    "is_featured",
                    _("%(count)d stories are featured already (%(titles)s): unfeature one of them first.")
                    % {"count": FEATURED_LIMIT, "titles": "; ".join(titles)},
                )
        action = self.data.get("_workflow") or (Action.SAVE if self.instance.pk else Action.DRAFT)
        if action not in workflow.available_actions(self.user, self.instance):
            if action in Action.PUBLISHING:
                message = _("Only editors can publish, schedule or unpublish articles.")
            else:
                message = _("This action is not available for this article.")
            raise ValidationError(message, code="forbidden_action")
        publish_at = cleaned.get("publish_at") if "publish_at" in self.fields else self.instance.publish_at
        try:
            status, publish_at = workflow.apply_action(action, self.instance, publish_at)
        except ValidationError as error:
            self.add_error(None, error)
            return cleaned
        self.action = action
        self.instance.status = status
        if "publish_at" in self.fields:
            cleaned["publish_at"] = publish_at
        else:
            self.instance.publish_at = publish_at
        return cleaned

    def _follow_title(self, cleaned) -> None:
        """Until first published, a slug nobody set by hand follows the title.

        Once published (or scheduled) the address is public: the slug then
        changes only when someone edits it, and the old address redirects.
        """
        instance = self.instance
        if not instance.pk or instance.first_published_at or "slug" not in self.fields:
            return
        title, slug = cleaned.get("title"), cleaned.get("slug")
        made_from_title = instance.slug == (slugify(instance.title, allow_unicode=True)[:250] or "article")
        if title and slug == instance.slug and made_from_title:
            cleaned["slug"] = slugify(title, allow_unicode=True)[:250] or "article"


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("review", _("In review")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value in ("draft", "review"):
            return queryset.filter(status=value)
        if value == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
        if value == "published":
            return queryset.published(now)
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = _("whose")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("My articles"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            # By primary key: a join to the bylines would repeat rows and need a DISTINCT over the body.
            return queryset.filter(
                pk__in=Article.objects.filter(workflow.owned_by(request.user)).values("pk")
            )
        return queryset


@admin.register(Article)
class ArticleAdmin(VersionHistoryAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status_badge",
        "authors_list",
        "primary_category",
        "publish_column",
        "updated_column",
    ]
    list_filter = [StatusFilter, MineFilter, "categories", "bylines__author", "language"]
    list_select_related = ["primary_category"]
    list_per_page = 50
    # One count of the rows shown; the count of all of them was a second scan of the table.
    show_full_result_count = False
    search_fields = ["title", "dek", "body", "bylines__author__name", "tags__name"]  # get_search_results
    search_help_text = _("Search titles, deks, text, author names and tags.")
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["primary_category", "categories", "translation_of"]
    inlines = [BylineInline, CorrectionInline]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body", "language", "translation_of", "edit_token"]}),
        (
            _("Featured image"),
            {"fields": ["featured_image"]},
        ),
        (
            _("Filing"),
            {"fields": ["primary_category", "categories", "tags", "source_line"]},
        ),
        (
            _("Publishing"),
            {"fields": ["current_status", "publish_at", "is_pinned", "is_featured", "comments_open"]},
        ),
        (
            _("Search engines"),
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
    ]

    class Media:
        css = {"all": ["css/admin-newsroom.css", "css/desk.css"]}
        js = ["js/admin-tags.js", "js/desk-editing.js", "js/text-direction.js"]

    # --- rights ---------------------------------------------------------------
    def has_change_permission(self, request, obj=None):
        current = getattr(request, "_article_before_restore", None)
        if obj is not None and current is not None and current.pk == obj.pk:
            # While an old version is shown for restoring, the rights follow
            # the article as it is now, not the version being looked at.
            obj = current
        return workflow.can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["current_status"]
        if not workflow.can_publish(request.user):
            # Timing and the home-page lead are editorial decisions.
            readonly += ["publish_at", "is_pinned", "is_featured"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        returnable = (Article.Status.REVIEW, Article.Status.PUBLISHED)
        if obj is not None and obj.pk and obj.status in returnable and workflow.can_publish(request.user):
            fieldsets = [
                (name, {**options, "fields": [*options["fields"], "return_note"]})
                if "current_status" in options["fields"]
                else (name, options)
                for name, options in fieldsets
            ]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        current = getattr(request, "_article_before_restore", None)
        return type(form.__name__, (form,), {"user": request.user, "current": current})

    # --- list -------------------------------------------------------------------
    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if not request.GET.get(SEARCH_VAR):
            return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        # A common word matches most of the archive: count ten pages past this one, no further.
        return BoundedCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            asked_page=asked_page(request, PAGE_VAR),
        )

    def get_changelist(self, request, **kwargs):
        return lean_changelist("body", "search_vector")

    def get_search_results(self, request, queryset, search_term):
        """The site's own search: full text on PostgreSQL, the words in any searched field elsewhere.

        Never Django's default, which joins bylines and tags and so needs a
        DISTINCT over every column of every matching article, body included.
        PostgreSQL reads the stored, indexed document (titles, deks, tags,
        body, author names); the fallback narrows by primary keys, one
        subquery per word, so rows never repeat.
        """
        text = search.SearchText.parse(search_term)
        if not text:
            return queryset, False
        if search.is_postgresql():
            return queryset.filter(search_vector=search.text_query(text)), False
        for term in text.terms:
            matching = Article.objects.filter(
                Q(title__icontains=term)
                | Q(dek__icontains=term)
                | Q(body__icontains=term)
                | Q(bylines__author__name__icontains=term)
                | Q(tags__name__icontains=term)
            )
            queryset = queryset.filter(pk__in=matching.values("pk"))
        return queryset, False

    def get_queryset(self, request):
        # Also what the change, history, restore and compare views look up.
        return (
            super()
            .get_queryset(request)
            .filter(workflow.visible_to(request.user))
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        if obj.is_scheduled:
            key, label = "scheduled", _("Scheduled")
        else:
            key, label = obj.status, obj.get_status_display()
        return format_html('<span class="status-badge status-badge--{}">{}</span>', key, label)

    @admin.display(description=_("current status"))
    def current_status(self, obj):
        if obj is None or obj.pk is None:
            return _("New, not saved yet")
        badge = self.status_badge(obj)
        if obj.is_scheduled:
            when = timezone.localtime(obj.publish_at).strftime("%Y-%m-%d %H:%M")
            return format_html("{} {}", badge, _("appears on the site at %(time)s") % {"time": when})
        return badge

    # Dates in the interface's calendar (Solar Hijri in Dari and Pashto), as readers see them.
    @admin.display(description=_("publish time"), ordering="publish_at")
    def publish_column(self, obj):
        return calendars.local_date(obj.publish_at, "DATETIME") or "—"

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated_column(self, obj):
        return calendars.local_date(obj.updated_at, "DATETIME")

    @admin.display(description=_("authors"))
    def authors_list(self, obj):
        return ", ".join(byline.author.name for byline in obj.bylines.all())

    # --- links --------------------------------------------------------------
    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # While restoring, obj holds the old version; rights follow the article now.
        actions = workflow.available_actions(request.user, getattr(request, "_article_before_restore", obj))
        context["workflow_buttons"] = [
            {"action": action, "label": workflow.action_label(action, obj), "primary": action == primary}
            for primary in [self._primary_action(actions, obj)]
            for action in actions
        ]
        if context.get("revert") and actions:
            keep = Action.SAVE if Action.SAVE in actions else actions[0]
            context["workflow_buttons"] = [
                {"action": keep, "label": _("Restore this version"), "primary": True}
            ]
        if obj is not None and obj.pk and not obj.is_published:
            context["preview_url"] = preview.preview_url(obj)
        if obj is not None and obj.pk:
            context["last_saved"] = revisions.saves_since(obj, "0")[:1]
        if actions and not context.get("revert"):
            context.update(self._editing_context(request, obj, context["adminform"].form))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _editing_context(self, request, obj, form):
        """Autosave and presence for someone who may change the article (desk.editing)."""
        article = obj if obj is not None and obj.pk else None
        context = {
            "desk_editing": True,
            "desk_article": article,
            "autosave_seconds": settings.NEWSROOM_AUTOSAVE_SECONDS,
            "presence_seconds": settings.NEWSROOM_PRESENCE_SECONDS,
        }
        if article is not None:
            if request.method == "GET":
                editing.here(request.user, article)
            names = editing.others(request.user, article)
            context["others_editing"] = editing.others_message(names)
        autosave = editing.offered(request.user, article) if request.method == "GET" else None
        if autosave is not None:
            context["autosave"] = autosave
            context["autosave_choices"] = editing.shown_choices(form, autosave.data)
            if article is not None:
                context["autosave_stale"] = revisions.saves_since(article, autosave.edit_token)[:1]
        return context

    @staticmethod
    def _primary_action(actions, obj):
        if obj is not None and obj.pk and obj.status == Article.Status.PUBLISHED:
            preferred = [Action.SAVE]
        else:
            preferred = [Action.PUBLISH, Action.REVIEW, Action.SAVE]
        return next((action for action in preferred if action in actions), None)

    # --- saving -------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        note = form.cleaned_data.get("return_note", "").strip()
        returned = form.action in (Action.DRAFT, Action.UNPUBLISH) and form.was_status not in (
            None,
            Article.Status.DRAFT,
        )
        request._workflow_done = (form.action, form.was_status, note if returned else "")
        super().save_model(request, obj, form, change)
        # Saved for real: the autosave of this form has done its job.
        editing.discard(request.user, obj)
        editing.discard(request.user, None, request.POST.get("_autosave_key", ""))

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        if not add and form.was_status != form.instance.status:  # published, scheduled, returned…
            with translation.override(None):  # stored untranslated, shown translated (as Django does)
                status = str(capfirst(Article._meta.get_field("status").verbose_name))
            message.insert(0, {"changed": {"fields": [status]}})
        return message

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        _action, _was, note = getattr(request, "_workflow_done", (None, None, ""))
        if note:
            # Kept with the revision, so the history says why it went back.
            text = gettext_noop("Returned to draft with a note: %(note)s")
            set_comment(untranslated_comment(text, note=note))
        return entry

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        profile = getattr(request.user, "author_profile", None)
        if isinstance(inline, BylineInline) and (obj is None or obj.pk is None) and profile is not None:
            # Shown in the form, never added silently: the writer sees who is credited.
            kwargs["initial"] = [{"author": profile.pk, "position": 0}]
        return kwargs

    def _workflow_redirect(self, request, obj):
        if getattr(request, "_article_before_restore", None) is not None:
            message = gettext("The earlier version of “%(title)s” was restored.") % {"title": obj.title}
        else:
            message = workflow.done_message(request.POST["_workflow"], obj)
            action, was_status, note = getattr(request, "_workflow_done", (None, None, ""))
            if action:
                notifications.workflow_done(
                    action,
                    obj,
                    request.user,
                    absolute=request.build_absolute_uri,
                    note=note,
                    was_status=was_status,
                )
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        if "_workflow" in request.POST and not self.is_popup(request):
            return self._workflow_redirect(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_workflow" in request.POST and not self.is_popup(request):
            return self._workflow_redirect(request, obj)
        return super().response_change(request, obj)

    @staticmethod
    def is_popup(request):
        return admin.options.IS_POPUP_VAR in request.POST

    # --- bulk actions -------------------------------------------------------
    def _bulk(self, request, queryset, action):
        changed = 0
        with create_revision():
            set_user(request.user)
            with translation.override(None):  # the label's msgid, translated when shown
                set_comment(untranslated_comment(str(workflow.action_label(action, None))))
            for article in queryset:
                status, publish_at = workflow.apply_action(action, article, article.publish_at)
                if (status, publish_at) != (article.status, article.publish_at):
                    was_status = article.status
                    article.status, article.publish_at = status, publish_at
                    article.save()
                    changed += 1
                    notifications.workflow_done(
                        action,
                        article,
                        request.user,
                        absolute=request.build_absolute_uri,
                        was_status=was_status,
                    )
        return changed

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        changed = self._bulk(request, queryset.exclude(status=Article.Status.PUBLISHED), Action.PUBLISH)
        self.message_user(
            request,
            ngettext("%(count)d article was published.", "%(count)d articles were published.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        changed = self._bulk(request, queryset.filter(status=Article.Status.PUBLISHED), Action.UNPUBLISH)
        self.message_user(
            request,
            ngettext(
                "%(count)d article was taken off the site.",
                "%(count)d articles were taken off the site.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    # --- history (the screens are in articles/history.py) ---------------------
    compare_versions = staticmethod(revisions.compare)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request._article_before_restore = self._object_or_404(request, object_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        """The restore page: the old version in the form, kept only when the form is saved.

        Replaces django-reversion's, which reverts every row of the revision and
        deletes what it no longer follows: tags shared with other articles
        included. ``revisions.restore`` writes only this article and its links.
        """
        if version.content_type.model_class() is not Article:
            raise Http404
        quiet = mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
        try:
            with transaction.atomic(using=version.db), quiet if request.method == "GET" else nullcontext():
                revisions.restore(version)
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, extra_context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        when = version.revision.date_created.isoformat()
                        text = gettext_noop("Restored the version saved on %(when)s")
                        set_comment(untranslated_comment(text, when=when))
                        return response
                    # Shown, or refused with errors: the restore is undone.
                    response.template_name = template_name
                    response.render()
                    raise _ShownOnly(response)
        except _ShownOnly as shown:
            return shown.response


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    """Names and descriptions in English, Dari and Pashto; an empty translation shows the English."""

    list_display = ["name", "name_fa", "name_ps", "parent", "position", "show_on_home"]
    list_editable = ["position", "show_on_home"]
    list_select_related = ["parent"]
    search_fields = ["name_en", "name_fa", "name_ps"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Masthead)
class MastheadAdmin(TranslationAdmin):
    """One row: the site's name and tagline in each language (administrators)."""

    list_display = ["name", "name_fa", "name_ps", "tagline"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Masthead.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmbedProvider)
class EmbedProviderAdmin(admin.ModelAdmin):
    """Per provider, its player instead of the link card (editors): one row per known player."""

    list_display = ["__str__", "enabled", "player_host"]
    list_editable = ["enabled"]
    fields = ["slug", "enabled"]
    readonly_fields = ["slug"]
    list_display_links = ["__str__"]

    @admin.display(description=_("player's address"))
    def player_host(self, obj: EmbedProvider) -> str:
        return obj.player.frame_host

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    list_select_related = ["user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def _manages_authors(self, request) -> bool:
        return request.user.has_perm("articles.change_author")

    def get_fields(self, request, obj=None):
        if self._manages_authors(request):
            return super().get_fields(request, obj)
        # A journalist adds a guest byline: a name and a few words, never a
        # link to someone's account (that would make them an owner of articles).
        return ["name", "job_title", "bio"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if self._manages_authors(request) else {}

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            base = slugify(obj.name, allow_unicode=True)[:110] or "author"
            obj.slug, number = base, 1
            while Author.objects.filter(slug=obj.slug).exclude(pk=obj.pk).exists():
                number += 1
                obj.slug = f"{base}-{number}"
        super().save_model(request, obj, form, change)
