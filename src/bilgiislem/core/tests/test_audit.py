"""The append-only audit hash chain and its verification (quality-bars.md R6, §4.4)."""

import datetime as dt
import io
import itertools
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from bilgiislem.core import audit, tasks
from bilgiislem.core.audit import audit_chain_verify, audit_record, compute_hash
from bilgiislem.core.context import RequestContext, reset_request_context, set_request_context
from bilgiislem.core.models import AuditChainHead, AuditLog, CalendarOverride
from bilgiislem.core.services import calendar_override_create

pytestmark = pytest.mark.django_db
TABLE = AuditLog._meta.db_table
assert TABLE == "core_auditlog"


def make_chain(n: int = 5) -> list[AuditLog]:
    return [
        audit_record(
            actor=None,
            action="test.event",
            object_type="test.thing",
            object_id=str(i),
            object_repr=f"Thing {i}",
            before={"n": i - 1},
            after={"n": i, "name": f"İşlem {i}"},
        )
        for i in range(1, n + 1)
    ]


def tamper(template: str, params=(), **names) -> None:
    """Run raw SQL as a database superuser would (``{table}`` in the template is the audit table); on
    PostgreSQL the append-only trigger is switched off inside the test's transaction (rolled back, with
    the DDL, at the end of the test)."""
    sql = template.format(table=TABLE, **names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditlog DISABLE TRIGGER core_auditlog_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditlog ENABLE TRIGGER core_auditlog_append_only")


def verify_output() -> str:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


# --- building the chain ------------------------------------------------------------------------------
def test_audit_record_links_each_event_to_the_previous_hash():
    rows = make_chain(4)
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    assert rows[0].prev_hash == audit.GENESIS_HASH
    for previous, row in itertools.pairwise(rows):
        assert row.prev_hash == previous.hash
    stored = list(AuditLog.objects.order_by("seq"))
    assert all(compute_hash(row) == row.hash for row in stored)
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (4, rows[-1].hash)


def test_audit_verify_intact_chain_prints_ok_with_count():
    make_chain(5)
    assert audit_chain_verify() == (5, None)
    assert verify_output() == "OK: 5 events verified\n"


def test_audit_verify_empty_log_is_ok():
    assert verify_output() == "OK: 0 events verified\n"


def test_audit_verify_walks_several_batches():
    make_chain(7)
    assert audit_chain_verify(batch_size=2) == (7, None)


def test_audit_record_normalises_ipv6_so_the_hash_survives_the_database():
    token = set_request_context(RequestContext(request_id="r1", ip_address="2001:0db8:0000:0000:0000:0000:0000:0001"))
    try:
        row = audit_record(actor=None, action="test.ip")
    finally:
        reset_request_context(token)
    stored = AuditLog.objects.get(pk=row.pk)
    assert stored.ip_address == "2001:db8::1"
    assert audit_chain_verify() == (1, None)


def test_audit_record_drops_an_unparseable_address():
    token = set_request_context(RequestContext(request_id="r2", ip_address="not-an-ip"))
    try:
        row = audit_record(actor=None, action="test.ip")
    finally:
        reset_request_context(token)
    assert AuditLog.objects.get(pk=row.pk).ip_address is None


def test_audit_hash_is_stable_for_turkish_text_and_dates():
    row = audit_record(
        actor=None,
        action="test.tr",
        object_repr="IŞIK İstanbul ğüşöç",
        after={"date": dt.date(2026, 3, 19), "amount": "12.50"},
    )
    assert compute_hash(AuditLog.objects.get(pk=row.pk)) == row.hash


# --- tampering (R6) -----------------------------------------------------------------------------------
def test_tamper_update_of_a_middle_row_is_reported_at_that_seq():
    make_chain(5)
    tamper("UPDATE {table} SET object_repr = %s WHERE seq = 3", ["Sahte"])
    checked, broken = audit_chain_verify()
    assert (checked, broken.seq) == (2, 3)
    assert "changed" in broken.problem
    with pytest.raises(CommandError) as excinfo:
        verify_output()
    assert excinfo.value.returncode == 1
    assert "#3" in str(excinfo.value)


def test_tamper_update_of_a_json_payload_is_reported():
    make_chain(5)
    tamper("UPDATE {table} SET after = %s WHERE seq = 2", ['{"n": 99}'])
    assert audit_chain_verify()[1].seq == 2


def test_tamper_update_with_a_recomputed_hash_breaks_the_next_link():
    rows = make_chain(5)
    row = AuditLog.objects.get(seq=3)
    row.object_repr = "Sahte"
    forged_hash = compute_hash(row)
    tamper("UPDATE {table} SET object_repr = %s, hash = %s WHERE seq = 3", ["Sahte", forged_hash])
    _checked, broken = audit_chain_verify()
    assert broken.seq == 4 and "previous-hash" in broken.problem
    assert rows  # the original chain existed


def test_tamper_delete_of_a_middle_row_is_reported_at_that_seq():
    make_chain(5)
    tamper("DELETE FROM {table} WHERE seq = 3")
    checked, broken = audit_chain_verify()
    assert (checked, broken.seq) == (2, 3)
    assert "missing" in broken.problem
    with pytest.raises(CommandError) as excinfo:
        verify_output()
    assert excinfo.value.returncode == 1 and "#3" in str(excinfo.value)


def test_tamper_delete_of_the_first_row_is_reported_at_seq_1():
    make_chain(3)
    tamper("DELETE FROM {table} WHERE seq = 1")
    assert audit_chain_verify()[1].seq == 1


def test_tamper_delete_of_the_last_row_is_caught_by_the_head():
    make_chain(5)
    tamper("DELETE FROM {table} WHERE seq = 5")
    checked, broken = audit_chain_verify()
    assert (checked, broken.seq) == (4, 5)


def test_tamper_swap_of_two_rows_is_reported_at_the_first_swapped_seq():
    make_chain(5)
    tamper("UPDATE {table} SET seq = 1000000 WHERE seq = 3")
    tamper("UPDATE {table} SET seq = 3 WHERE seq = 4")
    tamper("UPDATE {table} SET seq = 4 WHERE seq = 1000000")
    checked, broken = audit_chain_verify()
    assert (checked, broken.seq) == (2, 3)
    with pytest.raises(CommandError) as excinfo:
        verify_output()
    assert "#3" in str(excinfo.value)


def test_tamper_swap_of_two_rows_content_is_reported():
    make_chain(5)
    # exchange everything but the id and seq of rows 2 and 4
    columns = ["created_at", "action", "object_id", "object_repr", "before", "after", "prev_hash", "hash"]
    a = AuditLog.objects.filter(seq=2).values_list(*columns).get()
    b = AuditLog.objects.filter(seq=4).values_list(*columns).get()
    assignments = ", ".join(f"{c} = %s" for c in columns)
    tamper("UPDATE {table} SET hash = 'tmp' WHERE seq = 2")
    tamper("UPDATE {table} SET {assignments} WHERE seq = 4", [*_db_values(a)], assignments=assignments)
    tamper("UPDATE {table} SET {assignments} WHERE seq = 2", [*_db_values(b)], assignments=assignments)
    assert audit_chain_verify()[1].seq == 2


def _db_values(values) -> list:
    import json

    return [json.dumps(v) if isinstance(v, dict) else v for v in values]


def _insert_forged(seq: int, prev_hash: str, row_hash: str, created_at) -> None:
    tamper(
        "INSERT INTO {table} (seq, created_at, actor_repr, action, object_type, object_id, object_repr, reason, "
        "request_id, prev_hash, hash) VALUES (%s, %s, '', 'forged', '', '', 'Sahte', '', '', %s, %s)",
        [seq, created_at, prev_hash, row_hash],
    )


def test_tamper_forged_row_without_valid_hash_is_reported():
    rows = make_chain(5)
    _insert_forged(6, rows[-1].hash, "", rows[-1].created_at)
    checked, broken = audit_chain_verify()
    assert (checked, broken.seq) == (5, 6)
    with pytest.raises(CommandError) as excinfo:
        verify_output()
    assert excinfo.value.returncode == 1 and "#6" in str(excinfo.value)


def test_tamper_forged_row_with_a_correct_hash_is_caught_by_the_head():
    rows = make_chain(5)
    forged = AuditLog(
        seq=6,
        created_at=rows[-1].created_at,
        actor_repr="",
        action="forged",
        object_type="",
        object_id="",
        object_repr="Sahte",
        reason="",
        request_id="",
        prev_hash=rows[-1].hash,
    )
    _insert_forged(6, rows[-1].hash, compute_hash(forged), rows[-1].created_at)
    checked, broken = audit_chain_verify()
    assert (checked, broken.seq) == (6, 6)
    assert "beyond the recorded head" in broken.problem


def test_missing_chain_head_is_reported():
    make_chain(2)
    AuditChainHead.objects.all().delete()
    assert audit_chain_verify()[1] is not None


# --- append-only guards --------------------------------------------------------------------------------
def test_orm_refuses_update_and_delete_of_audit_rows():
    rows = make_chain(2)
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(seq=1).update(action="x")
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(seq=1).delete()
    with pytest.raises(PermissionError):
        rows[0].delete()
    rows[0].action = "x"
    with pytest.raises(PermissionError):
        rows[0].save()
    assert audit_chain_verify() == (2, None)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgres_raw_update_and_delete_are_refused_by_the_trigger():
    make_chain(2)
    for sql in ("UPDATE core_auditlog SET action = 'x' WHERE seq = 1", "DELETE FROM core_auditlog WHERE seq = 1"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert audit_chain_verify() == (2, None)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgres_truncate_stays_possible_for_test_flushes():
    make_chain(2)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_auditlog")
    assert not AuditLog.objects.exists()


# --- transactions ------------------------------------------------------------------------------------------
def test_rolled_back_service_leaves_no_audit_row(make_user):
    director = make_user("director")
    make_chain(1)
    head_before = AuditChainHead.objects.values_list("seq", "hash").get(pk=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        calendar_override_create(actor=director, date=dt.date(2026, 4, 6), kind="holiday", name="Ek tatil")
        assert AuditLog.objects.filter(action="calendar_override.create").exists()
        raise RuntimeError("the caller fails after the service")
    assert not AuditLog.objects.filter(action="calendar_override.create").exists()
    assert not CalendarOverride.objects.exists()
    assert AuditChainHead.objects.values_list("seq", "hash").get(pk=1) == head_before
    assert audit_chain_verify()[1] is None


# --- the nightly task ----------------------------------------------------------------------------------------
def test_audit_chain_verify_task_reports_intact_chain():
    make_chain(3)
    assert tasks.audit_chain_verify.call() == {"verified": 3, "ok": True, "broken_seq": None, "problem": ""}


def test_audit_chain_verify_task_logs_an_error_when_broken(caplog):
    make_chain(3)
    tamper("DELETE FROM {table} WHERE seq = 2")
    with caplog.at_level(logging.ERROR, logger="bilgiislem.core.tasks"):
        result = tasks.audit_chain_verify.enqueue()  # the immediate backend runs it now
    assert result.return_value["ok"] is False
    assert result.return_value["broken_seq"] == 2
    assert any(r.levelno == logging.ERROR and "#2" in r.getMessage() for r in caplog.records)


def test_audit_chain_verify_task_is_scheduled_nightly():
    from crontask import scheduler

    from bilgiislem.config import schedule

    jobs = [job for job in scheduler.get_jobs() if job.name == tasks.audit_chain_verify.name]
    assert jobs
    assert schedule.AUDIT_CHAIN_VERIFY == "0 3 * * *"
    assert "hour='3'" in str(jobs[0].trigger)
