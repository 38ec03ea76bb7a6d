import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password needs at least three of: lower case, upper case, digit, other character."""

    def validate(self, password, user=None):
        classes = sum(
            bool(re.search(pattern, password)) for pattern in (r"[a-zçğıöşü]", r"[A-ZÇĞİÖŞÜ]", r"\d", r"[^\w]|_")
        )
        if classes < 3:
            raise ValidationError(
                _(
                    "The password must contain at least three of: lower-case letters, upper-case letters, digits, "
                    "other characters."
                ),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _(
            "Your password must contain at least three of: lower-case letters, upper-case letters, digits, "
            "other characters."
        )
