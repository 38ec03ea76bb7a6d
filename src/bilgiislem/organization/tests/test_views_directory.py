"""The organisation directory screens: access by role and scope, writes through services, Turkish search and order."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from bilgiislem.core import navigation
from bilgiislem.core.models import AuditLog
from bilgiislem.organization import services
from bilgiislem.organization.choices import PersonStatus, UnitKind
from bilgiislem.organization.models import Municipality, Person, Unit, User
from bilgiislem.organization.roles import role_label
from bilgiislem.organization.tests.factories import person as make_person

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64


def tr(message) -> str:
    """The text a Turkish user sees for ``message`` (HTML-escaped as in a page)."""
    with translation.override("tr"):
        return escape(translation.gettext(message))


@pytest.fixture
def target(org):
    """A person with a user account in the software unit, and a person of the finance directorate."""
    person = make_person(org.software, "Deniz", "Kara")
    user = services.user_create(username="deniz", actor=None, person=person, roles=["staff"])
    outsider = make_person(org.finance, "Mert", "Uzak")
    return {"person": person, "user": user, "outsider": outsider}


def screens(org, target) -> dict[str, str]:
    person, user = target["person"], target["user"]
    return {
        "municipality_detail": reverse("organization:municipality_detail"),
        "municipality_edit": reverse("organization:municipality_edit"),
        "unit_list": reverse("organization:unit_list"),
        "unit_create": reverse("organization:unit_create"),
        "unit_detail": reverse("organization:unit_detail", args=[org.software.pk]),
        "unit_edit": reverse("organization:unit_edit", args=[org.software.pk]),
        "person_list": reverse("organization:person_list"),
        "person_create": reverse("organization:person_create"),
        "person_detail": reverse("organization:person_detail", args=[person.pk]),
        "person_edit": reverse("organization:person_edit", args=[person.pk]),
        "user_create": reverse("organization:user_create", args=[target["outsider"].pk]),
        "user_list": reverse("organization:user_list"),
        "user_detail": reverse("organization:user_detail", args=[user.pk]),
        "user_roles_edit": reverse("organization:user_roles_edit", args=[user.pk]),
    }


SCREENS = [
    "municipality_detail", "municipality_edit", "unit_list", "unit_create", "unit_detail", "unit_edit",
    "person_list", "person_create", "person_detail", "person_edit", "user_create", "user_list", "user_detail",
    "user_roles_edit",
]  # fmt: skip

# Expected status of a GET by role (the role's user sits in the IT directorate, a manager sees its sub-units).
ALLOWED = {
    "director": set(SCREENS),
    "admin": set(SCREENS),
    "chief": {"municipality_detail", "unit_list", "unit_detail", "person_list", "person_detail"},
    "staff": {"municipality_detail", "unit_list", "person_list"},  # not a manager: the software unit is out of scope
    "clerk": {"municipality_detail", "unit_list", "person_list", "person_create"},
}
# Screens where a role has the permission but the object is outside its scope.
OUT_OF_SCOPE = {
    "staff": {"unit_detail", "person_detail"},
    "clerk": {"unit_detail", "person_detail", "person_edit"},
}


# --- access ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("screen", SCREENS)
def test_get_screen_anonymous_redirects_to_login(client, org, target, screen):
    response = client.get(screens(org, target)[screen])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organization:login"))


@pytest.mark.parametrize("screen", SCREENS)
def test_get_screen_as_requester_is_forbidden(make_user, client_as, org, target, screen):
    client = client_as(make_user("requester", unit=org.finance))
    assert client.get(screens(org, target)[screen]).status_code == 403


@pytest.mark.parametrize("role", sorted(ALLOWED))
@pytest.mark.parametrize("screen", SCREENS)
def test_get_screen_by_role_answers_allowed_forbidden_or_not_found(make_user, client_as, org, target, role, screen):
    client = client_as(make_user(role))
    response = client.get(screens(org, target)[screen])
    if screen in ALLOWED[role]:
        expected = 200
    elif screen in OUT_OF_SCOPE.get(role, set()):
        expected = 404
    else:
        expected = 403
    assert response.status_code == expected


def test_unit_detail_other_directorate_for_chief_is_not_found(make_user, client_as, org):
    client = client_as(make_user("chief", unit=org.software))
    assert client.get(reverse("organization:unit_detail", args=[org.software.pk])).status_code == 200
    assert client.get(reverse("organization:unit_detail", args=[org.finance.pk])).status_code == 404
    assert client.get(reverse("organization:unit_detail", args=[org.it.pk])).status_code == 404


def test_unit_and_person_detail_do_not_name_parent_unit_outside_scope(make_user, client_as, org, target):
    client = client_as(make_user("staff", unit=org.software))
    for url in [
        reverse("organization:unit_detail", args=[org.software.pk]),
        reverse("organization:person_detail", args=[target["person"].pk]),
        reverse("organization:unit_list") + "?q=yazilim",
    ]:
        content = _main(client.get(url).content.decode())  # the header and footer name the directorate anyway
        assert "Yazılım Birimi" in content
        assert org.it.name not in content
        assert reverse("organization:unit_detail", args=[org.it.pk]) not in content
    director = client_as(make_user("director"))
    page = _main(director.get(reverse("organization:unit_detail", args=[org.software.pk])).content.decode())
    assert org.it.name in page


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_person_list_staff_sees_only_own_unit(make_user, client_as, org, target):
    client = client_as(make_user("staff", unit=org.software, last_name="Gören"))
    content = client.get(reverse("organization:person_list")).content.decode()
    assert "Kara" in content
    assert "Uzak" not in content


def test_person_edit_post_out_of_scope_is_not_found_and_changes_nothing(make_user, client_as, org, target):
    client = client_as(make_user("clerk"))
    outsider = target["outsider"]
    response = client.post(
        reverse("organization:person_edit", args=[outsider.pk]),
        {"first_name": "X", "last_name": "Y", "unit": org.it.pk, "employment_type": "worker", "status": "active"},
    )
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.first_name == "Mert"


def test_post_without_permission_is_forbidden_and_changes_nothing(make_user, client_as, org):
    client = client_as(make_user("staff"))
    count = AuditLog.objects.count()
    response = client.post(reverse("organization:municipality_edit"), {"name": "Başka Belediye"})
    assert response.status_code == 403
    assert Municipality.current().name == "Örnekköy Belediyesi"
    assert AuditLog.objects.count() == count


# --- municipality ------------------------------------------------------------------------------------
def _municipality_data(**overrides) -> dict:
    data = {
        "name": "Körfez Belediyesi",
        "detsis_number": "24308110",
        "address": "Yarımca Mah. No: 1",
        "phone": "0262 528 00 00",
        "fax": "0262 528 00 01",
        "email": "bilgi@korfez.bel.tr",
        "kep_address": "korfezbelediyesi@hs01.kep.tr",
        "website": "https://www.korfez.bel.tr",
    }
    data.update(overrides)
    return data


def test_municipality_edit_saves_details_and_writes_audit(make_user, client_as, org):
    client = client_as(make_user("director"))
    response = client.post(reverse("organization:municipality_edit"), _municipality_data())
    assert response.status_code == 302
    municipality = Municipality.current()
    assert (municipality.name, municipality.kep_address) == ("Körfez Belediyesi", "korfezbelediyesi@hs01.kep.tr")
    event = AuditLog.objects.filter(action="municipality.update").latest("seq")
    assert event.after["name"] == "Körfez Belediyesi"
    assert event.before["name"] == "Örnekköy Belediyesi"


def test_municipality_edit_new_name_shows_in_top_bar(make_user, client_as, org):
    client = client_as(make_user("director"))
    client.post(reverse("organization:municipality_edit"), _municipality_data(name="Yeni Ad Belediyesi"))
    assert "Yeni Ad Belediyesi" in client.get(reverse("organization:unit_list")).content.decode()


def test_municipality_edit_invalid_detsis_shows_error_and_changes_nothing(make_user, client_as, org):
    client = client_as(make_user("director"))
    count = AuditLog.objects.count()
    response = client.post(reverse("organization:municipality_edit"), _municipality_data(detsis_number="12AB", name=""))
    assert response.status_code == 200
    content = response.content.decode()
    assert tr("The DETSİS number contains digits only.") in content
    assert tr("This field is required.") in content  # Django's own message, in Turkish
    assert tr("This field is required.") != "This field is required."
    assert Municipality.current().name == "Örnekköy Belediyesi"
    assert AuditLog.objects.count() == count


@pytest.mark.parametrize(
    ("data", "extension", "content_type"), [(PNG, "png", "image/png"), (JPEG, "jpg", "image/jpeg")]
)
def test_municipality_logo_upload_png_or_jpeg_is_stored_under_generated_name(
    make_user, client_as, org, settings, tmp_path, data, extension, content_type
):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(make_user("director"))
    upload = io.BytesIO(data)
    upload.name = "../../evil.html"
    response = client.post(reverse("organization:municipality_edit"), {**_municipality_data(), "logo": upload})
    assert response.status_code == 302
    logo = Municipality.current().logo
    assert logo.name.startswith("municipality/logo-") and logo.name.endswith(f".{extension}")
    served = client.get(reverse("organization:municipality_logo"))
    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert served["Content-Disposition"].startswith("attachment")
    assert b"".join(served.streaming_content) == data
    top_bar = client.get(reverse("organization:unit_list")).content.decode()
    assert f'<img src="{reverse("organization:municipality_logo")}?v=' in top_bar


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (GIF, "logo.png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "l.svg"),
        (PNG + b"\x00" * (1024 * 1024), "big.png"),
    ],
)
def test_municipality_logo_wrong_type_or_too_large_is_refused(
    make_user, client_as, org, settings, tmp_path, data, name
):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(make_user("director"))
    upload = io.BytesIO(data)
    upload.name = name
    response = client.post(reverse("organization:municipality_edit"), {**_municipality_data(), "logo": upload})
    assert response.status_code == 200
    content = response.content.decode()
    assert tr("The logo must be a PNG or JPEG image.") in content or tr("The logo may be at most 1 MB.") in content
    municipality = Municipality.current()
    assert not municipality.logo
    assert municipality.name == "Örnekköy Belediyesi"


def test_municipality_logo_missing_is_not_found(client, org):
    assert client.get(reverse("organization:municipality_logo")).status_code == 404


# --- units -------------------------------------------------------------------------------------------
def test_unit_create_saves_sub_unit_and_writes_audit(make_user, client_as, org):
    client = client_as(make_user("director"))
    response = client.post(
        reverse("organization:unit_create"),
        {"name": "Ağ ve Güvenlik Birimi", "kind": UnitKind.SUBUNIT, "parent": org.it.pk, "is_active": "on"},
    )
    unit = Unit.objects.get(name="Ağ ve Güvenlik Birimi")
    assert response.status_code == 302
    assert response["Location"] == reverse("organization:unit_detail", args=[unit.pk])
    assert unit.parent == org.it
    assert AuditLog.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()


def test_unit_create_sub_unit_without_parent_shows_rule_and_creates_nothing(make_user, client_as, org):
    client = client_as(make_user("director"))
    response = client.post(reverse("organization:unit_create"), {"name": "Yetim Birim", "kind": UnitKind.SUBUNIT})
    assert response.status_code == 200
    assert tr("A sub-unit needs a parent unit.") in response.content.decode()
    assert not Unit.objects.filter(name="Yetim Birim").exists()


def test_unit_edit_under_own_sub_unit_shows_rule_and_changes_nothing(make_user, client_as, org):
    client = client_as(make_user("director"))
    count = AuditLog.objects.count()
    response = client.post(
        reverse("organization:unit_edit", args=[org.it.pk]),
        {"name": org.it.name, "kind": UnitKind.DIRECTORATE, "parent": org.software.pk, "is_active": "on"},
    )
    assert response.status_code == 200
    assert tr("A unit cannot be placed under itself or one of its sub-units.") in response.content.decode()
    org.it.refresh_from_db()
    assert org.it.parent_id is None
    assert AuditLog.objects.count() == count


def test_unit_edit_renames_and_writes_audit(make_user, client_as, org):
    client = client_as(make_user("director"))
    response = client.post(
        reverse("organization:unit_edit", args=[org.software.pk]),
        {"name": "Yazılım Geliştirme Birimi", "kind": UnitKind.SUBUNIT, "parent": org.it.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    org.software.refresh_from_db()
    assert org.software.name == "Yazılım Geliştirme Birimi"
    event = AuditLog.objects.filter(action="unit.update", object_id=str(org.software.pk)).latest("seq")
    assert event.before["name"] == "Yazılım Birimi"
    assert event.after["name"] == "Yazılım Geliştirme Birimi"


def test_unit_list_shows_it_directorate_with_sub_units_then_directorates_and_outside_bodies(make_user, client_as, org):
    services.unit_create(actor=None, name="Körfez Kaymakamlığı", kind=UnitKind.EXTERNAL)
    client = client_as(make_user("director"))
    content = client.get(reverse("organization:unit_list")).content.decode()
    positions = [
        content.index(name)
        for name in [
            "Bilgi İşlem Müdürlüğü",
            "Teknik Destek Birimi",
            "Yazılım Birimi",
            "Mali Hizmetler Müdürlüğü",
            "Park ve Bahçeler Müdürlüğü",
            "Körfez Kaymakamlığı",
        ]
    ]
    assert positions == sorted(positions)


def test_unit_detail_lists_people_and_sub_units(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    content = client.get(reverse("organization:unit_detail", args=[org.it.pk])).content.decode()
    assert "Yazılım Birimi" in content and "Teknik Destek Birimi" in content
    content = client.get(reverse("organization:unit_detail", args=[org.software.pk])).content.decode()
    assert "Deniz Kara" in content


@pytest.mark.parametrize("query", ["ışık", "ISIK", "Işık", "isik"])
def test_unit_list_search_folds_turkish_letters(make_user, client_as, org, query):
    services.unit_create(actor=None, name="IŞIKLAR MAHALLE MUHTARLIĞI", kind=UnitKind.EXTERNAL)
    client = client_as(make_user("director"))
    content = client.get(reverse("organization:unit_list"), {"q": query}).content.decode()
    assert "IŞIKLAR MAHALLE MUHTARLIĞI" in content
    assert "Mali Hizmetler Müdürlüğü" not in content


def test_unit_list_orders_names_in_turkish_alphabet(make_user, client_as, org):
    for name in ["Kiraz Müdürlüğü", "Destek Müdürlüğü", "Çevre Müdürlüğü", "Kırsal Müdürlüğü", "Cadde Müdürlüğü"]:
        services.unit_create(actor=None, name=name)
    client = client_as(make_user("director"))
    content = client.get(reverse("organization:unit_list")).content.decode()
    expected = ["Cadde Müdürlüğü", "Çevre Müdürlüğü", "Destek Müdürlüğü", "Kırsal Müdürlüğü", "Kiraz Müdürlüğü"]
    positions = [content.index(name) for name in expected]
    assert positions == sorted(positions)


# --- people ------------------------------------------------------------------------------------------
def _person_data(person: Person, **overrides) -> dict:
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "title": person.title,
        "unit": person.unit_id,
        "employment_type": person.employment_type,
        "status": person.status,
        "registry_number": "",
        "email": "",
        "phone": "",
        "started_on": "",
        "left_on": "",
    }
    data.update(overrides)
    return data


def test_person_create_by_clerk_saves_and_writes_audit(make_user, client_as, org):
    client = client_as(make_user("clerk"))
    response = client.post(
        reverse("organization:person_create"),
        {
            "first_name": "Zeynep",
            "last_name": "Çınar",
            "title": "Tekniker",
            "unit": org.it.pk,
            "employment_type": "worker",
            "status": "active",
            "started_on": "2024-03-01",
        },
    )
    person = Person.objects.get(last_name="Çınar")
    assert response.status_code == 302
    assert person.started_on.isoformat() == "2024-03-01"
    assert AuditLog.objects.filter(action="person.create", object_id=str(person.pk)).exists()


def test_person_create_in_unit_outside_scope_is_refused(make_user, client_as, org):
    client = client_as(make_user("clerk"))
    response = client.post(
        reverse("organization:person_create"),
        {
            "first_name": "Zeynep",
            "last_name": "Dışarıda",
            "unit": org.finance.pk,
            "employment_type": "worker",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert not Person.objects.filter(last_name="Dışarıda").exists()


def test_person_edit_title_saves_and_writes_audit(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    person = target["person"]
    response = client.post(
        reverse("organization:person_edit", args=[person.pk]), _person_data(person, title="Bilgisayar İşletmeni")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.title == "Bilgisayar İşletmeni"
    event = AuditLog.objects.filter(action="person.update", object_id=str(person.pk)).latest("seq")
    assert event.after["title"] == "Bilgisayar İşletmeni"


@pytest.mark.parametrize("status", [PersonStatus.DEPARTED, PersonStatus.DECEASED])
def test_person_edit_status_departed_shows_rule_and_changes_nothing(make_user, client_as, org, target, status):
    client = client_as(make_user("director"))
    person = target["person"]
    count = AuditLog.objects.count()
    response = client.post(
        reverse("organization:person_edit", args=[person.pk]), _person_data(person, status=status, title="Değişmemeli")
    )
    assert response.status_code == 200
    assert tr("A departure is recorded through the handover procedure, not by editing the person.") in (
        response.content.decode()
    )
    person.refresh_from_db()
    assert (person.status, person.title) == (PersonStatus.ACTIVE, "")
    assert AuditLog.objects.count() == count


def test_person_edit_empty_name_shows_error_and_changes_nothing(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    person = target["person"]
    response = client.post(reverse("organization:person_edit", args=[person.pk]), _person_data(person, first_name=""))
    assert response.status_code == 200
    assert tr("This field is required.") in response.content.decode()
    assert "is-invalid" in response.content.decode()
    person.refresh_from_db()
    assert person.first_name == "Deniz"


@pytest.mark.parametrize("query", ["ışık", "ISIK", "Işık"])
def test_person_list_search_finds_turkish_name_in_any_case(make_user, client_as, org, query):
    make_person(org.it, "Ali", "IŞIK")
    make_person(org.it, "Ayşe", "Yılmaz")
    client = client_as(make_user("director"))
    content = client.get(reverse("organization:person_list"), {"q": query}).content.decode()
    assert "IŞIK" in content
    assert "Yılmaz" not in content


def test_person_list_orders_surnames_in_turkish_alphabet(make_user, client_as, org):
    for last_name in ["Kiraz", "İnce", "Demir", "Kılıç", "Çelik", "Işık", "Can"]:
        make_person(org.parks, "Ad", last_name)
    client = client_as(make_user("director"))
    content = client.get(reverse("organization:person_list"), {"unit": org.parks.pk}).content.decode()
    expected = ["Can,", "Çelik,", "Demir,", "Işık,", "İnce,", "Kılıç,", "Kiraz,"]
    positions = [content.index(name) for name in expected]
    assert positions == sorted(positions)


def test_person_list_filters_by_status_and_employment_type(make_user, client_as, org):
    services.person_create(
        actor=None,
        first_name="İzinli",
        last_name="Personel",
        unit=org.it,
        status=PersonStatus.ON_LEAVE,
        employment_type="worker",
    )
    services.person_create(actor=None, first_name="Aktif", last_name="Memur", unit=org.it)
    client = client_as(make_user("director"))
    content = client.get(reverse("organization:person_list"), {"status": "on_leave"}).content.decode()
    assert "İzinli" in content and "Aktif" not in content
    content = client.get(reverse("organization:person_list"), {"employment_type": "civil_servant"}).content.decode()
    assert "Aktif" in content and "İzinli" not in content


def test_person_list_htmx_request_returns_results_only(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    response = client.get(reverse("organization:person_list"), {"q": "kara"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert 'id="person-results"' in content
    assert "<html" not in content
    assert "Kara" in content
    assert "HX-Request" in response["Vary"]


def test_person_detail_shows_roles_of_its_user(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    content = client.get(reverse("organization:person_detail", args=[target["person"].pk])).content.decode()
    assert "deniz" in content
    assert tr("Staff") in content


# --- users -------------------------------------------------------------------------------------------
def test_user_roles_edit_sets_roles_and_writes_audit(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    user = target["user"]
    response = client.post(
        reverse("organization:user_roles_edit", args=[user.pk]), {"roles": ["staff", "archive_officer"]}
    )
    assert response.status_code == 302
    assert set(user.groups.values_list("name", flat=True)) == {"staff", "archive_officer"}
    event = AuditLog.objects.filter(action="user.roles_set", object_id=str(user.pk)).latest("seq")
    assert event.after == {"roles": ["archive_officer", "staff"]}


def test_user_roles_edit_record_and_control_officer_together_is_refused(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    user = target["user"]
    count = AuditLog.objects.count()
    response = client.post(
        reverse("organization:user_roles_edit", args=[user.pk]),
        {"roles": ["property_record_officer", "property_control_officer"]},
    )
    assert response.status_code == 200
    with translation.override("tr"):
        message = translation.gettext("{a} and {b} may never be the same person.").format(
            a=role_label("property_record_officer"), b=role_label("property_control_officer")
        )
    assert escape(message) in response.content.decode()
    assert set(user.groups.values_list("name", flat=True)) == {"staff"}
    assert AuditLog.objects.count() == count


def test_user_roles_edit_unknown_role_is_a_form_error(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    response = client.post(reverse("organization:user_roles_edit", args=[target["user"].pk]), {"roles": ["root"]})
    assert response.status_code == 200
    assert set(target["user"].groups.values_list("name", flat=True)) == {"staff"}


def test_user_create_for_person_links_account_and_writes_audit(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    outsider = target["outsider"]
    response = client.post(
        reverse("organization:user_create", args=[outsider.pk]),
        {"username": "mert.uzak", "email": "mert@ornek.bel.tr", "password": "", "roles": ["requester"]},
    )
    user = User.objects.get(username="mert.uzak")
    assert response.status_code == 302
    assert user.person == outsider
    assert not user.has_usable_password()
    assert set(user.groups.values_list("name", flat=True)) == {"requester"}
    assert AuditLog.objects.filter(action="user.create", object_id=str(user.pk)).exists()


def test_user_create_duplicate_username_shows_error(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    response = client.post(
        reverse("organization:user_create", args=[target["outsider"].pk]), {"username": "DENIZ", "password": ""}
    )
    assert response.status_code == 200
    assert tr("A user with this username already exists.") in response.content.decode()
    assert not User.objects.filter(person=target["outsider"]).exists()


def test_user_create_weak_password_is_refused(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    response = client.post(
        reverse("organization:user_create", args=[target["outsider"].pk]), {"username": "mert", "password": "12345"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="mert").exists()


def test_user_create_for_person_with_account_redirects_to_it(make_user, client_as, org, target):
    client = client_as(make_user("director"))
    response = client.get(reverse("organization:user_create", args=[target["person"].pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("organization:user_detail", args=[target["user"].pk])


def test_user_list_filters_by_role(make_user, client_as, org, target):
    make_user("archive_officer", username="arsivci")
    client = client_as(make_user("director"))
    content = client.get(reverse("organization:user_list"), {"role": "archive_officer"}).content.decode()
    assert "arsivci" in content
    assert ">deniz<" not in content


# --- layout ------------------------------------------------------------------------------------------
def test_layout_marks_current_menu_item_active(make_user, client_as, org):
    client = client_as(make_user("director"))
    content = client.get(reverse("organization:unit_detail", args=[org.it.pk])).content.decode()
    units_url = reverse("organization:unit_list")
    assert f'<a class="nav-link active" href="{units_url}" aria-current="page">' in content
    assert f'<a class="nav-link" href="{reverse("organization:person_list")}">' in content


def test_layout_hides_menu_items_without_permission(make_user, client_as, org):
    client = client_as(make_user("staff"))
    content = client.get(reverse("organization:unit_list")).content.decode()
    assert reverse("organization:person_list") in content
    assert reverse("organization:user_list") not in content


def test_layout_for_anonymous_has_no_navigation_and_loads_local_assets(client, org):
    content = client.get(reverse("organization:login")).content.decode()
    assert '<html lang="tr">' in content
    assert "app-sidebar" not in content
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in content
    assert "/static/vendor/htmx/htmx.min.js" in content
    assert "https://" not in content.split("<body")[0]  # nothing from a CDN


def test_layout_sends_csrf_token_with_htmx_requests(make_user, client_as, org):
    client = client_as(make_user("staff"))
    content = client.get(reverse("organization:unit_list")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in content


def test_layout_language_switch_posts_to_set_language(client, org):
    content = client.get(reverse("organization:login")).content.decode()
    assert f'action="{reverse("set_language")}"' in content
    assert 'name="language" value="en"' in content


def test_layout_brand_costs_at_most_one_query_per_cache_period(org, django_assert_num_queries):
    navigation.brand_cache_clear()
    with django_assert_num_queries(1):
        first = navigation.brand()
    with django_assert_num_queries(0):
        second = navigation.brand()
    assert first == second
    assert first["name"] == "Örnekköy Belediyesi"


# --- bounded queries ---------------------------------------------------------------------------------
def _count_queries(client, url: str, params: dict | None = None) -> int:
    navigation.brand_cache_clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_people(org, n: int, prefix: str) -> None:
    for i in range(n):
        person = make_person(org.it, "Kişi", f"{prefix}{i:03d}")
        if i % 2:
            services.user_create(username=f"{prefix}{i:03d}", actor=None, person=person, roles=["staff", "clerk"])


def _add_units(org, n: int, prefix: str) -> None:
    for i in range(n):
        unit = services.unit_create(
            actor=None, name=f"{prefix} {i:03d}", kind=UnitKind.SUBUNIT, parent=org.it if i % 2 else org.finance
        )
        make_person(unit, "Birim", f"Çalışanı{i:03d}")


@pytest.mark.parametrize(
    ("url_name", "grow"),
    [
        ("organization:person_list", _add_people),
        ("organization:user_list", _add_people),
        ("organization:unit_list", _add_units),
    ],
)
def test_list_query_count_is_the_same_for_10_and_50_rows(
    make_user, client_as, org, django_assert_max_num_queries, url_name, grow
):
    client = client_as(make_user("director"))
    grow(org, 10, "ilk")
    small = _count_queries(client, reverse(url_name))
    grow(org, 40, "ek")
    large = _count_queries(client, reverse(url_name))
    assert small == large
    navigation.brand_cache_clear()
    with django_assert_max_num_queries(15):
        client.get(reverse(url_name))


def test_unit_detail_query_count_does_not_grow_with_people(make_user, client_as, org):
    client = client_as(make_user("director"))
    _add_people(org, 5, "ilk")
    small = _count_queries(client, reverse("organization:unit_detail", args=[org.it.pk]))
    _add_people(org, 30, "ek")
    large = _count_queries(client, reverse("organization:unit_detail", args=[org.it.pk]))
    assert small == large
