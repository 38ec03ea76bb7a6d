"""Deputyship and signature-delegation screens: access per role, scope, sections, create/cancel/revoke."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from bilgiislem.core.models import AuditLog
from bilgiislem.organization import services
from bilgiislem.organization.choices import DelegationScope, DeputyshipReason
from bilgiislem.organization.models import Deputyship, SignatureDelegation
from bilgiislem.organization.roles import role_label


@pytest.fixture
def s(org, make_user):
    return SimpleNamespace(
        director=make_user("director", org.it),
        admin=make_user("admin", org.it),
        chief=make_user("chief", org.software),
        staff=make_user("staff", org.software),
        support_lead=make_user("unit_lead", org.support),
        support_staff=make_user("staff", org.support),
        mayor=make_user("mayor", org.finance),
        deputy_mayor=make_user("deputy_mayor", org.finance),
        requester=make_user("requester", org.finance),
    )


def url(name, *args):
    return reverse(f"organization:{name}", args=args)


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def deputise(s, principal=None, deputy=None, role="director", start=0, end=3) -> Deputyship:
    return services.deputyship_create(
        actor=s.admin,
        principal=principal or s.director,
        deputy=deputy or s.chief,
        role=role,
        start_date=days(start),
        end_date=days(end),
    )


# --- list --------------------------------------------------------------------------------------------
def test_list_anonymous_is_sent_to_login(client, org):
    assert client.get(url("deputyship_list")).status_code == 302


def test_list_requester_is_forbidden(client_as, s):
    assert client_as(s.requester).get(url("deputyship_list")).status_code == 403


def test_list_splits_active_upcoming_and_past(client_as, s):
    active = deputise(s, start=-1, end=2)
    upcoming = deputise(s, start=10, end=12)
    past = deputise(s, start=-20, end=-15)
    cancelled = deputise(s, start=20, end=22)
    services.deputyship_cancel(deputyship=cancelled, actor=s.director)
    response = client_as(s.director).get(url("deputyship_list"))
    sections = response.context["sections"]
    assert [d.pk for d in sections["active"]] == [active.pk]
    assert [d.pk for d in sections["upcoming"]] == [upcoming.pk]
    assert {d.pk for d in sections["past"]} == {past.pk, cancelled.pk}
    assert sections["active"][0].can_cancel and not sections["past"][0].can_cancel


def test_list_staff_sees_deputyships_of_their_unit_only(client_as, s):
    own = deputise(s, principal=s.chief, deputy=s.staff, role="chief")
    other = deputise(s, principal=s.support_lead, deputy=s.support_staff, role="unit_lead")
    response = client_as(s.staff).get(url("deputyship_list"))
    listed = {d.pk for rows in response.context["sections"].values() for d in rows}
    assert own.pk in listed and other.pk not in listed
    assert response.context["can_create"] is False
    assert url("deputyship_cancel", own.pk) not in response.content.decode()


def test_list_query_count_does_not_grow_with_rows(client_as, s, django_assert_max_num_queries):
    client = client_as(s.director)
    deputise(s)
    client.get(url("deputyship_list"))
    with django_assert_max_num_queries(20) as few:
        client.get(url("deputyship_list"))
    for n in range(1, 12):
        deputise(s, start=10 * n, end=10 * n + 2)
        deputise(s, principal=s.support_lead, deputy=s.support_staff, role="unit_lead", start=10 * n, end=10 * n + 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("deputyship_list"))


# --- create ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("role", "status"), [("director", 200), ("admin", 200), ("chief", 403), ("staff", 403)])
def test_create_page_per_role(client_as, make_user, org, role, status):
    assert client_as(make_user(role, org.software)).get(url("deputyship_create")).status_code == status


def test_create_records_the_deputyship_and_audits(client_as, s):
    response = client_as(s.director).post(
        url("deputyship_create"),
        {
            "principal": s.support_lead.pk,
            "role": "unit_lead",
            "deputy": s.support_staff.pk,
            "start_date": days(1).isoformat(),
            "end_date": days(5).isoformat(),
            "reason": DeputyshipReason.ASSIGNMENT,
            "note": "Eğitim",
        },
    )
    assert response.status_code == 302
    deputyship = Deputyship.objects.get()
    assert (deputyship.principal, deputyship.deputy, deputyship.role) == (s.support_lead, s.support_staff, "unit_lead")
    assert deputyship.unit == s.support_lead.person.unit
    assert AuditLog.objects.filter(
        action="deputyship.create", object_id=str(deputyship.pk), actor_id=s.director.pk
    ).exists()


def test_create_for_a_role_the_principal_lacks_shows_the_error_on_role(client_as, s):
    response = client_as(s.director).post(
        url("deputyship_create"),
        {
            "principal": s.staff.pk,
            "role": "director",
            "deputy": s.chief.pk,
            "start_date": days(1).isoformat(),
            "end_date": days(5).isoformat(),
            "reason": DeputyshipReason.ASSIGNMENT,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert not Deputyship.objects.exists()


def test_create_offers_visible_people_and_shows_the_principals_roles(client_as, s):
    response = client_as(s.director).get(url("deputyship_create"))
    field = response.context["form"].fields["principal"]
    assert s.chief in field.queryset and s.support_lead in field.queryset
    assert str(role_label("chief")) in field.label_from_instance(s.chief)
    assert str(role_label("chief")) in response.content.decode()
    assert s.requester not in field.queryset and s.requester not in response.context["form"].fields["deputy"].queryset


# --- cancel ------------------------------------------------------------------------------------------
def test_cancel_by_director_cancels_and_audits(client_as, s):
    deputyship = deputise(s, principal=s.chief, deputy=s.staff, role="chief")
    response = client_as(s.director).post(url("deputyship_cancel", deputyship.pk), {"reason": "Erken döndü."})
    assert response.status_code == 302
    deputyship.refresh_from_db()
    assert deputyship.cancelled_at is not None
    audit = AuditLog.objects.get(action="deputyship.cancel", object_id=str(deputyship.pk))
    assert audit.reason == "Erken döndü."


def test_cancel_by_staff_is_forbidden_and_out_of_scope_is_404(client_as, s):
    own = deputise(s, principal=s.chief, deputy=s.staff, role="chief")
    other = deputise(s, principal=s.support_lead, deputy=s.support_staff, role="unit_lead")
    assert client_as(s.chief).post(url("deputyship_cancel", own.pk)).status_code == 403
    assert client_as(s.staff).post(url("deputyship_cancel", other.pk)).status_code == 404
    assert client_as(s.director).get(url("deputyship_cancel", own.pk)).status_code == 405
    own.refresh_from_db()
    assert own.cancelled_at is None


def test_cancel_twice_shows_the_rule_as_a_message(client_as, s):
    deputyship = deputise(s, principal=s.chief, deputy=s.staff, role="chief")
    client = client_as(s.director)
    client.post(url("deputyship_cancel", deputyship.pk))
    response = client.post(url("deputyship_cancel", deputyship.pk), follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])


# --- signature delegations ---------------------------------------------------------------------------
@pytest.mark.parametrize(("who", "status"), [("staff", 200), ("mayor", 200), ("requester", 403)])
def test_delegation_list_per_role(client_as, s, who, status):
    assert client_as(getattr(s, who)).get(url("delegation_list")).status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("mayor", 200), ("admin", 200), ("director", 200), ("chief", 403), ("deputy_mayor", 403)]
)
def test_delegation_create_page_per_role(client_as, s, who, status):
    assert client_as(getattr(s, who)).get(url("delegation_create")).status_code == status


def test_delegation_create_by_mayor_offers_only_themselves_as_delegator(client_as, s):
    response = client_as(s.mayor).get(url("delegation_create"))
    assert list(response.context["form"].fields["delegator"].queryset) == [s.mayor]
    response = client_as(s.admin).get(url("delegation_create"))
    assert s.mayor in response.context["form"].fields["delegator"].queryset
    assert s.requester not in response.context["form"].fields["delegate"].queryset


def test_delegation_create_by_mayor_records_and_audits(client_as, s):
    response = client_as(s.mayor).post(
        url("delegation_create"),
        {
            "delegator": s.mayor.pk,
            "delegate": s.deputy_mayor.pk,
            "scope": DelegationScope.EXTERNAL,
            "start_date": days(0).isoformat(),
            "decision_reference": "İmza Yetkileri Yönergesi 2026/1",
        },
    )
    assert response.status_code == 302
    delegation = SignatureDelegation.objects.get()
    assert (delegation.delegator, delegation.delegate, delegation.end_date) == (s.mayor, s.deputy_mayor, None)
    assert AuditLog.objects.filter(action="signature_delegation.create", object_id=str(delegation.pk)).exists()


def test_delegation_to_self_shows_the_error_on_delegate(client_as, s):
    response = client_as(s.mayor).post(
        url("delegation_create"),
        {
            "delegator": s.mayor.pk,
            "delegate": s.mayor.pk,
            "scope": DelegationScope.EXTERNAL,
            "start_date": days(0).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["delegate"]
    assert not SignatureDelegation.objects.exists()


def test_delegation_list_sections_and_revoke_buttons(client_as, s):
    active = services.signature_delegation_create(
        actor=s.mayor, delegator=s.mayor, delegate=s.deputy_mayor, scope=DelegationScope.EXTERNAL, start_date=days(-5)
    )
    upcoming = services.signature_delegation_create(
        actor=s.director,
        delegator=s.director,
        delegate=s.chief,
        scope=DelegationScope.INTERNAL,
        start_date=days(5),
        end_date=days(9),
    )
    ended = services.signature_delegation_create(
        actor=s.director,
        delegator=s.director,
        delegate=s.chief,
        scope=DelegationScope.INTERNAL,
        start_date=days(-9),
        end_date=days(-5),
    )
    response = client_as(s.mayor).get(url("delegation_list"))
    sections = response.context["sections"]
    assert (
        [d.pk for d in sections["active"]],
        [d.pk for d in sections["upcoming"]],
        [d.pk for d in sections["past"]],
    ) == ([active.pk], [upcoming.pk], [ended.pk])
    assert sections["active"][0].can_revoke is True  # the mayor's own delegation
    assert sections["upcoming"][0].can_revoke is False  # the director's, and the mayor lacks change permission


def test_delegation_revoke_by_the_delegator_and_forbidden_to_others(client_as, s):
    delegation = services.signature_delegation_create(
        actor=s.mayor, delegator=s.mayor, delegate=s.deputy_mayor, scope=DelegationScope.EXTERNAL, start_date=days(0)
    )
    assert client_as(s.deputy_mayor).post(url("delegation_revoke", delegation.pk)).status_code == 403
    assert client_as(s.requester).post(url("delegation_revoke", delegation.pk)).status_code == 403
    assert client_as(s.mayor).post(url("delegation_revoke", delegation.pk)).status_code == 302
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
    assert AuditLog.objects.filter(
        action="signature_delegation.revoke", object_id=str(delegation.pk), actor_id=s.mayor.pk
    ).exists()
    assert client_as(s.mayor).post(url("delegation_revoke", 99999)).status_code == 404
