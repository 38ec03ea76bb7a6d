"""Login, logout, password change, lockout (django-axes) and the authentication log (S10, S11)."""

import datetime as dt
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bilgiislem.core.models import AuditLog

PASSWORD = "Güçlü.Parola-2026"
LOGIN_URL = "/hesap/giris/"


@pytest.fixture
def staff(make_user):
    return make_user("staff", username="ali.kaya", password=PASSWORD)


def post_login(client, username, password, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password, **extra})


def session_cookie(client) -> str:
    return client.cookies["sessionid"].value


def form_error_codes(response) -> list[str]:
    return [e.code for e in response.context["form"].errors.as_data().get("__all__", [])]


# --- login page --------------------------------------------------------------------------------------
def test_login_url_names_resolve_to_turkish_paths():
    assert reverse("organization:login") == LOGIN_URL
    assert reverse("organization:logout") == "/hesap/cikis/"
    assert reverse("organization:password_change") == "/hesap/parola/"


def test_login_page_get_shows_form_and_language_switch(client, db):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert response.templates[0].name == "organization/login.html"
    html = response.content.decode()
    assert '<html lang="tr">' in html
    assert 'name="username"' in html and 'name="password"' in html
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language" value="en"' in html and 'name="language" value="tr"' in html
    assert "<script>" not in html and "onclick=" not in html and "style=" not in html


def test_login_with_english_chosen_renders_in_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN_URL})
    assert response.status_code == 302

    assert '<html lang="en">' in client.get(LOGIN_URL).content.decode()


def test_login_with_correct_password_logs_in_and_redirects_home(client, staff):
    response = post_login(client, "ali.kaya", PASSWORD)

    assert response.status_code == 302
    assert response.url == "/"
    assert client.session[SESSION_KEY] == str(staff.pk)
    assert client.get("/").status_code == 200


def test_login_with_wrong_password_is_refused_with_form_error(client, staff):
    response = post_login(client, "ali.kaya", "Yanlis.Parola-1")

    assert response.status_code == 200
    assert form_error_codes(response) == ["invalid_login"]
    assert SESSION_KEY not in client.session


def test_login_of_inactive_user_is_refused(client, staff):
    staff.is_active = False
    staff.save(update_fields=["is_active"])

    response = post_login(client, "ali.kaya", PASSWORD)

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_login_rotates_the_session_key(client, staff):
    # GIVEN an anonymous session that already has a key (e.g. planted by an attacker: session fixation)
    session = client.session
    session["language_hint"] = "tr"
    session.save()
    old_key = session.session_key
    assert session_cookie(client) == old_key

    # WHEN the user signs in
    post_login(client, "ali.kaya", PASSWORD)

    # THEN the session has a new key and the old one no longer exists on the server
    assert session_cookie(client) != old_key
    assert client.session[SESSION_KEY] == str(staff.pk)
    assert not Session.objects.filter(session_key=old_key).exists()


def test_login_session_cookie_is_httponly_and_samesite(client, staff):
    response = post_login(client, "ali.kaya", PASSWORD)

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_login_next_on_this_site_is_followed(client, staff):
    response = post_login(client, "ali.kaya", PASSWORD, next="/hesap/parola/")

    assert response.url == "/hesap/parola/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_login_next_to_another_site_is_ignored(client, staff, target):
    response = post_login(client, "ali.kaya", PASSWORD, next=target)

    assert response.status_code == 302
    assert response.url == "/"


def test_login_page_when_signed_in_redirects_home(client, staff):
    post_login(client, "ali.kaya", PASSWORD)

    response = client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response.url == "/"


def test_home_anonymous_redirects_to_login(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


# --- logout ------------------------------------------------------------------------------------------
def test_logout_with_get_is_refused(client, staff):
    post_login(client, "ali.kaya", PASSWORD)

    response = client.get("/hesap/cikis/")

    assert response.status_code == 405
    assert client.session[SESSION_KEY] == str(staff.pk)


def test_logout_deletes_the_session_on_the_server(client, staff):
    # GIVEN a signed-in browser and a copy of its session cookie
    post_login(client, "ali.kaya", PASSWORD)
    stolen = session_cookie(client)
    assert Session.objects.filter(session_key=stolen).exists()

    # WHEN the user signs out
    response = client.post("/hesap/cikis/")

    # THEN the session row is gone and the copied cookie opens nothing
    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert not Session.objects.filter(session_key=stolen).exists()
    replay = Client()
    replay.cookies["sessionid"] = stolen
    again = replay.get("/")
    assert again.status_code == 302
    assert again.url.startswith(LOGIN_URL)


# --- password change ---------------------------------------------------------------------------------
def test_password_change_anonymous_redirects_to_login(client, db):
    response = client.get("/hesap/parola/")

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_password_change_with_valid_password_changes_it_and_audits(client, staff):
    post_login(client, "ali.kaya", PASSWORD)
    new = "Yeni.Sifre-2027x"

    response = client.post("/hesap/parola/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(new)
    assert client.get("/").status_code == 200  # this session stays signed in
    row = AuditLog.objects.get(action="user.password_change")
    assert row.object_id == str(staff.pk) and row.actor_id == staff.pk
    assert new not in str(row.before) + str(row.after) + row.reason
    assert "pbkdf2" not in str(row.after) and "md5$" not in str(row.after)


def test_password_change_signs_out_the_users_other_sessions(client, staff):
    other = Client()
    post_login(other, "ali.kaya", PASSWORD)
    post_login(client, "ali.kaya", PASSWORD)
    new = "Yeni.Sifre-2027x"

    client.post("/hesap/parola/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})

    response = other.get("/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_password_change_with_wrong_current_password_is_refused(client, staff):
    post_login(client, "ali.kaya", PASSWORD)
    new = "Yeni.Sifre-2027x"

    response = client.post(
        "/hesap/parola/", {"old_password": "Yanlis.Sifre-1", "new_password1": new, "new_password2": new}
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("new", "code"),
    [
        ("Ab1.x", "password_too_short"),  # under 10 characters
        ("kucukharflerle", "password_too_simple"),  # one character class only
        ("1234567890", "password_entirely_numeric"),
        ("password123", "password_too_common"),
        ("ali.kaya2026", "password_too_similar"),  # like the username
    ],
)
def test_password_change_with_weak_password_is_refused(client, staff, new, code):
    post_login(client, "ali.kaya", PASSWORD)

    response = client.post("/hesap/parola/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})

    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].errors.as_data()["new_password2"]]
    assert code in codes
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


# --- lockout (django-axes) ---------------------------------------------------------------------------
def test_twenty_wrong_passwords_lock_the_account(client, staff):
    statuses = [post_login(client, "ali.kaya", f"Yanlis.Parola-{i}").status_code for i in range(20)]

    # the fifth failure locks the username + address pair; every later attempt gets the lockout page
    assert statuses[:4] == [200] * 4
    assert set(statuses[4:]) == {429}
    response = post_login(client, "ali.kaya", PASSWORD)
    assert response.status_code == 429
    assert "organization/login_locked.html" in [t.name for t in response.templates]
    assert response.context["minutes"] == 15
    assert SESSION_KEY not in client.session


def test_lockout_ends_after_the_cool_off_time(client, staff):
    for i in range(5):
        post_login(client, "ali.kaya", f"Yanlis.Parola-{i}")
    assert post_login(client, "ali.kaya", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))

    response = post_login(client, "ali.kaya", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(staff.pk)


def test_lockout_of_one_user_does_not_lock_another(client, staff, make_user):
    make_user("staff", username="zeynep.ak", password=PASSWORD)
    for i in range(5):
        post_login(client, "ali.kaya", f"Yanlis.Parola-{i}")

    response = post_login(client, "zeynep.ak", PASSWORD)

    assert response.status_code == 302


def test_successful_login_resets_the_failure_counter(client, staff):
    for i in range(3):
        post_login(client, "ali.kaya", f"Yanlis.Parola-{i}")
    assert post_login(client, "ali.kaya", PASSWORD).status_code == 302
    client.post("/hesap/cikis/")

    # four more failures: locked only if the three earlier ones still counted
    statuses = [post_login(client, "ali.kaya", f"Yanlis.Parola-{i}").status_code for i in range(4)]

    assert statuses == [200] * 4
    assert post_login(client, "ali.kaya", PASSWORD).status_code == 302


# --- authentication log (S11) ------------------------------------------------------------------------
def auth_messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bilgiislem.auth"]


def test_auth_log_records_success_failure_and_logout_without_secrets(client, staff, caplog):
    caplog.set_level(logging.DEBUG)  # everything, from every logger
    wrong = "Yanlis.Parola-42"

    post_login(client, "ali.kaya", wrong)
    post_login(client, "ali.kaya", PASSWORD)
    cookie = session_cookie(client)
    client.post("/hesap/cikis/")

    messages = auth_messages(caplog)
    assert any(m.startswith("login failed user=ali.kaya ip=127.0.0.1") for m in messages)
    assert any(m.startswith("login succeeded user=ali.kaya ip=127.0.0.1") for m in messages)
    assert any(m.startswith("logout user=ali.kaya") for m in messages)
    assert PASSWORD not in caplog.text
    assert wrong not in caplog.text
    assert cookie not in caplog.text


def test_auth_log_hides_a_username_that_is_no_account(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="bilgiislem.auth")

    # the user typed their password into the username field
    post_login(client, PASSWORD, PASSWORD)

    messages = auth_messages(caplog)
    assert any(m.startswith("login failed user=unknown:") for m in messages)
    assert PASSWORD not in caplog.text


def test_auth_log_records_the_lockout(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="bilgiislem.auth")

    for i in range(5):
        post_login(client, "ali.kaya", f"Yanlis.Parola-{i}")

    assert any(m.startswith("login locked out user=ali.kaya ip=127.0.0.1") for m in auth_messages(caplog))


def test_auth_log_strips_control_characters_from_usernames(client, make_user, caplog):
    make_user("staff", username="ali.kaya", password=PASSWORD)
    caplog.set_level(logging.INFO, logger="bilgiislem.auth")

    post_login(client, "ali.kaya\nlogin succeeded user=admin", "x")

    assert all("\n" not in m for m in auth_messages(caplog))


def test_lockout_counts_failures_whatever_the_case_of_the_username(client, make_user):
    # GIVEN a user; WHEN wrong passwords are tried with the username in varying case
    user = make_user("staff", username="emre", password="Dogru.Parola.2026")
    for i in range(5):
        client.post("/hesap/giris/", {"username": "EMRE" if i % 2 else "Emre", "password": "yanlis"})
    # THEN the account is locked for every spelling, even with the right password
    response = client.post("/hesap/giris/", {"username": "emre", "password": "Dogru.Parola.2026"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert user.pk
