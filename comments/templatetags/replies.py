from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from newsroom import pagecache
from pages.links import special_pages

from .. import moderation, readers
from ..forms import ReplyForm
from ..models import Reply, ThreadNode, arrange_thread
from ..rendering import ThreadRenderer

register = template.Library()


@register.inclusion_tag("comments/_replies.html", takes_context=True)
def replies(context, article):
    """The approved thread, the reader's own pending replies, and the form.

    The thread and the blank form are the same for most visitors: they are
    shared parts (``pagecache.fragment``), rendered once until a reply changes.
    """
    request = context["request"]
    own_ids = readers.own_reply_ids(request)
    is_open = moderation.comments_open(article, timezone.now())
    if is_open:
        # Replies close by age with no event: a cached page must not outlive that moment.
        pagecache.expire_at(request, moderation.closes_at(article))
    wanted = request.GET.get("replytocom")
    if own_ids or wanted:
        # This reader's own pending replies, or the reply answered, are looked up in this thread.
        thread = _thread(request, article, own_ids, is_open, wanted)
    else:
        # The approved thread is the same for everyone: one rendering for all.
        thread = pagecache.fragment(
            request, f"replies:{article.pk}:{is_open}", lambda: _thread(request, article, own_ids, is_open)
        )

    form_html, replying_to = _reply_form(
        request, article, context.get("reply_form"), is_open, thread["answerable"]
    )
    return {
        "article": article,
        "thread": thread["html"],
        "reply_count": thread["count"],
        "is_open": is_open,
        "form_html": form_html,
        "replying_to": replying_to,
    }


def _reply_form(
    request, article, posted: ReplyForm | None, is_open: bool, answerable
) -> tuple[str, Reply | None]:
    """The reply form's HTML and the reply it answers, if any."""
    if posted is not None:  # refused: shown again as the reader typed it
        return _form_html(request, posted), getattr(posted, "parent_reply", None)
    if not is_open:
        return "", None
    initial = readers.saved_details(request)
    member = request.user.is_authenticated
    if not initial and not member and answerable is None:
        # A blank form is the same for every reader but its "shown at" token.
        part = pagecache.fragment(
            request,
            f"reply-form:{article.pk}",
            lambda: _form_html(request, ReplyForm(article=article, initial={"save_details": False})),
        )
        return pagecache.fill_fresh_fields(request, part), None
    initial["save_details"] = bool(initial)
    if member:
        initial.setdefault("name", request.user.get_full_name() or request.user.get_username())
        initial.setdefault("email", request.user.email)
    if answerable is not None:
        initial["parent"] = answerable.pk
    return _form_html(request, ReplyForm(article=article, initial=initial)), answerable


def _form_html(request, form: ReplyForm) -> str:
    # Only a signed-in member's form carries a CSRF token (see views.check_forgery);
    # Django passes csrf_token into this template by itself.
    context = {
        "article": form.article,
        "form": form,
        "member": request.user.is_authenticated,
        "privacy": special_pages(request).get("privacy"),
    }
    return render_to_string("comments/_reply_form.html", context, request)


def _thread(request, article, own_ids, is_open: bool, wanted: str | None = None) -> dict:
    """The thread's HTML, its approved count, and the reply ``wanted`` answered."""
    max_depth = settings.NEWSROOM_REPLY_DEPTH
    if getattr(article, "reply_count", None) == 0 and not own_ids:
        shown = []  # counted in the article's own query (this app's annotation, see apps.py)
    else:
        shown = list(Reply.objects.filter(article=article).visible_to(own_ids).thread_rows())
    pagecache.shows(request, article)
    nodes = arrange_thread(shown, max_depth)
    return {
        "html": ThreadRenderer(is_open=is_open, max_depth=max_depth).render(nodes) if nodes else "",
        "count": sum(1 for reply in shown if reply.status == Reply.Status.APPROVED),
        "answerable": _answerable(nodes, wanted, max_depth),
    }


def _answerable(thread: list[ThreadNode], wanted: str | None, max_depth: int) -> Reply | None:
    """The reply named in ?replytocom=, if it is shown, approved and not too deep."""
    if not wanted or not wanted.isdigit():
        return None
    nodes = list(thread)
    for node in nodes:  # grows as it goes: every level of the thread
        if node.reply.pk == int(wanted):
            approved = node.reply.status == Reply.Status.APPROVED
            return node.reply if approved and node.depth < max_depth else None
        nodes.extend(node.children)
    return None
