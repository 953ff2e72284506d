from django import template
from django.conf import settings
from django.utils import timezone

from articles import conditional
from newsroom import pagecache

from .. import moderation, readers
from ..forms import ReplyForm
from ..models import Reply, ThreadNode, arrange_thread
from ..rendering import ThreadRenderer

register = template.Library()


@register.inclusion_tag("comments/_replies.html", takes_context=True)
def replies(context, article):
    """The approved thread (one query), the reader's own pending replies, and the form."""
    request = context["request"]
    max_depth = settings.NEWSROOM_REPLY_DEPTH
    own_ids = readers.own_reply_ids(request)
    if getattr(article, "reply_count", None) == 0 and not own_ids:
        shown = []  # the article's query already counted: nothing approved to show
    else:
        shown = list(Reply.objects.filter(article=article).visible_to(own_ids).thread_rows())
    thread = arrange_thread(shown, max_depth)
    is_open = moderation.comments_open(article, timezone.now())
    if is_open:
        # Replies close by age with no event: a cached page must not outlive that moment.
        pagecache.expire_at(request, moderation.closes_at(article))
    # The article's ETag changes with the thread (a reply approved, edited or
    # removed) and when comments close; from rows already loaded, no query.
    conditional.note(request, is_open, *[(reply.pk, reply.status, reply.updated_at) for reply in shown])

    form = context.get("reply_form")
    replying_to = None
    if form is None and is_open:
        initial = readers.saved_details(request)
        initial["save_details"] = bool(initial)
        if request.user.is_authenticated:
            initial.setdefault("name", request.user.get_full_name() or request.user.get_username())
            initial.setdefault("email", request.user.email)
        replying_to = _answerable(thread, request.GET.get("replytocom"), max_depth)
        if replying_to is not None:
            initial["parent"] = replying_to.pk
        form = ReplyForm(article=article, initial=initial)
    elif form is not None and form.is_bound:
        replying_to = getattr(form, "parent_reply", None)
    return {
        "article": article,
        "thread": ThreadRenderer(is_open=is_open, max_depth=max_depth).render(thread) if thread else "",
        "reply_count": sum(1 for reply in shown if reply.status == Reply.Status.APPROVED),
        "is_open": is_open,
        "form": form,
        "replying_to": replying_to,
        # Only a signed-in member's form carries a CSRF token (see views.check_forgery);
        # Django passes csrf_token into this template by itself.
        "member": request.user.is_authenticated,
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
