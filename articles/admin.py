from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Article, Author, Byline, Category, Correction


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name_plural = _("Byline (in order)")


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "primary_category", "publish_at", "updated_at"]
    list_filter = ["status", "categories"]
    list_select_related = ["primary_category"]
    search_fields = ["title", "dek"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["primary_category", "categories"]
    inlines = [BylineInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body", "language"]}),
        (
            _("Featured image"),
            {"fields": ["featured_image", "image_alt", "image_caption", "image_credit"]},
        ),
        (
            _("Filing"),
            {"fields": ["primary_category", "categories", "tags", "source_line"]},
        ),
        (
            _("Publishing"),
            {"fields": ["status", "publish_at", "is_pinned", "comments_open"]},
        ),
        (
            _("Search engines"),
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


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
