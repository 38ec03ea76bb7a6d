from django.shortcuts import redirect
from django.urls import reverse

from .permissions import needs_second_factor

# Paths a user who still owes a second factor may open.
_EXEMPT_PREFIXES = ("/static/", "/media/", "/i18n/", "/hesap/", "/api/")


class SecondFactorMiddleware:
    """The director and administrators must confirm a TOTP code (and enrol one first) before anything else.

    API calls authenticate with tokens, not sessions, and are not affected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and needs_second_factor(user)
            and not user.is_verified()
        ):
            from django_otp import devices_for_user

            has_device = any(True for _ in devices_for_user(user, confirmed=True))
            target = "organization:otp_verify" if has_device else "organization:otp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
