"""The edit page's background requests: autosave and the presence heartbeat.

All POST, CSRF-protected, staff-only (admin_view), and each checks that the
user may change the article (articles.workflow.can_edit), whatever the
browser sends.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import workflow
from articles.models import Article

from . import editing


def _article(request) -> Article | None:
    """The article named in the POST, or None for a new one; 403 without change rights."""
    pk = request.POST.get("article", "")
    if pk:
        if not pk.isdigit():
            raise PermissionDenied
        article = get_object_or_404(Article, pk=int(pk))
        if not workflow.can_edit(request.user, article):
            raise PermissionDenied
        return article
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    return None


@require_POST
def autosave(request):
    article = _article(request)
    if len(request.POST.get("data", "")) > editing.MAX_AUTOSAVE_BYTES:
        return HttpResponseBadRequest(_("Too large to autosave."))
    draft_key = request.POST.get("draft_key", "")
    if article is None and not draft_key:
        return HttpResponseBadRequest(_("A new article needs its draft key."))
    try:
        data = json.loads(request.POST.get("data", ""))
    except ValueError:
        return HttpResponseBadRequest(_("The form data could not be read."))
    if not isinstance(data, dict):
        return HttpResponseBadRequest(_("The form data could not be read."))
    kept = editing.keep(request.user, article, draft_key, data, request.POST.get("edit_token", ""))
    when = formats.time_format(timezone.localtime(kept.saved_at), "H:i")
    return JsonResponse(
        {"saved_at": kept.saved_at.isoformat(), "label": _("Draft kept at %(time)s") % {"time": when}}
    )


@require_POST
def discard(request):
    article = _article(request)
    editing.discard(request.user, article, request.POST.get("draft_key", ""))
    return JsonResponse({"discarded": True})


@require_POST
def presence(request):
    article = _article(request)
    if article is None:
        return HttpResponseBadRequest(_("No article."))
    if request.POST.get("leaving"):
        editing.left(request.user, article)
        return JsonResponse({"others": [], "message": ""})
    editing.here(request.user, article)
    names = editing.others(request.user, article)
    return JsonResponse({"others": names, "message": editing.others_message(names)})
