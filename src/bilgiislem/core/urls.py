from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("takvim/", views.calendar_year, name="calendar"),
    path("takvim/<int:year>/", views.calendar_year, name="calendar_year"),
    path("takvim/sure-hesapla/", views.deadline_calculator, name="deadline_calculator"),
    path("takvim/istisna/ekle/", views.calendar_override_create, name="calendar_override_create"),
    path("takvim/istisna/<int:pk>/duzenle/", views.calendar_override_update, name="calendar_override_update"),
    path("takvim/istisna/<int:pk>/sil/", views.calendar_override_delete, name="calendar_override_delete"),
    path("denetim/", views.audit_list, name="audit_list"),
    path("denetim/<int:seq>/", views.audit_detail, name="audit_detail"),
]
