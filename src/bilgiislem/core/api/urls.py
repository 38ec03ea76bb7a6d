from django.urls import path

from . import views

app_name = "core-api"
urlpatterns = [
    path("calendar/deadline/", views.DeadlineView.as_view(), name="calendar-deadline"),
]
