from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from bilgiislem.core.exceptions import RuleViolation


def exception_handler(exc, context):
    """RuleViolation and Django validation errors become 400 responses with a readable message."""
    if isinstance(exc, RuleViolation):
        detail = {exc.field: [str(exc.message)]} if exc.field else {"detail": str(exc.message)}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    return drf_exception_handler(exc, context)
