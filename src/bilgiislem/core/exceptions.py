class RuleViolation(Exception):
    """A business rule was broken. The UI shows it as a form error; the API answers 400."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
