"""What the import remembers, for administrators: mappings are read-only, redirects may be removed."""

from django.contrib import admin

from .models import ImportedFile, ImportedObject, LegacyURL


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportedObject)
class ImportedObjectAdmin(ReadOnlyAdmin):
    list_display = ["kind", "wp_key", "object_id", "imported_at"]
    list_filter = ["kind"]
    search_fields = ["=wp_key"]


@admin.register(LegacyURL)
class LegacyURLAdmin(ReadOnlyAdmin):
    list_display = ["path", "target"]
    list_select_related = ["target"]
    list_filter = ["target__kind"]
    search_fields = ["path"]


@admin.register(ImportedFile)
class ImportedFileAdmin(ReadOnlyAdmin):
    list_display = ["title", "type", "file", "created_at"]
    list_filter = ["type"]
    search_fields = ["title", "original_url"]
