"""Authentication: backends (deputyship permissions, LDAP / Active Directory), the authentication log, and the
services behind the account screens (second factor, password change, API tokens).

The authentication log (logger ``bilgiislem.auth``, S11) records successes, failures, lockouts and logouts with
the username and client address. It never records a password, a one-time code or a session key, and a username
that matches no account is logged only as a short hash: people sometimes type their password into the username
field.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from bilgiislem.core.audit import audit_record, snapshot
from bilgiislem.core.exceptions import RuleViolation

from .models import normalize_login
from .roles import ADMIN, ROLES, user_role_codes
from .scoping import active_deputyships

log = logging.getLogger("bilgiislem.auth")

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "TOTP"
BACKUP_DEVICE_NAME = "backup"


class DeputyshipBackend(BaseBackend):
    """While a deputyship is active, the deputy also holds the permissions of the role they act in."""

    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_deputy_perm_cache"):
            roles = {d.role for d in active_deputyships(user_obj)}
            perms: set[str] = set()
            if roles:
                rows = Permission.objects.filter(group__name__in=roles).values_list(
                    "content_type__app_label", "codename"
                )
                perms = {f"{app}.{code}" for app, code in rows}
                # Fall back on the role table for roles whose group is missing.
                for role in roles:
                    if role in ROLES:
                        perms |= set(ROLES[role].permissions)
            user_obj._deputy_perm_cache = perms
        return user_obj._deputy_perm_cache


# --- LDAP / Active Directory -----------------------------------------------------------------------------------

try:  # django-auth-ldap needs python-ldap, which is compiled at install time
    from django_auth_ldap.backend import LDAPBackend as _LDAPBackend
    from django_auth_ldap.backend import ldap_error
except ImportError:  # pragma: no cover
    _LDAPBackend = None


def directory_unavailable(request) -> bool:
    """True when the directory could not be reached while authenticating this request."""
    return bool(getattr(request, "_bilgiislem_directory_unavailable", False))


if _LDAPBackend is not None:

    class LDAPBackend(_LDAPBackend):
        """LDAP login. A directory user gets a local account with no roles until an administrator assigns them.

        The local username is the directory's own spelling of the account (``AUTH_LDAP_USERNAME_ATTR``: uid, or
        sAMAccountName on Active Directory), so "Ayse.Yilmaz" and "ayse.yilmaz" reach the same local account.
        """

        def get_or_build_user(self, username, ldap_user):
            attr = getattr(settings, "AUTH_LDAP_USERNAME_ATTR", "uid")
            values = ldap_user.attrs.get(attr) if ldap_user.attrs else None
            if values:
                username = values[0]
            model = self.get_user_model()
            user = model.objects.filter(username=normalize_login(username)).first()
            if user is not None:
                return user, False
            user = model(username=username)
            user._bilgiislem_built_from_directory = True
            return user, True

        def authenticate_ldap_user(self, ldap_user, password):
            user = super().authenticate_ldap_user(ldap_user, password)
            if user is not None and getattr(user, "_bilgiislem_built_from_directory", False):
                user._bilgiislem_built_from_directory = False
                audit_record(
                    actor=None,
                    action="user.create_from_directory",
                    obj=user,
                    after=snapshot(user, ["username", "first_name", "last_name", "email", "is_active"]),
                )
                log.info("local account created from the directory user=%s", _clean(user.get_username()))
            return user

    @receiver(ldap_error, dispatch_uid="bilgiislem_ldap_error")
    def _mark_directory_unavailable(sender, context, user, request, exception, **kwargs) -> None:
        """django-auth-ldap reports only directory-side errors here (server down, timeout, TLS, a rejected service
        account; a wrong user password is not one), so the login page says "directory unavailable" instead of
        "wrong password"."""
        if request is not None:
            request._bilgiislem_directory_unavailable = True
        log.error("directory error context=%s error=%s", context, type(exception).__name__)


# --- The authentication log ------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w.@+\-]", re.UNICODE)


def axes_username(request, credentials) -> str | None:
    """The username django-axes counts failures against: normalised, so 'MUDUR' and 'mudur' share one counter."""
    username = (credentials or {}).get("username") if credentials else None
    if username is None and request is not None:
        username = request.POST.get("username")
    return normalize_login(username) if username else username


def _clean(value: str) -> str:
    """A username fit for one log line: no control characters or spaces (no forged log lines), at most 150."""
    return _UNSAFE.sub("?", value)[:150]


def username_for_log(username: str | None) -> str:
    """The username if it names an account, otherwise ``unknown:<hash>`` (a mistyped password stays out)."""
    if not username:
        return "-"
    if get_user_model().objects.filter(username=normalize_login(username)).exists():
        return _clean(username)
    return "unknown:" + hashlib.sha256(username.encode("utf-8", "replace")).hexdigest()[:12]


def client_address(request) -> str:
    if request is None:
        return "-"
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or "-"


@receiver(user_logged_in, dispatch_uid="bilgiislem_auth_log_login")
def _log_login(sender, request, user, **kwargs) -> None:
    log.info(
        "login succeeded user=%s ip=%s backend=%s",
        _clean(user.get_username()),
        client_address(request),
        getattr(user, "backend", "-"),
    )


@receiver(user_login_failed, dispatch_uid="bilgiislem_auth_log_failure")
def _log_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    reason = "locked" if getattr(request, "axes_locked_out", False) else "bad-credentials"
    if request is not None and directory_unavailable(request):
        reason = "directory-unavailable"
    log.warning("login failed user=%s ip=%s reason=%s", username_for_log(username), client_address(request), reason)


@receiver(user_logged_out, dispatch_uid="bilgiislem_auth_log_logout")
def _log_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        log.info("logout user=%s ip=%s", _clean(user.get_username()), client_address(request))


def _connect_axes_lockout() -> None:
    from axes.signals import user_locked_out

    @receiver(user_locked_out, dispatch_uid="bilgiislem_auth_log_lockout", weak=False)
    def _log_lockout(sender, request, username, ip_address, **kwargs) -> None:
        log.warning("login locked out user=%s ip=%s", username_for_log(username), ip_address or "-")


_connect_axes_lockout()


# --- Services of the account screens ---------------------------------------------------------------------------


def can_reset_second_factor(actor) -> bool:
    """Administrators (and superusers) may reset another user's second factor."""
    return bool(getattr(actor, "is_authenticated", False)) and (actor.is_superuser or ADMIN in user_role_codes(actor))


def confirmed_devices(user) -> list:
    from django_otp import devices_for_user

    return list(devices_for_user(user, confirmed=True))


def has_totp_device(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


@transaction.atomic
def otp_enrolment_start(*, user):
    """The user's unconfirmed TOTP device, created on first call (a reload shows the same secret)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _new_backup_codes(user) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes: set[str] = set()
    while len(codes) < BACKUP_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in sorted(codes)])
    return sorted(codes)


def otp_enrolment_confirm(*, user, device_id: int, token: str, actor) -> tuple[object, list[str]]:
    """Confirm the device with a code from the authenticator app; returns (device, the new backup codes).

    The backup codes are returned once and stored only in django-otp's static device; the caller shows them.
    Raises RuleViolation for a wrong code or while throttled.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # A wrong code must leave its throttling count behind, so the error is raised after the transaction.
    error = None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user, confirmed=False).first()
        if device is None:
            error = _("The enrolment has expired. Scan the new code and try again.")
        else:
            error = _throttle_error(device)
        if error is None and not device.verify_token(_normalise_code(token)):
            error = _("The code is not correct. Check the time on your phone and try again.")
        if error is None:
            # One authenticator per user: an earlier confirmed device is replaced.
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_backup_codes(user)
            audit_record(
                actor=actor,
                action="user.otp_enrol",
                obj=user,
                after={"device": device.persistent_id, "backup_codes": len(codes)},
            )
    if error is not None:
        log.warning("second factor enrolment failed user=%s", _clean(user.get_username()))
        raise RuleViolation(error)
    log.info("second factor enrolled user=%s", _clean(user.get_username()))
    return device, codes


@transaction.atomic
def otp_backup_codes_renew(*, user, actor) -> list[str]:
    """Replace the backup codes of a user who already has an authenticator."""
    if not has_totp_device(user):
        raise RuleViolation(_("Set up an authenticator app first."))
    codes = _new_backup_codes(user)
    audit_record(actor=actor, action="user.otp_backup_codes_renew", obj=user, after={"backup_codes": len(codes)})
    return codes


def _normalise_code(token: str) -> str:
    code = "".join((token or "").split()).replace("-", "")
    return code.lower() if code.isascii() else code


def _throttle_error(device):
    """The message to show while django-otp's throttling holds ``device``, else None."""
    from django.utils import timezone

    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    if locked_until:
        seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        return _("Too many wrong codes. Try again in {seconds} seconds.").format(seconds=seconds)
    return _("Too many wrong codes. Try again later.")


def otp_check(*, user, token: str):
    """The device that accepts ``token`` (a six-digit TOTP code, or a backup code, which is then used up).

    Raises RuleViolation for a wrong code or while django-otp's throttling holds the device.
    """
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    code = _normalise_code(token)
    is_totp = code.isdigit() and len(code) == 6
    model = TOTPDevice if is_totp else StaticDevice
    error, matched = None, None
    # The throttling count of a wrong code must survive, so the error is raised after the transaction.
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            error = _throttle_error(device)
            if error is None and device.verify_token(code):
                matched = device
                break
    if matched is not None:
        log.info("second factor verified user=%s kind=%s", _clean(user.get_username()), "totp" if is_totp else "backup")
        return matched
    log.warning("second factor failed user=%s", _clean(user.get_username()))
    raise RuleViolation(error or _("The code is not correct."))


@transaction.atomic
def otp_devices_reset(*, user, actor, reason: str = "") -> int:
    """An administrator removes ``user``'s authenticator and backup codes; they enrol again at their next login."""
    from django_otp import devices_for_user

    if not can_reset_second_factor(actor):
        raise PermissionDenied
    if actor.pk == user.pk:
        raise RuleViolation(_("You cannot reset your own second factor here."))
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    audit_record(actor=actor, action="user.otp_reset", obj=user, after={"devices_removed": removed}, reason=reason)
    log.warning("second factor reset user=%s by=%s", _clean(user.get_username()), _clean(actor.get_username()))
    return removed


@transaction.atomic
def user_password_change(*, user, actor, new_password: str):
    """Set a new password (already validated by the form). Other sessions of the user end, because the session
    hash changes; the caller keeps the current one with ``update_session_auth_hash``."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.password_change", obj=user)
    log.info("password changed user=%s", _clean(user.get_username()))
    return user


@transaction.atomic
def api_token_issue(*, user, actor, rotate: bool = False, reason: str = "") -> tuple[str, bool]:
    """The user's REST API token; with ``rotate`` the old one is replaced. Returns (key, created).

    Raises RuleViolation for an inactive user. The audit row never contains the key.
    """
    from rest_framework.authtoken.models import Token

    if not user.is_active:
        raise RuleViolation(_("The user account is not active."))
    if rotate:
        Token.objects.filter(user=user).delete()
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit_record(
            actor=actor, action="user.api_token_rotate" if rotate else "user.api_token_create", obj=user, reason=reason
        )
        log.info("api token %s user=%s", "rotated" if rotate else "created", _clean(user.get_username()))
    return token.key, created
