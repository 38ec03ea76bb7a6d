"""Every cron expression used by periodic tasks, in one place.

Expressions are read in Europe/Istanbul time; django-crontask needs weekday names, never digits.
"""

AUDIT_CHAIN_VERIFY = "0 3 * * *"
ACTING_DIRECTOR_REFRESH = "5 0 * * *"
TASK_RESULTS_PRUNE = "30 4 * * Sun"
