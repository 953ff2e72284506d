"""Two-factor sign-in for staff (SPEC §6), on django-otp.

django-otp was chosen over django-two-factor-auth and allauth's MFA because
it is the small, long-kept core those build on: TOTP and single-use static
tokens (our recovery codes) with throttling, and nothing else, so it fits the
existing admin login, its django-axes lockout and our own pages without
replacing the login flow. It has no WebAuthn device; passkeys would need
another plugin.

The password step stays the admin's own login (and its lockout). Then
:class:`SecondFactorMiddleware` holds any staff session under ``/admin/``
that has not passed a second factor: a user with a confirmed device is sent
to "Enter your code", a user who must have one (editors and administrators
when ``NEWSROOM_REQUIRE_2FA`` is on) and has none to "Set up". Everyone
else may set one up; once set up it is always asked for.
"""

from __future__ import annotations

import logging
import secrets
from base64 import b32encode

import django_otp
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def is_required(user) -> bool:
    """Editors and administrators must use a second factor when the setting is on."""
    if not settings.NEWSROOM_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or user.has_perm("articles.publish_article")


def has_device(user) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


# Whether the signed-in user has a device, looked up when they sign in (two
# queries) rather than on every admin page; the pages below keep it current.
SESSION_HAS_DEVICE = "newsroom_2fa_device"


@receiver(user_logged_in)
def _note_device_at_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and user.is_staff:
        request.session[SESSION_HAS_DEVICE] = has_device(user)


def session_has_device(request: HttpRequest) -> bool:
    known = request.session.get(SESSION_HAS_DEVICE)
    if known is None:
        known = request.session[SESSION_HAS_DEVICE] = has_device(request.user)
    return known


def _open_paths() -> tuple[str, ...]:
    """Admin addresses a signed-in user reaches before the second factor."""
    return (
        reverse("two-factor:verify"),
        reverse("two-factor:setup"),
        reverse("admin:logout"),
        reverse("admin:login"),
        reverse("admin:jsi18n"),
    )


class SecondFactorMiddleware:
    """Unverified staff sessions (after django-otp's OTPMiddleware): kept out of the admin, and
    anonymous everywhere else, so a password alone never approves a reply or opens a preview."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff or user.is_verified():
            return self.get_response(request)
        if not request.path.startswith(reverse("admin:index")):
            if session_has_device(request) or is_required(user):
                request.user = AnonymousUser()
        elif request.path not in _open_paths():
            if session_has_device(request):
                return _to("two-factor:verify", request)
            if is_required(user):
                return _to("two-factor:setup", request)
        return self.get_response(request)


def _to(name: str, request: HttpRequest) -> HttpResponse:
    target = reverse(name)
    if request.method == "GET":
        target += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(target)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


# --- forms -------------------------------------------------------------------------------------
class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True, "dir": "ltr"}
        ),
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


def _page(request, template: str, title: str, **context) -> TemplateResponse:
    context = {**admin.site.each_context(request), "title": title, **context}
    return TemplateResponse(request, f"admin/twofactor/{template}", context)


# --- views -------------------------------------------------------------------------------------
@never_cache
@login_required(login_url="admin:login")
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of the sign-in: a code from the app or a recovery code (each works once)."""
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("You used a recovery code; %(count)d are left. Make new ones on the two-factor page.")
                    % {"count": left},
                )
            return redirect(_safe_next(request))
        logger.warning("Wrong second-factor code for user %s", user.pk)
        form.add_error("code", _("That code is not valid, or was already used. Try the current one."))
    return _page(
        request,
        "verify.html",
        _("Enter your code"),
        form=form,
        next=_safe_next(request),
        can_set_up=not has_device(user),
    )


def _qr_svg(device: TOTPDevice) -> str:
    import segno  # only a staff member setting up a device needs it: 4 MiB less in every worker

    # segno writes plain SVG elements (no style attribute), allowed by our CSP.
    return mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff"))


def _base32_key(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Ten fresh single-use codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.confirmed = True
    device.save()
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@never_cache
@login_required(login_url="admin:login")
def setup(request: HttpRequest) -> HttpResponse:
    """Link an authenticator app (TOTP): scan, confirm with a code, receive recovery codes."""
    user = request.user
    if not user.is_staff:
        return redirect("admin:login")
    if has_device(user) and not user.is_verified():
        return _to("two-factor:verify", request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user, confirmed=True).delete()
                device.confirmed = True
                device.save()
                codes = new_recovery_codes(user)
            django_otp.login(request, device)
            request.session[SESSION_HAS_DEVICE] = True
            logger.info("User %s set up two-factor sign-in", user.pk)
            return _page(
                request, "codes.html", _("Your recovery codes"), codes=codes, next=_safe_next(request)
            )
        form.add_error("code", _("That code does not match. Check the time on your phone and try again."))
    return _page(
        request,
        "setup.html",
        _("Set up two-factor sign-in"),
        form=form,
        qr=_qr_svg(device),
        key=_base32_key(device),
        required=is_required(user),
        next=_safe_next(request),
    )


@never_cache
@login_required(login_url="admin:login")
def manage(request: HttpRequest) -> HttpResponse:
    user = request.user
    return _page(
        request,
        "manage.html",
        _("Two-factor sign-in"),
        enabled=has_device(user),
        required=is_required(user),
        codes_left=StaticToken.objects.filter(device__user=user, device__confirmed=True).count(),
    )


@require_POST
@login_required(login_url="admin:login")
def regenerate(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():
        return _to("two-factor:verify", request)
    codes = new_recovery_codes(request.user)
    back = reverse("two-factor:manage")
    return _page(request, "codes.html", _("Your recovery codes"), codes=codes, next=back)


@require_POST
@login_required(login_url="admin:login")
def disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if is_required(user):
        messages.error(request, _("Your role requires two-factor sign-in; it cannot be turned off."))
    elif user.is_verified() or not has_device(user):
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        request.session[SESSION_HAS_DEVICE] = False
        messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("two-factor:manage")


app_name = "two-factor"
urlpatterns = [
    path("", manage, name="manage"),
    path("verify/", verify, name="verify"),
    path("setup/", setup, name="setup"),
    path("recovery-codes/", regenerate, name="regenerate"),
    path("turn-off/", disable, name="disable"),
]
