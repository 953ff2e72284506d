"""The "Leave a Reply" form: validation (SPEC §4 step 1) and the bot traps it carries."""

from __future__ import annotations

import datetime
import functools
import re
from urllib.parse import urlsplit, urlunsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from articles.models import Article
from newsroom.languages import isolate
from newsroom.text import clean_input, has_visible_character

from . import moderation
from .models import Reply

_SIGNER_SALT = "comments.reply-form.started"


def sign_start(article: Article, now: datetime.datetime) -> str:
    """A token saying when this form was shown, for this article; readers cannot forge it."""
    return signing.TimestampSigner(salt=_SIGNER_SALT).sign(f"{article.pk}:{now.timestamp():.0f}")


def read_start(token: str, article: Article) -> datetime.datetime | None:
    """When the form was shown, or None for a missing, forged or foreign token."""
    try:
        value = signing.TimestampSigner(salt=_SIGNER_SALT).unsign(token)
        article_pk, stamp = value.split(":")
        if int(article_pk) != article.pk:
            return None
        return datetime.datetime.fromtimestamp(int(stamp), tz=datetime.UTC)
    except (signing.BadSignature, ValueError):
        return None


def fresh_start_token(request, token: str) -> str:
    """A cached page's form token, re-signed with this request's time (newsroom/pagecache.py).

    The token comes from a page this site rendered and stored, so it is not
    verified again; only the article's number is taken from it.
    """
    article_pk = token.split(":", 1)[0]
    if not article_pk.isdigit():
        return token
    return _signed_now(article_pk, int(timezone.now().timestamp()))


@functools.lru_cache(maxsize=64)
def _signed_now(article_pk: str, second: int) -> str:
    # The token only counts whole seconds: readers of the same page in the same
    # second get the same one, signed once.
    value = f"{article_pk}:{second}"
    return signing.TimestampSigner(salt=_SIGNER_SALT).sign(value)


class ReaderTextField(forms.CharField):
    """Text from a reader, cleaned once on input (newsroom.text.clean_input).

    Control characters, noncharacters and bidi overrides are removed before
    any other check, then the text is NFC; text that shows nothing (only
    invisible characters) is refused with ``invisible_message``.
    """

    def __init__(self, *, multiline: bool = False, invisible_message: str = "", **kwargs):
        self.multiline = multiline
        self.invisible_message = invisible_message
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_input(value, multiline=self.multiline)
            if not self.multiline:
                value = " ".join(value.split())
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value and not has_visible_character(value):
            raise forms.ValidationError(self.invisible_message, code="invisible")


# What RFC 3986 allows in an address (after an IRI is converted): anything
# else (spaces, quotes, backticks, < > { } | \ ^) makes an invalid link.
_URI_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


URL_EXAMPLES = {"http": "http://", "https": "https://", "example": "https://example.org/"}


class ReaderURLField(forms.URLField):
    """A reader's website: http or https only, no user name, nothing a link cannot carry.

    An address in another script (an IRI) is converted: the host to IDNA,
    the rest percent-encoded, so the stored value is a valid link as it is.
    """

    default_error_messages = {
        "invalid": format_lazy(
            _("Enter a web address starting with {http} or {https}, like {example}."),
            **{name: isolate(address, "ltr") for name, address in URL_EXAMPLES.items()},
        ),
        "characters": _(
            "This web address contains characters an address cannot have "
            "(such as spaces, quotes, backticks or < > { } | \\ ^)."
        ),
        "userinfo": _("Enter the address without a user name or password."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_input(value).strip()
        value = super().to_python(value)
        if not value:
            return value
        ascii_part = "".join(char for char in value if char.isascii())
        if not _URI_CHARACTERS.fullmatch(ascii_part) or _BAD_PERCENT.search(value):
            raise forms.ValidationError(self.error_messages["characters"], code="characters")
        try:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.port == 0:
                raise ValueError(value)
            if "@" in parts.netloc:
                raise forms.ValidationError(self.error_messages["userinfo"], code="userinfo")
            host = parts.netloc.encode("idna").decode("ascii")
        except (ValueError, UnicodeError):  # "[" (an unclosed IPv6 host), a port out of range
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return urlunsplit((parts.scheme, host, *(iri_to_uri(part) for part in parts[2:])))


# Django ships no Pashto: the messages of its own a reader can meet are in our catalogue too,
# in Django's English (so nothing changes in English and Dari keeps its wording).
READER_MESSAGES = {
    "required": _("This field is required."),
    "max_length": ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
}


class ReplyForm(forms.ModelForm):
    name = ReaderTextField(
        label=_("Name"),
        max_length=100,
        invisible_message=_("Enter a name with at least one visible letter, digit or sign."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        error_messages={"invalid": _("Enter a valid email address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    url = ReaderURLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "dir": "ltr"}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    fax = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    save_details = forms.BooleanField(
        label=_("Save my name, email, and website in this browser for the next time I comment."),
        required=False,
    )

    class Meta:
        model = Reply
        fields = ["name", "email", "url", "body"]

    def __init__(self, *args, article: Article, now: datetime.datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.now = now or timezone.now()
        self.parent_reply: Reply | None = None
        self.started_at: datetime.datetime | None = None
        # The limit is a setting, read when the form is made. (CharField strips
        # white space, so a blank name or comment is simply "required".)
        self.fields["body"] = ReaderTextField(
            label=_("Comment"),
            multiline=True,
            invisible_message=_("Write a comment with at least one visible letter, digit or sign."),
            max_length=settings.NEWSROOM_REPLY_MAX_LENGTH,
            # Readers write in English, Dari, Pashto: each line takes its own direction.
            widget=forms.Textarea(attrs={"rows": 8, "cols": 45, "dir": "auto"}),
        )
        for field in self.fields.values():
            field.error_messages.update(READER_MESSAGES)
        if not self.is_bound:
            self.initial.setdefault("started", sign_start(article, self.now))

    def full_clean(self) -> None:
        super().full_clean()
        # Screen readers announce the message with the field it belongs to.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-error"
        # The page comes back at the form: the first field to correct takes the focus, and is read out.
        refused = [field for field in self.visible_fields() if field.name in self.errors]
        if refused:
            refused[0].field.widget.attrs["autofocus"] = True
        if "url" in self.errors:
            # The refused address comes back for correcting; in a type="url"
            # input an invalid value would make the page invalid HTML.
            widget = self.fields["url"].widget
            widget.input_type = "text"
            widget.attrs["inputmode"] = "url"

    def clean_parent(self) -> Reply | None:
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Reply.objects.filter(pk=parent_id).first()
        problem = moderation.parent_problem(parent, self.article)
        if problem:
            raise forms.ValidationError(problem)
        self.parent_reply = parent
        return parent

    def clean(self):
        cleaned = super().clean()
        # Whether replies are open is moderation's first rule (moderation.decide).
        self.started_at = read_start(cleaned.get("started") or "", self.article)
        return cleaned

    def build_reply(self, *, ip_address: str | None, user_agent: str, user) -> Reply:
        """The unsaved reply, with the request's traces; moderation decides the rest."""
        reply = self.save(commit=False)
        reply.article = self.article
        reply.parent = self.parent_reply
        reply.ip_address = ip_address
        reply.user_agent = user_agent[:255]
        reply.user = user if user is not None and user.is_authenticated else None
        return reply


class StaffReplyForm(forms.Form):
    """A staff member's answer from the moderation queue (published under their name)."""

    body = ReaderTextField(
        label=_("Your reply"),
        multiline=True,
        invisible_message=_("Write a comment with at least one visible letter, digit or sign."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.NEWSROOM_REPLY_MAX_LENGTH,
        strip=True,
    )
