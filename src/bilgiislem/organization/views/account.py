"""Login, logout, the lockout page, second factor and the user's own password (/hesap/...).

Views parse input and call the services in ``organization.auth``; every ``next`` is checked with
``url_has_allowed_host_and_scheme`` before it is followed.
"""

import base64
import io
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render, resolve_url
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from bilgiislem.core.exceptions import RuleViolation

from .. import auth, selectors
from ..forms import AccountPasswordChangeForm, LoginForm, OtpCodeForm, OtpResetForm
from ..middleware import second_factor_url
from ..permissions import needs_second_factor


def _safe_next(request, default: str | None = None) -> str:
    """The ``next`` parameter if it points at this site, else ``default`` (the home page)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


def _posted(request):
    """Form data for a POST (even an empty one, so that it is validated), None for a GET."""
    return request.POST if request.method == "POST" else None


def _is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)  # set by django-otp's middleware
    return bool(check()) if callable(check) else False


# --- login, logout, lockout --------------------------------------------------------------------------
class LoginView(auth_views.LoginView):
    template_name = "organization/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()  # ``next`` if safe, else LOGIN_REDIRECT_URL
        user = self.request.user
        if needs_second_factor(user) and not _is_verified(user):
            return second_factor_url(user, url)
        return url


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET). The session is deleted on the server, not just forgotten by the browser."""

    def post(self, request, *args, **kwargs):
        was_authenticated = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_authenticated:
            messages.info(request, _("You have signed out."))
        return response


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): Turkish, with how long to wait."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "organization/login_locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


# --- password ----------------------------------------------------------------------------------------
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    user = request.user
    if not user.has_usable_password():  # a directory (LDAP) account: the password lives in the directory
        return render(request, "organization/password_change.html", {"directory_account": True})
    form = AccountPasswordChangeForm(user, _posted(request))
    if request.method == "POST" and form.is_valid():
        auth.user_password_change(user=user, actor=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)  # this session stays; the user's other sessions end
        messages.success(request, _("Your password has been changed."))
        return redirect("organization:password_change")
    return render(request, "organization/password_change.html", {"form": form})


# --- second factor -----------------------------------------------------------------------------------
def _qr_data_uri(text: str) -> str:
    """The QR code of ``text`` as a data: SVG image (the CSP allows data: images, and needs no inline script)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _grouped(secret: str, size: int = 4) -> str:
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


def _finish_second_factor(request, device) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # a new session key once the second factor is proven


@sensitive_post_parameters("code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    user = request.user
    next_url = _safe_next(request)
    enrolled = auth.has_totp_device(user)
    if not enrolled and not needs_second_factor(user):
        # Only roles that must use it enrol: a device nobody asks for at sign-in would give a false sense of safety.
        return render(request, "organization/otp_setup.html", {"not_required": True, "next": next_url})
    if enrolled and not _is_verified(user):  # enrolled: prove the current device before changing anything
        return redirect(second_factor_url(user, request.get_full_path()))
    replacing = request.GET.get("replace") == "1" or request.POST.get("replace") == "1"

    if enrolled and request.method == "POST" and request.POST.get("action") == "backup_codes":
        codes = auth.otp_backup_codes_renew(user=user, actor=user)
        return render(request, "organization/otp_setup.html", {"backup_codes": codes, "next": next_url})

    if enrolled and not replacing:
        backup = StaticDevice.objects.filter(user=user, confirmed=True).first()
        remaining = backup.token_set.count() if backup else 0
        return render(
            request, "organization/otp_setup.html", {"enrolled": True, "backup_codes_left": remaining, "next": next_url}
        )

    device = auth.otp_enrolment_start(user=user)
    form = OtpCodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = auth.otp_enrolment_confirm(
                user=user, device_id=device.pk, token=form.cleaned_data["code"], actor=user
            )
        except RuleViolation as exc:
            form.add_error("code", str(exc))
        else:
            _finish_second_factor(request, device)
            messages.success(request, _("Two-factor authentication is now on."))
            return render(request, "organization/otp_setup.html", {"backup_codes": codes, "next": next_url})
    secret = base64.b32encode(device.bin_key).decode("ascii")
    context = {
        "form": form,
        "qr_data_uri": _qr_data_uri(device.config_url),
        "secret": _grouped(secret),
        "issuer": settings.OTP_TOTP_ISSUER,
        "replacing": replacing,
        "next": next_url,
    }
    return render(request, "organization/otp_setup.html", context)


@sensitive_post_parameters("code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    user = request.user
    next_url = _safe_next(request)
    if _is_verified(user):
        return redirect(next_url)
    if not auth.confirmed_devices(user):
        return redirect(f"{reverse('organization:otp_setup')}?{request.GET.urlencode()}")
    form = OtpCodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device = auth.otp_check(user=user, token=form.cleaned_data["code"])
        except RuleViolation as exc:
            form.add_error("code", str(exc))
        else:
            _finish_second_factor(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "You signed in with a backup code; {count} codes are left. Create new ones under "
                        "Two-factor authentication when they run low."
                    ).format(count=left),
                )
            return redirect(next_url)
    return render(request, "organization/otp_verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_disable(request, pk: int):
    """An administrator resets another user's second factor (lost phone): the user enrols again at next login."""
    if not auth.can_reset_second_factor(request.user):
        raise PermissionDenied
    target = selectors.user_get(user=request.user, pk=pk)  # out of scope -> 404
    devices = auth.confirmed_devices(target)
    back = _safe_next(request, default=reverse("organization:user_detail", args=[target.pk]))
    form = OtpResetForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            auth.otp_devices_reset(user=target, actor=request.user, reason=form.cleaned_data["reason"])
        except RuleViolation as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The second factor of {user} has been reset.").format(user=target))
            return redirect(back)
    return render(
        request,
        "organization/account_otp_disable.html",
        {"target": target, "devices": devices, "form": form, "next": back},
    )


urlpatterns = [
    path("hesap/giris/", LoginView.as_view(), name="login"),
    path("hesap/cikis/", LogoutView.as_view(), name="logout"),
    path("hesap/parola/", password_change, name="password_change"),
    path("hesap/iki-adim/", otp_setup, name="otp_setup"),
    path("hesap/iki-adim/dogrula/", otp_verify, name="otp_verify"),
    path("hesap/iki-adim/sifirla/<int:pk>/", otp_disable, name="otp_disable"),
]
