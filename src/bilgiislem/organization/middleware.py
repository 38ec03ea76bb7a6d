from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import auth  # also connects the authentication log receivers at start-up
from .permissions import needs_second_factor

# Paths a user who still owes a second factor may open: assets, the language switch, the token-authenticated API...
_EXEMPT_PREFIXES = ("/static/", "/media/", "/i18n/", "/api/")
# ... and the account screens needed to get through the second factor (not the password change or the admin reset).
_EXEMPT_URL_NAMES = (
    "organization:login",
    "organization:logout",
    "organization:otp_setup",
    "organization:otp_verify",
    "organization:municipality_logo",  # public: shown on the sign-in and code screens
)


def _exempt_paths() -> set[str]:
    return {reverse(name) for name in _EXEMPT_URL_NAMES}


def second_factor_url(user, next_url: str) -> str:
    """Where ``user`` confirms their second factor: the code screen, or the enrolment screen without a device."""
    target = "organization:otp_verify" if auth.confirmed_devices(user) else "organization:otp_setup"
    return f"{reverse(target)}?{urlencode({'next': next_url})}"


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
            and request.path not in _exempt_paths()
        ):
            return redirect(second_factor_url(user, request.get_full_path()))
        return self.get_response(request)
