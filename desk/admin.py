"""The tag admin, with a merge that moves articles' links (desk/tags.py).

taggit's merge page is English only and asks for nothing but a staff login;
this one is translated, names the tags it merges, and asks for the right to
change and delete tags.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from .tags import merge_tags

admin.site.unregister(Tag)


class MergeForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Merge into"),
        max_length=100,
        help_text=gettext_lazy("The name of an existing tag (in any case) or of a new one."),
    )


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

    @admin.action(description=gettext_lazy("Merge selected tags"))
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if not self.may_merge(request):
            raise PermissionDenied
        ids = [pk for pk in request.session.get("selected_tag_ids", "").split(",") if pk.isdigit()]
        tags = list(Tag.objects.filter(pk__in=ids).order_by("name"))
        if not tags:
            messages.error(request, _("Choose the tags to merge in the list first."))
            return redirect("..")
        form = MergeForm(request.POST or None)
        if form.is_valid():
            name = form.cleaned_data["name"].strip()
            into = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
            moved = merge_tags(tags, into)
            request.session.pop("selected_tag_ids", None)
            message = ngettext(
                "Merged into “%(tag)s”: %(count)d article moved.",
                "Merged into “%(tag)s”: %(count)d articles moved.",
                moved,
            )
            messages.success(request, message % {"tag": into.name, "count": moved})
            return redirect("..")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge tags"),
            "opts": self.opts,
            "form": form,
            "tags": tags,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge.html", context)
