"""Services enforce rights themselves, whichever channel (screen, API, command) calls them."""

import pytest
from django.core.exceptions import PermissionDenied

from bilgiislem.core.exceptions import RuleViolation
from bilgiislem.core.models import AuditLog
from bilgiislem.organization import services
from bilgiislem.organization.models import Person, Unit
from bilgiislem.organization.tests.factories import person as make_person


def test_unit_create_by_staff_is_refused_and_changes_nothing(org, make_user):
    staff = make_user("staff", unit=org.software)
    before = (Unit.objects.count(), AuditLog.objects.count())
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=staff, name="Yeni Müdürlük")
    assert (Unit.objects.count(), AuditLog.objects.count()) == before


def test_person_update_by_clerk_outside_their_scope_is_refused(org, make_user):
    clerk = make_user("clerk", unit=org.software)
    outsider = make_person(org.parks, "Oğuz", "Kılıç")
    with pytest.raises(PermissionDenied):
        services.person_update(person=outsider, actor=clerk, title="Şef")
    assert Person.objects.get(pk=outsider.pk).title == ""


def test_person_update_by_clerk_inside_their_unit_is_saved_and_audited(org, make_user):
    clerk = make_user("clerk", unit=org.software)
    colleague = make_person(org.software, "Seda", "Yalçın")
    services.person_update(person=colleague, actor=clerk, title="Programcı")
    assert Person.objects.get(pk=colleague.pk).title == "Programcı"
    assert AuditLog.objects.filter(action="person.update", object_id=str(colleague.pk)).exists()


def test_municipality_update_by_chief_is_refused(org, make_user):
    with pytest.raises(PermissionDenied):
        services.municipality_update(actor=make_user("chief"), name="Başka Belediye")


def test_user_create_by_staff_is_refused(org, make_user):
    with pytest.raises(PermissionDenied):
        services.user_create(username="yeni", actor=make_user("staff"), person=make_person(org.it))


def test_user_create_for_a_person_who_already_has_an_account_is_refused(org, make_user):
    director = make_user("director")
    existing = make_user("staff", unit=org.software)
    with pytest.raises(RuleViolation):
        services.user_create(username="ikinci", actor=director, person=existing.person)


def test_usernames_are_stored_lower_case_and_found_whatever_the_case_typed(org, make_user):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    request = RequestFactory().post("/hesap/giris/")
    director = make_user("director")
    user = services.user_create(
        username="Deniz.IŞIK", actor=director, person=make_person(org.it, "Deniz", "Işık"), password="Uzun.Parola.2026"
    )
    assert user.username == "deniz.işik"
    assert authenticate(request, username="DENIZ.IŞIK", password="Uzun.Parola.2026").pk == user.pk
    assert authenticate(request, username="Deniz.işik", password="Uzun.Parola.2026").pk == user.pk
    with pytest.raises(RuleViolation):
        services.user_create(username="DENIZ.işik", actor=director, person=make_person(org.it, "D", "I"))


def test_acting_director_cannot_appoint_themselves_deputy_again(org, make_user):
    import datetime as dt

    from django.utils import timezone

    director = make_user("director")
    chief = make_user("chief", unit=org.it)
    today = timezone.localdate()
    services.deputyship_create(
        actor=director, principal=director, deputy=chief, role="director", start_date=today, end_date=today
    )
    chief = type(chief).objects.get(pk=chief.pk)  # fresh permission caches
    assert chief.has_perm("organization.add_deputyship")  # acting: holds the director's rights today
    with pytest.raises(RuleViolation):
        services.deputyship_create(
            actor=chief,
            principal=director,
            deputy=chief,
            role="director",
            start_date=today + dt.timedelta(days=1),
            end_date=today + dt.timedelta(days=30),
        )
