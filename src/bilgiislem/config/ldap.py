"""LDAP / Active Directory settings for django-auth-ldap, read only when BILGIISLEM_USE_LDAP is on."""

from .env import env_bool, env_str


def ldap_settings() -> dict:
    import ldap
    from django_auth_ldap.config import LDAPSearch

    options = {ldap.OPT_REFERRALS: 0, ldap.OPT_NETWORK_TIMEOUT: 5}
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
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_CACHE_TIMEOUT": 0,
    }
