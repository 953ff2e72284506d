"""The moderators' desk: the queue of replies, their word lists and the log of decisions."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import ArticleAdmin, lean_changelist
from articles.models import Article
from newsroom import calendars

from . import moderation, privacy
from .forms import StaffReplyForm
from .models import ModerationLog, ModerationTerm, Reply, replies_counted

Status = Reply.Status


class StatusFilter(admin.SimpleListFilter):
    """Pending first (the queue), with the count of replies in each status."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        # COUNT(*), not of a column: PostgreSQL reads the status index alone (84 → 35 ms at 288k replies).
        counts = dict(Reply.objects.order_by().values_list("status").annotate(total=Count("*")))
        choices = [(value, f"{label} ({counts.get(value, 0)})") for value, label in Status.choices]
        return choices + [(self.ALL, _("All (%(count)s)") % {"count": sum(counts.values())})]

    def choices(self, changelist):
        # No "All" link of Django's own: the unfiltered list is the pending queue.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def value(self):
        return super().value() or Status.PENDING

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())


class ArticleFilter(admin.SimpleListFilter):
    """The replies under one article, reached from a link (``?article__id__exact=<id>``).

    Offers only the article chosen: a list of every article with replies
    (Django's RelatedOnlyFieldListFilter) loads thousands of articles whole.
    """

    title = _("article")
    parameter_name = "article__id__exact"

    def lookups(self, request, model_admin):
        value = self.value()
        if not (value and value.isdigit()):
            return []
        return list(Article.objects.filter(pk=value).values_list("pk", "title"))

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }
        yield {
            "selected": False,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All articles"),
        }

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(article_id=value) if value and value.isdigit() else queryset


# What the queue shows of each reply's article: its title, address and status.
ARTICLE_SHOWN = ["article__id", "article__title", "article__slug", "article__publish_date", "article__status"]


class ModerationLogInline(admin.TabularInline):
    model = ModerationLog
    fields = ["created_at", "actor", "from_status", "to_status", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Moderation history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("comments.view_moderationlog")


def _moderation_action(name, to_status, description, done_message):
    def action(modeladmin, request, queryset):
        changed = moderation.moderate(list(queryset), to_status, request.user)
        modeladmin.message_user(request, done_message(changed), messages.SUCCESS)

    action.__name__ = name
    action.short_description = description
    action.allowed_permissions = ("change",)
    return action


approve_replies = _moderation_action(
    "approve_replies",
    Status.APPROVED,
    _("Approve selected replies"),
    lambda n: ngettext("%(count)d reply approved.", "%(count)d replies approved.", n) % {"count": n},
)
unapprove_replies = _moderation_action(
    "unapprove_replies",
    Status.PENDING,
    _("Unapprove selected replies (back to the queue)"),
    lambda n: ngettext("%(count)d reply unapproved.", "%(count)d replies unapproved.", n) % {"count": n},
)
spam_replies = _moderation_action(
    "spam_replies",
    Status.SPAM,
    _("Mark selected replies as spam"),
    lambda n: (
        ngettext("%(count)d reply marked as spam.", "%(count)d replies marked as spam.", n) % {"count": n}
    ),
)
trash_replies = _moderation_action(
    "trash_replies",
    Status.TRASH,
    _("Move selected replies to the trash"),
    lambda n: (
        ngettext("%(count)d reply moved to the trash.", "%(count)d replies moved to the trash.", n)
        % {"count": n}
    ),
)


# --- privacy (issue 8): WordPress's "Export/Erase Personal Data", by the selected replies' emails --


def _commenter_emails(queryset) -> list[str]:
    emails = queryset.exclude(email="").values_list("email", flat=True)
    return sorted({email.strip().lower() for email in emails})


@admin.action(
    description=_("Export the personal data of the selected replies' commenters"), permissions=["change"]
)
def export_commenter_data(modeladmin, request, queryset):
    data = [privacy.export_commenter_data(email) for email in _commenter_emails(queryset)]
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="commenter-data.json"'
    return response


@admin.action(
    description=_("Erase the personal data of the selected replies' commenters"), permissions=["delete"]
)
def erase_commenter_data(modeladmin, request, queryset):
    emails = _commenter_emails(queryset)
    if request.POST.get("confirmed") == "yes":
        erased = sum(privacy.erase_commenter_data(email) for email in emails)
        modeladmin.message_user(
            request,
            ngettext(
                "Erased the personal data of %(count)d reply.",
                "Erased the personal data of %(count)d replies.",
                erased,
            )
            % {"count": erased},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Erase personal data?"),
        "opts": modeladmin.model._meta,
        "commenters": [(email, privacy.replies_by(email).count()) for email in emails],
        "queryset": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/comments/reply/erase_confirmation.html", context)


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt_column",
        "author_column",
        "article_column",
        "status_column",
        "posted_column",
        "decide_column",
    ]
    list_display_links = ["excerpt_column"]
    list_filter = [StatusFilter, "hold_reason", ArticleFilter]
    list_select_related = ["article"]
    list_per_page = 50
    # The status filter counts every status already; no second count of all replies.
    show_full_result_count = False
    search_fields = ["name", "email", "body", "ip_address", "article__title"]
    date_hierarchy = "created_at"
    actions = [
        approve_replies,
        unapprove_replies,
        spam_replies,
        trash_replies,
        export_commenter_data,
        erase_commenter_data,
    ]
    inlines = [ModerationLogInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": ["css/admin-newsroom.css", "comments/admin.css"]}

    fieldsets = [
        (None, {"fields": ["article_link", "parent_link", "status", "hold_reason"]}),
        (_("Reply"), {"fields": ["name", "email", "url", "body"]}),
        (_("Traces"), {"fields": ["ip_address", "user_agent", "user", "created_at", "updated_at"]}),
    ]
    readonly_fields = [
        "article_link",
        "parent_link",
        "hold_reason",
        "ip_address",
        "user_agent",
        "user",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        # Replies come from readers (or the WordPress import), not from the admin.
        return False

    def get_changelist(self, request, **kwargs):
        reply_fields = [
            f.name for f in Reply._meta.concrete_fields if f.name not in ("user_agent", "fingerprint")
        ]
        only = [*reply_fields, *ARTICLE_SHOWN]

        class QueueChangeList(ChangeList):
            def get_queryset(self, request, exclude_parameters=None):
                return super().get_queryset(request, exclude_parameters).only(*only)

        return QueueChangeList

    @admin.display(description=_("reply"))
    def excerpt_column(self, reply):
        # Readers write in any language: each text sets its own direction in the Dari admin too.
        return format_html('<span dir="auto">{}</span>', reply.excerpt)

    @admin.display(description=_("author"), ordering="name")
    def author_column(self, reply):
        return format_html(
            '<bdi>{}</bdi><small dir="ltr">{}</small><small dir="ltr">{}</small>',
            reply.name,
            reply.email or "—",
            reply.ip_address or "—",
        )

    @admin.display(description=_("posted"), ordering="created_at")
    def posted_column(self, reply):
        return calendars.local_date(reply.created_at, "DATETIME")  # Solar Hijri in Dari and Pashto

    @admin.display(description=_("status and reason"), ordering="status")
    def status_column(self, reply):
        if not reply.hold_reason:
            return reply.get_status_display()
        return format_html("{}<small>{}</small>", reply.get_status_display(), reply.get_hold_reason_display())

    @admin.display(description=_("article"), ordering="article__title")
    def article_column(self, reply):
        article = reply.article
        return format_html('<a href="{}" dir="auto">{}</a>', article.get_absolute_url(), article.title)

    @admin.display(description=_("article"))
    def article_link(self, reply):
        return self.article_column(reply)

    @admin.display(description=_("in reply to"))
    def parent_link(self, reply):
        if reply.parent is None:
            return "—"
        url = reverse("admin:comments_reply_change", args=[reply.parent.pk])
        return format_html('<a href="{}">{}</a>', url, reply.parent)

    # --- one click per decision, on each row (as WordPress's Approve / Spam / Trash) ------------
    ROW_DECISIONS = {
        "approve": (Status.APPROVED, _("Approve"), _("Reply by %(name)s approved.")),
        "unapprove": (Status.PENDING, _("Unapprove"), _("Reply by %(name)s sent back to the queue.")),
        "spam": (Status.SPAM, _("Spam"), _("Reply by %(name)s marked as spam.")),
        "trash": (Status.TRASH, _("Trash"), _("Reply by %(name)s moved to the trash.")),
    }

    @admin.display(description=_("decide"))
    def decide_column(self, reply):
        # Buttons of the changelist's own form (it carries the CSRF token); each
        # posts to its decision's address, so there is no nested form.
        buttons = [
            format_html(
                '<button type="submit" class="button row-decision row-decision--{}" formaction="{}" '
                'formmethod="post" aria-label="{}">{}</button>',
                name,
                reverse("admin:comments_reply_decide", args=[reply.pk, name]),
                _("%(decision)s the reply by %(name)s") % {"decision": label, "name": reply.name},
                label,
            )
            for name, (status, label, _done) in self.ROW_DECISIONS.items()
            if status != reply.status and not (name == "unapprove" and reply.status != Status.APPROVED)
        ]
        if (
            reply.status not in moderation.UNANSWERABLE
            and reply.article.status == reply.article.Status.PUBLISHED
        ):
            buttons.append(
                format_html(
                    '<a class="button row-decision row-decision--reply" href="{}">{}</a>',
                    reverse("admin:comments_reply_answer", args=[reply.pk]),
                    _("Reply"),
                )
            )
        return format_html('<div class="row-decisions">{}</div>', mark_safe("".join(buttons)))

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/decide/<slug:decision>/",
                self.admin_site.admin_view(self.decide_view),
                name="comments_reply_decide",
            ),
            path(
                "<path:object_id>/answer/",
                self.admin_site.admin_view(self.answer_view),
                name="comments_reply_answer",
            ),
        ]
        return own + super().get_urls()

    def _reply_or_404(self, request, object_id):
        reply = self.get_object(request, unquote(object_id))
        if reply is None:
            raise Http404
        if not self.has_change_permission(request, reply):
            raise PermissionDenied
        return reply

    def _back(self, request):
        # Back to the queue as the moderator left it (its filters and page).
        url = request.POST.get("next") or request.META.get("HTTP_REFERER") or ""
        if not url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
            url = ""
        return HttpResponseRedirect(url or reverse("admin:comments_reply_changelist"))

    def decide_view(self, request, object_id, decision):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:comments_reply_changelist"))
        if decision not in self.ROW_DECISIONS:
            raise Http404
        reply = self._reply_or_404(request, object_id)
        to_status, _label, done = self.ROW_DECISIONS[decision]
        if moderation.moderate([reply], to_status, request.user):
            self.message_user(request, done % {"name": reply.name}, messages.SUCCESS)
        else:
            self.message_user(
                request,
                _("Nothing changed: the reply by %(name)s is already “%(status)s”.")
                % {"name": reply.name, "status": reply.get_status_display()},
                messages.WARNING,
            )
        return self._back(request)

    def answer_view(self, request, object_id):
        """Answer a reader as staff: the answer is approved, and so is the reply it answers."""
        reply = self._reply_or_404(request, object_id)
        form = StaffReplyForm(request.POST or None)
        problem = moderation.staff_answer_problem(reply)
        if request.method == "POST" and problem is None and form.is_valid():
            answer = moderation.answer_as_staff(reply, form.cleaned_data["body"], request.user)
            self.message_user(
                request,
                _("Your reply to %(name)s is published under “%(title)s”.")
                % {"name": reply.name, "title": reply.article.title},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:comments_reply_change", args=[answer.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Reply to %(name)s") % {"name": reply.name},
            "reply": reply,
            "form": form,
            "problem": problem,
        }
        return TemplateResponse(request, "admin/comments/reply/answer.html", context)

    def save_model(self, request, obj, form, change):
        # A status chosen in the edit form goes through moderation, so it is logged.
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        if change and new_status != obj.status:
            moderation.moderate([obj], new_status, request.user)


@admin.register(ModerationTerm)
class ModerationTermAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "reply", "from_status", "to_status", "reason"]
    list_filter = ["to_status", "from_status", "reason"]
    list_select_related = ["actor", "reply"]
    show_full_result_count = False
    date_hierarchy = "created_at"
    search_fields = ["reply__name", "reply__body", "actor__username"]

    def get_changelist(self, request, **kwargs):
        # The reply column shows the name and an excerpt of the text: the rest stays out.
        return lean_changelist("reply__user_agent", "reply__url", "reply__email", "reply__fingerprint")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ArticleWithRepliesAdmin(ArticleAdmin):
    """The articles' list with each one's approved and pending replies, counted in its own query.

    Registered here, over the articles app's own, because replies build on
    articles and never the other way round.
    """

    list_display = [
        *[column for column in ArticleAdmin.list_display if column != "updated_at"],
        "reply_count",
        *[column for column in ArticleAdmin.list_display if column == "updated_at"],
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                approved_replies=replies_counted(Status.APPROVED),
                pending_replies=replies_counted(Status.PENDING),
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


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithRepliesAdmin)
