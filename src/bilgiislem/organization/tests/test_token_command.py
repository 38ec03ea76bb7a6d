"""``bilgiislem token_create USERNAME [--rotate]``: REST API tokens for machine clients."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from bilgiislem.core.models import AuditLog


def run(*args) -> str:
    out, err = StringIO(), StringIO()
    call_command("token_create", *args, stdout=out, stderr=err)
    return out.getvalue().strip()


@pytest.fixture
def probe(make_user):
    return make_user("staff", username="izleme")


def test_token_create_prints_a_new_token_and_audits(probe):
    key = run("izleme")

    assert key == Token.objects.get(user=probe).key
    assert len(key) == 40
    row = AuditLog.objects.get(action="user.api_token_create")
    assert row.object_id == str(probe.pk)
    assert key not in str(row.after) + str(row.before) + row.reason + row.object_repr


def test_token_create_twice_prints_the_same_token_without_a_new_audit_row(probe):
    first = run("izleme")

    assert run("izleme") == first
    assert AuditLog.objects.filter(action__startswith="user.api_token").count() == 1


def test_token_create_rotate_replaces_the_token(probe, api_client):
    old = run("izleme")

    new = run("izleme", "--rotate")

    assert new != old
    assert list(Token.objects.filter(user=probe).values_list("key", flat=True)) == [new]
    assert AuditLog.objects.filter(action="user.api_token_rotate", object_id=str(probe.pk)).count() == 1
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api_client.get("/api/v1/me/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    assert api_client.get("/api/v1/me/").status_code == 200


def test_token_create_for_unknown_user_fails_with_exit_code_1(db):
    with pytest.raises(CommandError) as exc:
        run("yok.boyle")

    assert exc.value.returncode == 1
    assert "yok.boyle" in str(exc.value)
    assert not Token.objects.exists()


def test_token_create_for_inactive_user_fails_with_exit_code_1(probe):
    probe.is_active = False
    probe.save(update_fields=["is_active"])

    with pytest.raises(CommandError) as exc:
        run("izleme")

    assert exc.value.returncode == 1
    assert "izleme" in str(exc.value)
    assert not Token.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="user.api_token").exists()
