"""Transition tables of the organisation app."""

from bilgiislem.core.workflow import Transition

from .choices import LeaveStatus

LEAVE_APPROVE = Transition("approve", frozenset({LeaveStatus.PROPOSED}), LeaveStatus.APPROVED)
LEAVE_REJECT = Transition("reject", frozenset({LeaveStatus.PROPOSED}), LeaveStatus.REJECTED)
LEAVE_CANCEL = Transition("cancel", frozenset({LeaveStatus.PROPOSED, LeaveStatus.APPROVED}), LeaveStatus.CANCELLED)
