import pytest

pytestmark = pytest.mark.django_db


def test_screens_are_turkish_even_when_the_browser_asks_for_english(client):
    response = client.get("/hesap/giris/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert "Giriş yap" in response.content.decode()


def test_screens_follow_the_language_the_user_chose(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/hesap/giris/"})
    response = client.get("/hesap/giris/", HTTP_ACCEPT_LANGUAGE="tr")
    assert "Sign in" in response.content.decode()


def test_api_messages_follow_accept_language(client):
    assert "credentials" in client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
