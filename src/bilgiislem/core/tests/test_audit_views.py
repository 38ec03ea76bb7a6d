"""The director's audit log screens: permission, filters, keyset paging, the before/after diff."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bilgiislem.core import selectors
from bilgiislem.core.audit import audit_record
from bilgiislem.core.models import AuditLog

LIST = "core:audit_list"


@pytest.fixture
def director(make_user):
    return make_user("director")


def events(n: int, *, actor=None, action="test.event", object_type="test.thing", repr_prefix="Thing"):
    return [
        audit_record(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=str(i),
            object_repr=f"{repr_prefix} {i}",
            after={"n": i},
        )
        for i in range(1, n + 1)
    ]


# --- access ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_audit_list_anonymous_redirects_to_login(client):
    response = client.get(reverse(LIST))
    assert response.status_code == 302 and reverse("organization:login") in response["Location"]


@pytest.mark.parametrize("role", ["staff", "chief", "unit_lead", "clerk", "mayor"])
def test_audit_list_without_view_auditlog_is_403(client_as, make_user, role):
    assert client_as(make_user(role)).get(reverse(LIST)).status_code == 403


@pytest.mark.parametrize("role", ["staff", "chief"])
def test_audit_detail_without_view_auditlog_is_403(client_as, make_user, role):
    event = audit_record(actor=None, action="test.event")
    assert client_as(make_user(role)).get(reverse("core:audit_detail", args=[event.seq])).status_code == 403


@pytest.mark.parametrize("role", ["director", "admin"])
def test_audit_list_director_and_admin_see_events_newest_first(client_as, make_user, role):
    user = make_user(role)
    client = client_as(user)
    events(3)
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    seqs = [e.seq for e in response.context["page"].rows]
    assert seqs == sorted(seqs, reverse=True)
    assert "Thing 3" in response.content.decode()


# --- filters ----------------------------------------------------------------------------------------------
def test_audit_list_filters_by_actor(client_as, director, make_user):
    other = make_user("staff")
    events(2, actor=other, action="mine.event")
    events(2, actor=None, action="system.event")
    rows = client_as(director).get(reverse(LIST), {"actor": other.pk}).context["page"].rows
    assert rows and all(r.actor_id == other.pk for r in rows)


def test_audit_list_filters_by_action_prefix(client_as, director):
    events(2, action="leave.approve")
    events(2, action="unit.create")
    rows = client_as(director).get(reverse(LIST), {"action": "leave."}).context["page"].rows
    assert {r.action for r in rows} == {"leave.approve"}


def test_audit_list_filters_by_object_type(client_as, director):
    events(2, object_type="core.calendaroverride")
    rows = client_as(director).get(reverse(LIST), {"object_type": "core.calendaroverride"}).context["page"].rows
    assert len(rows) == 2 and {r.object_type for r in rows} == {"core.calendaroverride"}


def test_audit_list_filters_by_free_text_on_object(client_as, director):
    events(3, repr_prefix="Yazıcı")
    events(3, repr_prefix="Sunucu")
    rows = client_as(director).get(reverse(LIST), {"q": "sunucu"}).context["page"].rows
    assert len(rows) == 3 and all("Sunucu" in r.object_repr for r in rows)


def test_audit_list_filters_by_date_range(client_as, director):
    events(2)
    today = timezone.localdate()
    client = client_as(director)
    assert (
        client.get(reverse(LIST), {"date_from": today.isoformat(), "date_to": today.isoformat()}).context["page"].rows
    )
    tomorrow = today + dt.timedelta(days=1)
    assert not client.get(reverse(LIST), {"date_from": tomorrow.isoformat()}).context["page"].rows
    yesterday = today - dt.timedelta(days=1)
    assert not client.get(reverse(LIST), {"date_to": yesterday.isoformat()}).context["page"].rows


def test_audit_list_reversed_date_range_is_a_form_error(client_as, director):
    response = client_as(director).get(reverse(LIST), {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors


# --- keyset paging ----------------------------------------------------------------------------------------
def test_audit_list_pages_by_seq_without_count_or_offset(director):
    created = events(120)
    last = created[-1].seq
    first_page = selectors.audit_list(user=director, filters={}, limit=50)
    assert [r.seq for r in first_page.rows] == list(range(last, last - 50, -1))
    assert first_page.prev_cursor is None and first_page.next_cursor == last - 49
    second = selectors.audit_list(user=director, filters={}, before=first_page.next_cursor, limit=50)
    assert second.rows[0].seq == last - 50
    assert second.prev_cursor == last - 50
    back = selectors.audit_list(user=director, filters={}, after=second.prev_cursor, limit=50)
    assert [r.seq for r in back.rows] == [r.seq for r in first_page.rows]
    assert back.prev_cursor is None


def test_audit_list_last_page_has_no_next_cursor(director):
    events(3)
    total = AuditLog.objects.count()
    page = selectors.audit_list(user=director, filters={}, limit=total)
    assert page.next_cursor is None
    assert len(page.rows) == total


def test_audit_list_sql_has_no_count_or_offset(client_as, director, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    events(60)
    client = client_as(director)
    client.get(reverse(LIST))  # warm the session and permission caches
    cursor = AuditLog.objects.order_by("-seq").values_list("seq", flat=True)[10]
    with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(15):
        response = client.get(reverse(LIST), {"before": cursor})
    assert response.status_code == 200
    audit_sql = [q["sql"] for q in captured.captured_queries if '"core_auditlog"' in q["sql"]]
    assert audit_sql
    assert not any("COUNT(" in sql.upper() or "OFFSET" in sql.upper() for sql in audit_sql)


def test_audit_list_page_links_keep_filters(client_as, director):
    events(60, action="leave.approve")
    content = client_as(director).get(reverse(LIST), {"action": "leave."}).content.decode()
    assert "action=leave." in content and "before=" in content


# --- detail -----------------------------------------------------------------------------------------------
def test_audit_detail_shows_a_readable_before_after_diff(client_as, director):
    event = audit_record(
        actor=director,
        action="unit.update",
        object_type="organization.unit",
        object_id="7",
        object_repr="Yazılım Birimi",
        before={"name": "Yazılım Birimi", "email": "", "short_name": "YB"},
        after={"name": "Yazılım ve Veri Birimi", "email": "yazilim@example.org", "short_name": "YB"},
    )
    response = client_as(director).get(reverse("core:audit_detail", args=[event.seq]))
    assert response.status_code == 200
    lines = {line.key: line for line in response.context["diff"]}
    assert lines["name"].change == "changed"
    assert ("insert", "ve Veri") in lines["name"].segments
    assert lines["short_name"].change == "same"
    content = response.content.decode()
    assert "<ins" in content and "ve Veri" in content
    assert "yazilim@example.org" in content
    assert event.hash in content


def test_audit_detail_of_a_creation_lists_added_fields(director):
    event = audit_record(actor=None, action="x.create", after={"a": 1, "b": [1, 2]})
    diff = selectors.audit_diff(event)
    assert [(d.key, d.change, d.after) for d in diff] == [("a", "added", "1"), ("b", "added", "[1, 2]")]


def test_audit_detail_escapes_stored_markup(client_as, director):
    event = audit_record(
        actor=None,
        action="x.update",
        object_repr="<script>alert(1)</script>",
        before={"name": "<b>eski</b>"},
        after={"name": "<img src=x onerror=alert(1)>"},
    )
    content = client_as(director).get(reverse("core:audit_detail", args=[event.seq])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "<img src=x" not in content


def test_audit_detail_unknown_seq_is_404(client_as, director):
    assert client_as(director).get(reverse("core:audit_detail", args=[99999])).status_code == 404
