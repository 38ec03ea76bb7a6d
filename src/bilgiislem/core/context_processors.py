from django.conf import settings


def shell(request) -> dict:
    """Navigation data for the layout (modules register their menu entries in core.navigation)."""
    from .navigation import menu_for

    user = getattr(request, "user", None)
    return {
        "nav_menu": menu_for(user) if user is not None and user.is_authenticated else [],
        "debug_banner": settings.DEBUG,
    }
