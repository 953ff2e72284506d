from django.contrib import admin
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from articles.history import LostEditGuardForm, VersionHistoryAdmin
from articles.widgets import ArticleBodyWidget, text_follows_language

from . import revisions
from .models import Menu, MenuItem, Page, PageRedirect


class PageRedirectInline(admin.TabularInline):
    model = PageRedirect
    extra = 0
    fields = ["old_path", "created_at"]
    readonly_fields = ["created_at"]
    verbose_name_plural = _("Old addresses that lead here")


class PageAdminForm(LostEditGuardForm):
    stale_text = _(
        "%(who)s saved this page at %(time)s, after you opened it. Your changes were NOT saved, "
        "so nothing of theirs was overwritten. Your version is still in the form below: copy what "
        "you need, reload the page to see their changes, and apply yours again."
    )

    class Meta:
        model = Page
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_follows_language(self, ["title", "body", "seo_title", "seo_description"])


@admin.register(Page)
class PageAdmin(VersionHistoryAdmin):
    """Editors publish pages; journalists may draft them and edit drafts."""

    list_display = ["__str__", "status", "kind", "language", "updated_at"]
    list_filter = ["status", "kind", "language"]
    list_select_related = ["parent"]
    search_fields = ["title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["translation_of"]
    inlines = [PageRedirectInline]
    form = PageAdminForm
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "body", "language", "translation_of", "edit_token"]}),
        (_("Publishing"), {"fields": ["status", "kind", "position"]}),
        (_("Search engines"), {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["css/admin-newsroom.css"]}
        js = ["js/text-direction.js", "js/leave-warning.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = ArticleBodyWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Page.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- rights ---------------------------------------------------------------
    @staticmethod
    def can_publish(request) -> bool:
        return request.user.has_perm("pages.publish_page")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # What readers see is an editor's to change.
        return obj is None or self.can_publish(request) or obj.status == Page.Status.DRAFT

    def get_readonly_fields(self, request, obj=None):
        return [] if self.can_publish(request) else ["status", "kind"]

    def save_model(self, request, obj, form, change):
        if not self.can_publish(request):
            # Whatever the form or a restored version says, only editors publish.
            current = Page.objects.filter(pk=obj.pk).values_list("status", "kind").first() if change else None
            obj.status, obj.kind = current or (Page.Status.DRAFT, Page.Kind.PAGE)
        super().save_model(request, obj, form, change)

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    # --- history (the screens are in articles/history.py) ---------------------
    compare_versions = staticmethod(revisions.compare)


class MenuItemInline(TranslationStackedInline):
    """One block per link (a table of three labels, three choosers, the address and the parent
    was some 2,700 px wide), in menu order: each submenu right under its top-level link."""

    model = MenuItem
    extra = 3
    classes = ["menu-links"]
    # A row each: where it sits, what it says (per language), where it leads.
    fields = [("position", "parent"), ("label",), ("page", "category", "article", "url")]
    autocomplete_fields = ["page", "category", "article"]
    verbose_name_plural = _(
        "Links, in order of position (lower first). Link each to one category, page, article or "
        "external address; choose “under” to put a link in a top-level link's submenu."
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(top_position=Coalesce("parent__position", "position"), top=Coalesce("parent", "pk"))
            .order_by("top_position", "top", F("parent").asc(nulls_first=True), "position", "pk")
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Submenus hang from this menu's own top-level links.
        tops = MenuItem.objects.filter(menu=obj, parent__isnull=True) if obj else MenuItem.objects.none()
        formset.form.base_fields["parent"].queryset = tops
        return formset


@admin.register(Menu)
class MenuAdmin(TranslationAdmin):
    list_display = ["__str__", "location"]
    inlines = [MenuItemInline]
