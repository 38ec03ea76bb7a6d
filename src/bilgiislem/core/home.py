"""The personal home page's "my open work": a registry of providers, one per module.

``core`` imports no app. Each app that has open work for a user registers a provider in its
``AppConfig.ready()``::

    register_work_provider(LeaveAwaitingDecision())

A provider is any object with

* ``label``: the section heading (lazy translation);
* ``items_for(user) -> list[WorkItem]``: the user's open items, at most ``HOME_ITEM_LIMIT``, in a
  bounded number of queries (one or two);

and optionally

* ``key``: a unique, stable identifier (default: the provider's class path); registering the same key
  twice keeps the first;
* ``order`` (int, default 100): position of the section;
* ``applies_to(user) -> bool``: whether the section concerns the user at all. When it is defined, the
  section is shown (even empty) for users it applies to and skipped for the others. Without it, the
  section is shown only when it has items;
* ``more_url(user) -> str | None``: a link to the full list.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)

HOME_ITEM_LIMIT = 10


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str | None = None
    due_date: dt.date | None = None
    status: str = ""


@runtime_checkable
class WorkProvider(Protocol):
    label: str

    def items_for(self, user) -> list[WorkItem]: ...


@dataclass
class WorkSection:
    key: str
    label: str
    items: list[WorkItem] = field(default_factory=list)
    more_url: str | None = None
    failed: bool = False


_providers: dict[str, WorkProvider] = {}


def register_work_provider(provider: WorkProvider) -> None:
    """Register a provider; idempotent by ``provider.key`` (AppConfig.ready() may run more than once)."""
    if not isinstance(provider, WorkProvider):
        raise TypeError(f"{provider!r} is not a WorkProvider (needs label and items_for)")
    _providers.setdefault(provider_key(provider), provider)


def provider_key(provider: WorkProvider) -> str:
    return getattr(provider, "key", None) or f"{type(provider).__module__}.{type(provider).__qualname__}"


def unregister_work_provider(key: str) -> None:
    _providers.pop(key, None)


def work_providers() -> list[WorkProvider]:
    return sorted(_providers.values(), key=lambda p: (getattr(p, "order", 100), provider_key(p)))


def work_sections(user) -> list[WorkSection]:
    """The sections of the home page for ``user``. A failing provider is logged and shown as failed,
    so one broken module does not take the home page down."""
    sections = []
    for provider in work_providers():
        applies = getattr(provider, "applies_to", None)
        if applies is not None and not applies(user):
            continue
        try:
            items = list(provider.items_for(user))[:HOME_ITEM_LIMIT]
            more = provider.more_url(user) if hasattr(provider, "more_url") else None
        except Exception:
            logger.exception("Work provider %s failed for user %s", provider_key(provider), getattr(user, "pk", None))
            sections.append(WorkSection(provider_key(provider), provider.label, failed=True))
            continue
        if items or applies is not None:
            sections.append(WorkSection(provider_key(provider), provider.label, items, more))
    return sections


def url_or_none(*names: str, args: tuple = ()) -> str | None:
    """The first of ``names`` that resolves, or None: providers may link to screens that come later."""
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None
