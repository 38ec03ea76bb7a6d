"""LDAP / Active Directory settings for django-auth-ldap, read only when BILGIISLEM_USE_LDAP is on.

``ldap_settings()`` reads the environment when it is called (not at import), so tests can set the
``BILGIISLEM_LDAP_*`` variables and apply the result with pytest-django's ``settings`` fixture.
Every variable is described in docs/configuration.md.
"""

from .env import env_bool, env_int, env_str

LDAP_BACKEND = "bilgiislem.organization.auth.LDAPBackend"


def authentication_backends(*, use_ldap: bool) -> list[str]:
    """The authentication backends, in order: django-axes first (it refuses locked-out logins before any
    password check), the deputyship permissions, the directory when enabled, the local accounts last."""
    backends = ["axes.backends.AxesStandaloneBackend", "bilgiislem.organization.auth.DeputyshipBackend"]
    if use_ldap:
        backends.append(LDAP_BACKEND)
    backends.append("django.contrib.auth.backends.ModelBackend")
    return backends


def ldap_settings() -> dict:
    import ldap
    from django_auth_ldap.config import LDAPSearch

    timeout = env_int("LDAP_TIMEOUT", 5)
    options = {ldap.OPT_REFERRALS: 0, ldap.OPT_NETWORK_TIMEOUT: timeout, ldap.OPT_TIMEOUT: timeout}
    ca_file = env_str("LDAP_CA_CERT_FILE")
    if ca_file:
        options[ldap.OPT_X_TLS_CACERTFILE] = ca_file
        options[ldap.OPT_X_TLS_REQUIRE_CERT] = ldap.OPT_X_TLS_DEMAND
        options[ldap.OPT_X_TLS_NEWCTX] = 0  # must come last: applies the TLS options above
    return {
        "AUTH_LDAP_SERVER_URI": env_str("LDAP_SERVER_URI", "ldap://127.0.0.1:389"),
        "AUTH_LDAP_BIND_DN": env_str("LDAP_BIND_DN"),
        "AUTH_LDAP_BIND_PASSWORD": env_str("LDAP_BIND_PASSWORD"),
        "AUTH_LDAP_START_TLS": env_bool("LDAP_START_TLS", False),
        "AUTH_LDAP_CONNECTION_OPTIONS": options,
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(
            env_str("LDAP_USER_SEARCH_BASE", "dc=example,dc=org"),
            ldap.SCOPE_SUBTREE,
            env_str("LDAP_USER_FILTER", "(uid=%(user)s)"),
        ),
        "AUTH_LDAP_USER_ATTR_MAP": {
            "first_name": env_str("LDAP_ATTR_FIRST_NAME", "givenName"),
            "last_name": env_str("LDAP_ATTR_LAST_NAME", "sn"),
            "email": env_str("LDAP_ATTR_EMAIL", "mail"),
        },
        # The directory attribute whose value becomes the local username (uid; sAMAccountName on AD).
        "AUTH_LDAP_USERNAME_ATTR": env_str("LDAP_ATTR_USERNAME", "uid"),
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_CACHE_TIMEOUT": 0,
    }
