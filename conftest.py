"""Shared fixtures: the organisation every test stands on, users in each role, API clients."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def org(db):
    """A small municipality: the IT directorate with two sub-units, and two other directorates."""
    from bilgiislem.organization.tests.factories import build_org

    return build_org()


@pytest.fixture
def make_user(db, org):
    """make_user(role, unit=None, username=None) -> User with a Person in ``unit`` (default: IT directorate)."""
    from bilgiislem.organization.tests.factories import user_with_role

    def _make(role: str | list[str] | None, unit=None, username: str | None = None, **kwargs):
        return user_with_role(role, unit=unit or org.it, username=username, **kwargs)

    return _make


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def client_as(client):
    """client_as(user) -> the Django test client, logged in as ``user`` with the second factor satisfied."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        from django_otp import DEVICE_ID_SESSION_KEY

        from bilgiislem.organization.tests.factories import confirmed_totp_device

        if user.is_superuser or user.groups.filter(name__in=["director", "admin"]).exists():
            device = confirmed_totp_device(user)
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return _login
