"""Screens of the organisation app, one module per area; each module exports its ``urlpatterns``."""
