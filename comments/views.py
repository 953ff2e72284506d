"""Posting a reply: the form's validation, then moderation's decision, then a redirect."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.views import ArticleDetail
from newsroom.client_ip import client_ip

from . import moderation, readers
from .forms import ReplyForm


@csrf_exempt
@require_POST
def post_reply(request: HttpRequest, article_id: int) -> HttpResponse:
    refused = check_forgery(request)
    if refused is not None:
        return refused
    # Drafts and scheduled pieces do not exist for readers (SPEC §3).
    article = Article.objects.published().filter(pk=article_id).first()
    now = timezone.now()
    if article is None:
        return render(
            request,
            "comments/reply_refused.html",
            {"message": _("This article is not available for replies.")},
            status=404,
        )
    form = ReplyForm(request.POST, article=article, now=now)
    if not form.is_valid():
        return article_page(request, article, form, status=400)

    reply = form.build_reply(
        ip_address=reader_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        user=request.user,
    )
    try:
        decision = moderation.decide(
            reply, now, honeypot=form.cleaned_data["fax"], started_at=form.started_at
        )
        if decision.status is None:
            # A bot filled the honeypot: say nothing, keep nothing.
            return HttpResponseRedirect(article.get_absolute_url() + "#replies")
        moderation.store(reply, decision, now)
    except moderation.Refusal as refusal:
        form.add_error(None, refusal.message)
        return article_page(request, article, form, status=refusal.status_code)

    moderation.notify_moderators(
        reply,
        review_url=request.build_absolute_uri(reverse("admin:comments_reply_change", args=[reply.pk])),
    )
    response = HttpResponseRedirect(reply.get_absolute_url())
    readers.remember_reply(request, response, reply)
    if form.cleaned_data["save_details"]:
        readers.save_details(request, response, form.cleaned_data)
    else:
        readers.forget_details(response)
    return response


def article_page(request: HttpRequest, article: Article, form: ReplyForm, *, status: int) -> HttpResponse:
    """The article again, with the reader's form and its messages, nothing lost."""
    return ArticleDetail.page(request, article, status=status, reply_form=form)


def reader_ip(request: HttpRequest) -> str | None:
    """The reader's address (newsroom.client_ip), if it is one the database can store."""
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def check_forgery(request: HttpRequest) -> HttpResponse | None:
    """CSRF protection where a forged post could act for someone: signed-in members.

    A signed-in member's reply may be approved at once, so their form carries
    Django's CSRF token and it is checked here. Anonymous readers hold no
    authority a forged post could borrow, so their form has no token, and the
    article page stays the same for every reader (cacheable by a CDN); a post
    from another site is still refused by its Origin header.
    """
    if request.user.is_authenticated:
        return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
    origin = request.META.get("HTTP_ORIGIN")
    same_site = origin is None or urlsplit(origin).netloc == request.get_host()
    if not same_site and origin not in settings.CSRF_TRUSTED_ORIGINS:
        return HttpResponseForbidden(_("Replies can only be sent from this site."))
    return None
