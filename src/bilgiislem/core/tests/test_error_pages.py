def test_out_of_scope_person_shows_the_turkish_not_found_page(org, make_user, client_as):
    from bilgiislem.organization.tests.factories import person

    outsider = person(org.parks, "Oğuz", "Kılıç")
    response = client_as(make_user("staff", unit=org.software)).get(f"/teskilat/personel/{outsider.pk}/")
    assert response.status_code == 404
    assert "Kılıç" not in response.content.decode()
    assert "core/base.html" in [t.name for t in response.templates]


def test_forbidden_screen_shows_the_access_denied_page(org, make_user, client_as):
    response = client_as(make_user("staff", unit=org.software)).get("/teskilat/kullanicilar/")
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
