"""Second factor (django-otp TOTP + backup codes): enrolment, verification, throttling, admin reset (S10)."""

import base64
import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from bilgiislem.core.models import AuditLog
from bilgiislem.organization import auth

PASSWORD = "Güçlü.Parola-2026"
LOGIN_URL = "/hesap/giris/"
SETUP_URL = "/hesap/iki-adim/"
VERIFY_URL = "/hesap/iki-adim/dogrula/"


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows (``steps_ahead`` 30-second steps later: a code not used yet)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    accepted = {code_for(device, d) for d in (-1, 0, 1, 2)}
    return next(c for c in (f"{n:06d}" for n in range(123456, 999999, 7919)) if c not in accepted)


def sign_in(client, username):
    return client.post(LOGIN_URL, {"username": username, "password": PASSWORD})


@pytest.fixture
def director(make_user):
    return make_user("director", username="mudur", password=PASSWORD)


@pytest.fixture
def enrolled_director(director):
    device = TOTPDevice.objects.create(user=director, name="TOTP", confirmed=True)
    return director, device


# --- enforcement -------------------------------------------------------------------------------------
def test_director_without_device_is_sent_to_setup_after_password(client, director):
    response = sign_in(client, "mudur")

    assert response.status_code == 302
    assert response.url == f"{SETUP_URL}?next=%2F"
    # and every other page sends them back there
    home = client.get("/teskilat/birimler/?q=a")
    assert home.status_code == 302
    assert home.url == f"{SETUP_URL}?next={quote('/teskilat/birimler/?q=a', safe='')}"


def test_admin_and_superuser_are_asked_for_the_second_factor(client, make_user):
    make_user("admin", username="yonetici", password=PASSWORD)
    superuser = make_user(None, username="kok", password=PASSWORD)
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])

    assert sign_in(client, "yonetici").url.startswith(SETUP_URL)
    assert sign_in(Client(), "kok").url.startswith(SETUP_URL)


def test_staff_is_not_asked_for_a_second_factor(client, make_user):
    make_user("staff", username="personel", password=PASSWORD)

    response = sign_in(client, "personel")

    assert response.url == "/"
    assert client.get("/").status_code == 200


def test_setup_for_staff_says_not_required_and_creates_no_device(client, make_user):
    staff = make_user("staff", username="personel", password=PASSWORD)
    sign_in(client, "personel")

    response = client.get(SETUP_URL)
    post = client.post(SETUP_URL, {"code": "123456"})

    assert response.status_code == 200 and response.context["not_required"] is True
    assert post.status_code == 200 and post.context["not_required"] is True
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_password_change_is_not_reachable_before_the_second_factor(client, enrolled_director):
    sign_in(client, "mudur")

    response = client.get("/hesap/parola/")

    assert response.status_code == 302
    assert response.url.startswith(VERIFY_URL)


def test_logout_works_before_the_second_factor(client, director):
    sign_in(client, "mudur")

    response = client.post("/hesap/cikis/")

    assert response.status_code == 302
    assert SESSION_KEY not in client.session


# --- enrolment ---------------------------------------------------------------------------------------
def test_setup_shows_qr_image_and_secret_of_an_unconfirmed_device(client, director):
    sign_in(client, "mudur")

    response = client.get(SETUP_URL)

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=director)
    assert device.confirmed is False
    html = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert response.context["secret"].replace(" ", "") == base64.b32encode(device.bin_key).decode()
    assert "<script>" not in html and "style=" not in html
    assert "no-store" in response["Cache-Control"]
    # a reload shows the same secret (the app may already have scanned it)
    assert client.get(SETUP_URL).context["secret"] == response.context["secret"]


def test_enrol_with_valid_code_confirms_device_and_shows_backup_codes_once(client, director):
    sign_in(client, "mudur")
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=director)

    response = client.post(SETUP_URL, {"code": code_for(device), "next": "/teskilat/birimler/"})

    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed is True
    codes = response.context["backup_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(StaticToken.objects.filter(device__user=director).values_list("token", flat=True)) == codes
    assert all(code in response.content.decode() for code in codes)
    assert response.context["next"] == "/teskilat/birimler/"
    assert client.get("/").status_code == 200  # verified in this session
    row = AuditLog.objects.get(action="user.otp_enrol")
    assert row.object_id == str(director.pk)
    assert not any(code in str(row.after) for code in codes)
    # the codes are not shown again
    again = client.get(SETUP_URL)
    assert again.context.get("enrolled") is True
    assert not any(code in again.content.decode() for code in codes)


def test_enrol_with_wrong_code_is_refused(client, director):
    sign_in(client, "mudur")
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=director)

    response = client.post(SETUP_URL, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    device.refresh_from_db()
    assert device.confirmed is False
    assert not StaticDevice.objects.filter(user=director).exists()
    assert client.get("/").url.startswith(SETUP_URL)


def test_setup_when_enrolled_but_not_verified_sends_to_verify(client, enrolled_director):
    # someone with only the password must not be able to enrol their own phone
    sign_in(client, "mudur")

    response = client.get(SETUP_URL)
    post = client.post(SETUP_URL, {"code": "123456"})

    assert response.status_code == 302 and response.url.startswith(VERIFY_URL)
    assert post.status_code == 302 and post.url.startswith(VERIFY_URL)
    assert TOTPDevice.objects.filter(user=enrolled_director[0]).count() == 1


def test_enrolled_user_can_replace_phone_and_old_device_stops_working(client, enrolled_director):
    director, old = enrolled_director
    sign_in(client, "mudur")
    client.post(VERIFY_URL, {"code": code_for(old)})

    client.get(f"{SETUP_URL}?replace=1")
    new = TOTPDevice.objects.get(user=director, confirmed=False)
    response = client.post(SETUP_URL, {"code": code_for(new), "replace": "1"})

    assert response.status_code == 200 and len(response.context["backup_codes"]) == 10
    assert list(TOTPDevice.objects.filter(user=director).values_list("pk", flat=True)) == [new.pk]


# --- verification ------------------------------------------------------------------------------------
def test_next_login_requires_the_code_and_then_gives_access(client, enrolled_director):
    _director, device = enrolled_director

    response = sign_in(client, "mudur")
    assert response.url == f"{VERIFY_URL}?next=%2F"
    assert client.get("/").url.startswith(VERIFY_URL)
    key_before = client.session.session_key

    verified = client.post(VERIFY_URL, {"code": code_for(device, 1), "next": "/"})

    assert verified.status_code == 302 and verified.url == "/"
    assert client.get("/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != key_before  # new key once the second factor is proven


def test_enrol_then_sign_in_again_requires_verify(client, director):
    sign_in(client, "mudur")
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=director)
    client.post(SETUP_URL, {"code": code_for(device)})
    client.post("/hesap/cikis/")

    second = Client()
    response = sign_in(second, "mudur")
    assert response.url.startswith(VERIFY_URL)
    device.refresh_from_db()
    assert second.post(VERIFY_URL, {"code": code_for(device, 1)}).status_code == 302
    assert second.get("/").status_code == 200


def test_verify_with_wrong_code_is_refused_and_throttled(client, enrolled_director):
    _director, device = enrolled_director
    sign_in(client, "mudur")

    wrong = client.post(VERIFY_URL, {"code": wrong_code(device)})

    assert wrong.status_code == 200
    assert "code" in wrong.context["form"].errors
    assert client.get("/").url.startswith(VERIFY_URL)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # right after a failure even the right code is refused (django-otp throttling: 1 s, 2 s, 4 s ...)
    throttled = client.post(VERIFY_URL, {"code": code_for(device, 1)})
    assert throttled.status_code == 200
    assert client.get("/").url.startswith(VERIFY_URL)
    # once the delay has passed the right code works
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - dt.timedelta(hours=1))
    assert client.post(VERIFY_URL, {"code": code_for(device, 1)}).status_code == 302


def test_verify_code_cannot_be_replayed(client, enrolled_director):
    _director, device = enrolled_director
    code = code_for(device, 1)
    sign_in(client, "mudur")
    assert client.post(VERIFY_URL, {"code": code}).status_code == 302

    other = Client()
    sign_in(other, "mudur")
    assert other.post(VERIFY_URL, {"code": code}).status_code == 200


def test_backup_code_is_accepted_once(client, enrolled_director):
    director, _device = enrolled_director
    static = StaticDevice.objects.create(user=director, name="backup", confirmed=True)
    static.token_set.create(token="abcd2345")
    static.token_set.create(token="efgh6723")

    sign_in(client, "mudur")
    response = client.post(VERIFY_URL, {"code": "ABCD 2345"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200

    other = Client()
    sign_in(other, "mudur")
    again = other.post(VERIFY_URL, {"code": "abcd2345"})
    assert again.status_code == 200
    assert other.get("/").url.startswith(VERIFY_URL)
    assert list(static.token_set.values_list("token", flat=True)) == ["efgh6723"]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_verify_next_to_another_site_is_ignored(client, enrolled_director, target):
    _director, device = enrolled_director
    sign_in(client, "mudur")

    response = client.post(VERIFY_URL, {"code": code_for(device, 1), "next": target})

    assert response.status_code == 302
    assert response.url == "/"


def test_verify_without_device_sends_to_setup(client, director):
    sign_in(client, "mudur")

    response = client.get(f"{VERIFY_URL}?next=/teskilat/")

    assert response.status_code == 302
    assert response.url == f"{SETUP_URL}?next=%2Fteskilat%2F"


# --- admin reset -------------------------------------------------------------------------------------
def test_admin_resets_another_users_second_factor_and_it_is_audited(client_as, make_user, enrolled_director):
    director, _device = enrolled_director
    StaticDevice.objects.create(user=director, name="backup", confirmed=True)
    admin = make_user("admin", username="yonetici")
    client = client_as(admin)
    url = f"/hesap/iki-adim/sifirla/{director.pk}/"

    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Telefon kayboldu"})

    assert response.status_code == 302
    assert response.url == f"/teskilat/kullanicilar/{director.pk}/"
    assert not TOTPDevice.objects.filter(user=director).exists()
    assert not StaticDevice.objects.filter(user=director).exists()
    row = AuditLog.objects.get(action="user.otp_reset")
    assert (row.actor_id, row.object_id, row.reason) == (admin.pk, str(director.pk), "Telefon kayboldu")
    assert row.after == {"devices_removed": 2}
    # the director enrols again at the next sign-in
    assert sign_in(Client(), "mudur").url.startswith(SETUP_URL)


def test_reset_ends_the_verified_sessions_of_the_user(client_as, make_user, enrolled_director):
    director, _device = enrolled_director
    director_client = client_as(director)
    assert director_client.get("/").status_code == 200

    auth.otp_devices_reset(user=director, actor=make_user("admin", username="yonetici"))

    assert director_client.get("/").url.startswith(SETUP_URL)


def test_otp_reset_by_a_director_is_forbidden(client_as, make_user, enrolled_director):
    director, _device = enrolled_director
    other_director = make_user("director", username="mudur2")

    response = client_as(other_director).post(f"/hesap/iki-adim/sifirla/{director.pk}/")

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=director).exists()


def test_otp_reset_of_own_account_is_refused(client_as, make_user):
    admin = make_user("admin", username="yonetici")
    client = client_as(admin)

    response = client.post(f"/hesap/iki-adim/sifirla/{admin.pk}/")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_otp_reset_requires_the_admins_own_second_factor(client, make_user, enrolled_director):
    director, _device = enrolled_director
    make_user("admin", username="yonetici", password=PASSWORD)
    sign_in(client, "yonetici")

    response = client.post(f"/hesap/iki-adim/sifirla/{director.pk}/")

    assert response.status_code == 302
    assert response.url.startswith(SETUP_URL)
    assert TOTPDevice.objects.filter(user=director).exists()


def test_otp_reset_of_unknown_user_is_404(client_as, make_user):
    client = client_as(make_user("admin", username="yonetici"))

    assert client.get("/hesap/iki-adim/sifirla/999999/").status_code == 404


def test_setup_page_lists_nothing_secret_in_the_url(client, director):
    sign_in(client, "mudur")
    html = client.get(SETUP_URL).content.decode()

    assert not re.search(r"href=\"[^\"]*secret=", html)
