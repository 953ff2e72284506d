"""The history screens shared by articles and pages: every saved version, a
word-level comparison of two, and a restore open only to who may change the item."""

import json
from contextlib import suppress
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from reversion.admin import VersionAdmin
from reversion.models import Revision, Version

from . import revisions

# --- what a revision says: stored untranslated, shown in the reader's language --------------
# Django's own change messages are JSON ("changed": [field names]) for that reason; ours are
# JSON too, under this key: an English text marked with gettext_noop, and its values.
_NOTE = "newsroom"


def untranslated_comment(text: str, **values: str) -> str:
    """A revision comment stored as ``text`` (a msgid) and ``values``, whoever's language wrote it.
    A value called ``when`` is an ISO date-time, shown in the reader's format."""
    return json.dumps([{_NOTE: {"text": text, "values": values}}])


def shown_comment(revision: Revision) -> str:
    try:
        entries = json.loads(revision.comment)
        note = entries[0][_NOTE] if isinstance(entries, list) and len(entries) == 1 else None
    except (ValueError, TypeError, KeyError, IndexError):
        note = None
    if not isinstance(note, dict):
        return revision.get_comment()  # Django's change messages, or text stored before these
    values = dict(note.get("values") or {})
    if "when" in values:
        with suppress(ValueError, TypeError):
            values["when"] = localize(template_localtime(datetime.fromisoformat(values["when"])))
    return gettext(note.get("text", "")) % values


class LostEditGuardForm(forms.ModelForm):
    """The lost-edit guard: the form carries a marker of the last kept save, and a save from a
    form opened before someone else's is refused (the typing stays in the form), never an
    overwrite. ``stale_text`` names the kind of item, with %(who)s and %(time)s."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    stale_text = revisions.STALE_ARTICLE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_token"].initial = revisions.edit_token(self.instance)

    def stale_error(self, newer: list[Version]) -> str:
        return revisions.stale_message(newer, self.stale_text)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            newer = revisions.saves_since(self.instance, cleaned.get("edit_token"))
            if newer:
                raise ValidationError(self.stale_error(newer), code="stale")
        return cleaned


class VersionHistoryAdmin(VersionAdmin):
    """``compare_versions(old, new)``, set by each admin, lists the changed fields of two
    versions (articles/revisions.py, pages/revisions.py)."""

    object_history_template = "admin/articles/article/object_history.html"
    change_list_template = "admin/change_list_recoverable.html"
    history_latest_first = True
    compare_versions = None

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Shown read-only, the guard's hidden marker would be an empty row.
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "edit_token"]})
                for name, options in fieldsets
            ]
        return fieldsets

    def _admin_url(self, view: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)

    def _object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_change_permission(request, self._object_or_404(request, object_id)):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    # --- deleted items: bringing one back undoes a delete, so it is for who may delete
    def changelist_view(self, request, extra_context=None):
        context = {"may_recover": self.has_delete_permission(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self._object_or_404(request, object_id)
        versions = Version.objects.get_for_object(obj).select_related("revision__user").order_by("-pk")
        context = {
            "versions": [
                {
                    "version": version,
                    "restore_url": self._admin_url("revision", obj.pk, version.pk),
                    "user": version.revision.user,
                    "comment": shown_comment(version.revision),
                }
                for version in versions
            ],
            "compare_url": self._admin_url("compare", obj.pk),
            "can_restore": self.has_change_permission(request, obj),
        }
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    def compare_view(self, request, object_id):
        obj = self._object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        try:
            ids = sorted(int(request.GET[key]) for key in ("a", "b"))
        except (KeyError, ValueError):
            self.message_user(request, gettext("Choose two versions to compare."), messages.WARNING)
            return HttpResponseRedirect(self._admin_url("history", obj.pk))
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        old, new = (get_object_or_404(versions, pk=pk) for pk in ids)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Compare versions of “%(title)s”") % {"title": obj.title},
            "old": old,
            "new": new,
            "changes": self.compare_versions(old, new),
            "history_url": self._admin_url("history", obj.pk),
            "restore_url": self._admin_url("revision", obj.pk, old.pk),
            "can_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)
