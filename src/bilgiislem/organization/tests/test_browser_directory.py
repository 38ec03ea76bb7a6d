"""A director signs in through the real form (password, then TOTP) and walks the organisation directory."""

import re

import pytest

from bilgiislem.organization.models import Person
from bilgiislem.organization.tests.factories import confirmed_totp_device, person

PASSWORD = "Test.Parola.2026"


def _totp_now(device) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def _shot(page, name: str) -> None:
    page.screenshot(path=f"/tmp/shot-{name}.png", full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_director_walks_directory_and_edits_a_title(page, live_server, org, make_user):
    from playwright.sync_api import expect

    director = make_user("director", username="mudur", first_name="Ayla", last_name="Yönetici", password=PASSWORD)
    device = confirmed_totp_device(director)
    employee = person(org.software, "Deniz", "Kara")
    person(org.software, "Ali", "Işık")
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size({"width": 1366, "height": 800})
    page.context.set_extra_http_headers({"Accept-Language": "tr-TR,tr;q=0.9"})

    # Sign in: the directory page sends us to the login form, then to the second factor, then back.
    page.goto(f"{live_server.url}/teskilat/belediye/")
    expect(page).to_have_url(re.compile(r"/hesap/giris/"))
    page.fill("input[name=username]", "mudur")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/hesap/iki-adim/dogrula/"))
    page.fill("input[name=code]", _totp_now(device))
    page.locator("form:has(input[name=code]) button[type=submit]").click()

    # Municipality
    expect(page).to_have_url(re.compile(r"/teskilat/belediye/$"))
    expect(page.locator("h1")).to_have_text("Örnekköy Belediyesi")
    expect(page.locator(".app-topbar")).to_contain_text("Örnekköy Belediyesi")
    _shot(page, "municipality")

    # Units: the tree, then one unit
    page.locator("#app-sidebar a[href='/teskilat/birimler/']").click()
    expect(page.locator("#app-sidebar a.active")).to_have_attribute("href", "/teskilat/birimler/")
    expect(page.locator("#unit-results")).to_contain_text("Teknik Destek Birimi")
    _shot(page, "units")
    page.get_by_role("link", name="Yazılım Birimi", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Yazılım Birimi")
    expect(page.locator("#content")).to_contain_text("Deniz Kara")
    _shot(page, "unit")

    # People: search as you type (htmx), Turkish folding
    page.locator("#app-sidebar a[href='/teskilat/personel/']").click()
    expect(page.locator("#person-results tbody tr")).to_have_count(3)
    page.fill("input[name=q]", "ISIK")
    expect(page.locator("#person-results tbody tr")).to_have_count(1)
    expect(page.locator("#person-results")).to_contain_text("Işık")
    expect(page).to_have_url(re.compile(r"q=ISIK"))
    page.fill("input[name=q]", "kara")
    expect(page.locator("#person-results tbody tr")).to_have_count(1)
    _shot(page, "people")

    # A person, then edit the title
    page.locator("#person-results a", has_text="Kara, Deniz").click()
    expect(page.locator("h1")).to_have_text("Deniz Kara")
    _shot(page, "person")
    page.locator(f".app-actions a[href='/teskilat/personel/{employee.pk}/duzenle/']").click()
    page.fill("input[name=title]", "Bilgisayar İşletmeni")
    _shot(page, "person-edit")
    page.locator("#content form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/teskilat/personel/{employee.pk}/$"))
    expect(page.locator("#person-title")).to_have_text("Bilgisayar İşletmeni")
    expect(page.locator(".alert-success")).to_be_visible()
    _shot(page, "person-saved")

    # A narrow screen: the module menu folds away behind a button (Bootstrap's collapse, no inline script).
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("#app-sidebar")).to_be_hidden()
    page.locator("button[data-bs-target='#app-sidebar']").click()
    expect(page.locator("#app-sidebar.show")).to_be_visible()
    _shot(page, "mobile")

    employee.refresh_from_db()
    assert employee.title == "Bilgisayar İşletmeni"
    assert Person.objects.get(pk=employee.pk).title == "Bilgisayar İşletmeni"
    assert errors == []  # no CSP violation, no script error, nothing fetched from outside
