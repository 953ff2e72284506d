from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from library.widgets import ImageChooserWidget
from reversion.admin import VersionAdmin
from reversion.models import Version
from reversion.revisions import create_revision, set_comment, set_user

from comments.models import Reply, replies_counted

from . import preview, revisions, workflow
from .models import Article, Author, Byline, Category, Correction
from .widgets import ArticleBodyWidget
from .workflow import Action


# Lazy: formatted when shown, in the reader's language (% on a lazy string would
# fix it in the default language at import).
def _site_header() -> str:
    return gettext("%(site)s newsroom") % {"site": settings.NEWSROOM_SITE_NAME}


admin.site.site_header = lazy(_site_header, str)()
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Newsroom")


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name_plural = _("Byline (in order)")


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0


class ArticleAdminForm(forms.ModelForm):
    """The article form: workflow buttons and the lost-edit guard.

    The status is not a form field: it changes only through the submit
    button pressed (``_workflow``), checked against the user's rights here,
    on the server, whatever the browser sent.
    """

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Set by ArticleAdmin.get_form: who is saving, and when restoring an old
    # version, the article as it is now (a restore brings back the content,
    # not the old status).
    user = None
    current = None

    class Meta:
        model = Article
        # The admin narrows this to the fieldsets; status is never a form field.
        fields = [
            "title", "slug", "dek", "body", "language", "featured_image",
            "primary_category", "categories", "tags", "source_line", "publish_at",
            "is_pinned", "comments_open", "seo_title", "seo_description",
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
        if "tags" in self.fields:
            self.fields["tags"].widget.attrs["data-autocomplete-url"] = reverse("admin:autocomplete")
        self.fields["edit_token"].initial = revisions.edit_token(self.instance)
        self.action = None

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            newer = revisions.saves_since(self.instance, cleaned.get("edit_token"))
            if newer:
                raise ValidationError(revisions.stale_message(newer), code="stale")
        image = cleaned.get("featured_image")
        if image is not None and not image.alt_text.strip():
            self.add_error(
                "featured_image",
                _("This image has no alt text. Describe it in the media library, then choose it again."),
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
            return queryset.filter(workflow.owned_by(request.user)).distinct()
        return queryset


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status_badge",
        "authors_list",
        "primary_category",
        "publish_at",
        "reply_count",
        "updated_at",
    ]
    list_filter = [StatusFilter, MineFilter, "categories", "bylines__author", "language"]
    list_select_related = ["primary_category"]
    list_per_page = 50
    search_fields = ["title", "dek", "bylines__author__name", "tags__name"]
    search_help_text = _("Search titles, deks, author names and tags.")
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["primary_category", "categories"]
    inlines = [BylineInline, CorrectionInline]
    actions = ["publish_selected", "unpublish_selected"]
    object_history_template = "admin/articles/article/object_history.html"
    history_latest_first = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body", "language", "edit_token"]}),
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
            {"fields": ["current_status", "publish_at", "is_pinned", "comments_open"]},
        ),
        (
            _("Search engines"),
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
    ]

    class Media:
        css = {"all": ["css/admin-newsroom.css"]}
        js = ["js/admin-tags.js"]

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
            readonly += ["publish_at", "is_pinned"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "edit_token"]})
                for name, options in fieldsets
            ]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        current = getattr(request, "_article_before_restore", None)
        return type(form.__name__, (form,), {"user": request.user, "current": current})

    # --- list -------------------------------------------------------------------
    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
            .annotate(
                approved_replies=replies_counted(Reply.Status.APPROVED),
                pending_replies=replies_counted(Reply.Status.PENDING),
            )
        )

    @admin.display(description=_("replies"), ordering="approved_replies")
    def reply_count(self, obj):
        if obj.pending_replies:
            return format_html(
                '{} <span class="pending-count">{}</span>',
                obj.approved_replies,
                _("(%(count)s pending)") % {"count": obj.pending_replies},
            )
        return obj.approved_replies

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
        return super().render_change_form(request, context, add, change, form_url, obj)

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
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        profile = getattr(request.user, "author_profile", None)
        if not change and profile is not None and not article.bylines.exists():
            # A writer's own piece carries their byline unless they named others.
            Byline.objects.create(article=article, author=profile, position=0)

    def _workflow_redirect(self, request, obj):
        if getattr(request, "_article_before_restore", None) is not None:
            message = gettext("The earlier version of “%(title)s” was restored.") % {"title": obj.title}
        else:
            message = workflow.done_message(request.POST["_workflow"], obj)
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
            set_comment(workflow.action_label(action, None))
            for article in queryset:
                status, publish_at = workflow.apply_action(action, article, article.publish_at)
                if (status, publish_at) != (article.status, article.publish_at):
                    article.status, article.publish_at = status, publish_at
                    article.save()
                    changed += 1
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

    # --- history ------------------------------------------------------------
    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="articles_article_compare",
        )
        return [compare, *super().get_urls()]

    def revision_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404
        if not self.has_change_permission(request, current):
            raise PermissionDenied
        request._article_before_restore = current
        return super().revision_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        versions = list(Version.objects.get_for_object(obj).select_related("revision__user").order_by("-pk"))
        rows = [
            {
                "version": version,
                "restore_url": reverse("admin:articles_article_revision", args=[obj.pk, version.pk]),
                "user": version.revision.user,
                "comment": version.revision.get_comment(),
            }
            for version in versions
        ]
        context = {
            "versions": rows,
            "compare_url": reverse("admin:articles_article_compare", args=[obj.pk]),
            "can_restore": self.has_change_permission(request, obj),
        }
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        try:
            ids = sorted(int(request.GET[key]) for key in ("a", "b"))
        except (KeyError, ValueError):
            self.message_user(request, gettext("Choose two versions to compare."), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[obj.pk]))
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        old, new = (get_object_or_404(versions, pk=pk) for pk in ids)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Compare versions of “%(title)s”") % {"title": obj.title},
            "old": old,
            "new": new,
            "changes": revisions.compare(old, new),
            "history_url": reverse("admin:articles_article_history", args=[obj.pk]),
            "restore_url": reverse("admin:articles_article_revision", args=[obj.pk, old.pk]),
            "can_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position", "show_on_home"]
    list_editable = ["position", "show_on_home"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    list_select_related = ["user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
