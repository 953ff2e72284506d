"""The tag admin, with a merge that moves articles' links (desk/tags.py)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from .tags import merge_tags

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    inlines = []  # a tag's articles: the article list, filtered by the tag

    def may_merge(self, request) -> bool:
        return self.has_change_permission(request) and self.has_delete_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.may_merge(request):
            actions.pop("render_tag_form", None)
        return actions

    def merge_tags_view(self, request):
        # taggit's view asks only for a staff login: merging changes and deletes tags.
        if not self.may_merge(request):
            raise PermissionDenied
        if request.method != "POST":
            return super().merge_tags_view(request)
        name = request.POST.get("new_tag_name", "").strip()
        ids = [pk for pk in request.session.get("selected_tag_ids", "").split(",") if pk.isdigit()]
        if not name or not ids:
            messages.error(request, _("Choose the tags to merge and the name of the tag they become."))
            return redirect("..")
        into = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        moved = merge_tags(list(Tag.objects.filter(pk__in=ids)), into)
        request.session.pop("selected_tag_ids", None)
        message = ngettext(
            "Merged into “%(tag)s”: %(count)d article moved.",
            "Merged into “%(tag)s”: %(count)d articles moved.",
            moved,
        )
        messages.success(request, message % {"tag": into.name, "count": moved})
        return redirect("..")
