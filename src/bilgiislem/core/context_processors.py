"""Data every page of the layout needs: the brand, the module navigation and the user menu.

Everything is lazy: a page that does not show the navigation (an error page, a partial) runs no query for it.
"""

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def shell(request) -> dict:
    from . import navigation

    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    path = getattr(request, "path", None)
    return {
        "brand": SimpleLazyObject(navigation.brand),
        "nav_menu": SimpleLazyObject(lambda: navigation.menu_for(user, path)) if authenticated else [],
        "user_menu": SimpleLazyObject(lambda: navigation.user_menu_for(user)) if authenticated else [],
        "user_roles": SimpleLazyObject(lambda: navigation.user_roles(user)) if authenticated else [],
        "debug_banner": settings.DEBUG,
    }
