"""Authentication backends: deputyship permissions and LDAP / Active Directory."""

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Permission

from .roles import ROLES
from .scoping import active_deputyships


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


try:  # django-auth-ldap needs python-ldap, which is compiled at install time
    from django_auth_ldap.backend import LDAPBackend as _LDAPBackend
except ImportError:  # pragma: no cover
    _LDAPBackend = None


if _LDAPBackend is not None:

    class LDAPBackend(_LDAPBackend):
        """LDAP login. A directory user gets a local account with no roles until an administrator assigns them."""

        def get_or_build_user(self, username, ldap_user):
            return super().get_or_build_user(username.lower(), ldap_user)
