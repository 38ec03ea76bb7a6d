"""Login against a real OpenLDAP server (the ``slapd`` fixture in conftest.py), as with BILGIISLEM_USE_LDAP=1."""

import logging

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY

from bilgiislem.config.ldap import LDAP_BACKEND
from bilgiislem.core.models import AuditLog
from bilgiislem.organization.models import User

pytestmark = pytest.mark.ldap

LOGIN_URL = "/hesap/giris/"


def sign_in(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def form_error_codes(response) -> list[str]:
    return [e.code for e in response.context["form"].errors.as_data().get("__all__", [])]


def test_ldap_login_creates_a_local_user_from_the_directory(client, db, ldap_enabled):
    response = sign_in(client, "ayse.yilmaz", ldap_enabled["passwords"]["ayse.yilmaz"])

    assert response.status_code == 302 and response.url == "/"
    user = User.objects.get(username="ayse.yilmaz")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session[BACKEND_SESSION_KEY] == LDAP_BACKEND
    assert (user.first_name, user.last_name, user.email) == ("Ayşe", "Yılmaz", "ayse.yilmaz@belediye.local")
    assert not user.groups.exists()  # no roles until an administrator gives them
    assert not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()  # the password stays in the directory
    assert AuditLog.objects.filter(action="user.create_from_directory", object_id=str(user.pk)).count() == 1


def test_ldap_login_with_other_case_reaches_the_same_account(client, db, ldap_enabled):
    password = ldap_enabled["passwords"]["ayse.yilmaz"]
    sign_in(client, "ayse.yilmaz", password)
    client.post("/hesap/cikis/")

    response = sign_in(client, "Ayse.Yilmaz", password)

    assert response.status_code == 302
    assert list(User.objects.values_list("username", flat=True)) == ["ayse.yilmaz"]


def test_ldap_login_of_existing_local_user_keeps_the_account_and_roles(client, make_user, ldap_enabled):
    local = make_user("staff", username="mehmet.demir")

    response = sign_in(client, "mehmet.demir", ldap_enabled["passwords"]["mehmet.demir"])

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(local.pk)
    local.refresh_from_db()
    assert local.email == "mehmet.demir@belediye.local"
    assert list(local.groups.values_list("name", flat=True)) == ["staff"]


def test_ldap_login_with_wrong_password_fails(client, db, ldap_enabled):
    response = sign_in(client, "ayse.yilmaz", "Yanlis.Parola-1")

    assert response.status_code == 200
    assert form_error_codes(response) == ["invalid_login"]
    assert not User.objects.filter(username="ayse.yilmaz").exists()


def test_ldap_login_of_unknown_user_fails(client, db, ldap_enabled):
    response = sign_in(client, "olmayan.kisi", "Herhangi.Parola-1")

    assert response.status_code == 200
    assert form_error_codes(response) == ["invalid_login"]
    assert not User.objects.exists()


def test_ldap_password_change_screen_points_to_the_directory(client, db, ldap_enabled):
    sign_in(client, "ayse.yilmaz", ldap_enabled["passwords"]["ayse.yilmaz"])

    response = client.get("/hesap/parola/")

    assert response.status_code == 200
    assert response.context["directory_account"] is True
    assert "form" not in response.context


def test_ldap_directory_down_gives_a_clean_login_error(
    client, db, ldap_enabled, settings, unreachable_ldap_uri, caplog
):
    settings.AUTH_LDAP_SERVER_URI = unreachable_ldap_uri
    caplog.set_level(logging.INFO, logger="bilgiislem.auth")
    password = ldap_enabled["passwords"]["ayse.yilmaz"]

    response = sign_in(client, "ayse.yilmaz", password)

    assert response.status_code == 200
    assert form_error_codes(response) == ["directory_unavailable"]
    assert SESSION_KEY not in client.session
    messages = [r.getMessage() for r in caplog.records if r.name == "bilgiislem.auth"]
    assert "directory error context=search_for_user_dn error=SERVER_DOWN" in messages
    assert any(m.endswith("reason=directory-unavailable") for m in messages)
    assert password not in caplog.text


def test_ldap_directory_down_still_lets_local_accounts_in(
    client, make_user, ldap_enabled, settings, unreachable_ldap_uri
):
    settings.AUTH_LDAP_SERVER_URI = unreachable_ldap_uri
    make_user("staff", username="yerel.hesap", password="Yerel.Parola-2026")

    response = sign_in(client, "yerel.hesap", "Yerel.Parola-2026")

    assert response.status_code == 302
