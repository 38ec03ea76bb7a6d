"""The audit chain: every state change is an append-only event whose hash covers the previous one.

``audit_record`` is called by services inside their transaction, so a rolled-back change leaves no
audit row. ``audit_chain_verify`` walks the chain and returns the first broken event.
"""

import datetime as dt
import hashlib
import ipaddress
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .context import current_request_context
from .models import AuditChainHead, AuditLog

GENESIS_HASH = "0" * 64


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def normalise(value: Any) -> Any:
    """Turn a before/after payload into plain JSON values (what the database will hand back)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=_json_default, sort_keys=True, ensure_ascii=False))


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of ``obj`` as plain JSON (foreign keys as ids)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.attname if field.is_relation else field.name] = getattr(obj, field.attname)
    return normalise(data)


def compute_hash(row: AuditLog | dict) -> str:
    get = row.get if isinstance(row, dict) else (lambda k: getattr(row, k))
    created = get("created_at")
    payload = {
        "seq": get("seq"),
        "created_at": created.astimezone(dt.UTC).isoformat(timespec="microseconds") if created else None,
        "actor_id": get("actor_id"),
        "actor_repr": get("actor_repr"),
        "unit_id": get("unit_id"),
        "action": get("action"),
        "object_type": get("object_type"),
        "object_id": get("object_id"),
        "object_repr": get("object_repr"),
        "before": get("before"),
        "after": get("after"),
        "reason": get("reason"),
        "request_id": get("request_id"),
        "ip_address": get("ip_address"),
        "prev_hash": get("prev_hash"),
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def _object_fields(obj: models.Model | None) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    return obj._meta.label_lower, str(obj.pk), str(obj)[:300]


def _ip_for_storage(value: str | None) -> str | None:
    """The address as the database will return it (IPv6 is normalised on save), so the hash still matches."""
    if not value:
        return None
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return None
    return AuditLog._meta.get_field("ip_address").get_prep_value(value)


@transaction.atomic
def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    unit_id: int | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
) -> AuditLog:
    """Append one event to the chain, inside the caller's transaction."""
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    ctx = current_request_context()
    o_type, o_id, o_repr = _object_fields(obj)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    if unit_id is None and obj is not None:
        unit_id = getattr(obj, "unit_id", None)
    row = AuditLog(
        seq=head.seq + 1,
        created_at=timezone.now(),
        actor_id=actor_id,
        actor_repr=(actor.get_username() if hasattr(actor, "get_username") else str(actor or "system"))[:200],
        unit_id=unit_id,
        action=action[:80],
        object_type=object_type if object_type is not None else o_type,
        object_id=object_id if object_id is not None else o_id,
        object_repr=(object_repr if object_repr is not None else o_repr)[:300],
        before=normalise(before),
        after=normalise(after),
        reason=reason[:500],
        request_id=ctx.request_id if ctx else "",
        ip_address=_ip_for_storage(ctx.ip_address if ctx else None),
        prev_hash=head.hash,
    )
    row.hash = compute_hash(row)
    row.save(force_insert=True)
    head.seq, head.hash = row.seq, row.hash
    head.save(update_fields=["seq", "hash"])
    return row


def changed_fields(before: dict, after: dict) -> tuple[dict, dict]:
    """Keep only the keys whose values differ (for compact before/after payloads)."""
    keys = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    return {k: before.get(k) for k in sorted(keys)}, {k: after.get(k) for k in sorted(keys)}


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    row_id: int | None
    problem: str

    def __str__(self) -> str:
        return f"audit event #{self.seq} (id {self.row_id}): {self.problem}"


def audit_chain_verify(batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the chain in sequence order. Returns (events checked, first break or None)."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        rows = list(AuditLog.objects.filter(seq__gt=last_seq).order_by("seq")[:batch_size])
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return checked, ChainBreak(expected_seq, None, f"missing event (next present is #{row.seq})")
            if row.prev_hash != expected_prev:
                return checked, ChainBreak(row.seq, row.pk, "previous-hash link does not match (reordered or removed)")
            if compute_hash(row) != row.hash:
                return checked, ChainBreak(row.seq, row.pk, "content does not match its hash (row was changed)")
            expected_prev = row.hash
            expected_seq += 1
            checked += 1
            last_seq = row.seq
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None and checked:
        return checked, ChainBreak(checked, None, "the chain head row is missing")
    if head is not None and head.seq != checked:
        if head.seq > checked:
            return checked, ChainBreak(checked + 1, None, f"chain ends at #{checked} but the head says #{head.seq}")
        return checked, ChainBreak(head.seq + 1, None, "events exist beyond the recorded head (forged append)")
    if head is not None and checked and head.hash != expected_prev:
        return checked, ChainBreak(checked, None, "last event does not match the recorded head hash")
    return checked, None
