from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "organization-api"
router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("people", views.PersonViewSet, basename="person")
router.register("users", views.UserViewSet, basename="user")
router.register("deputyships", views.DeputyshipViewSet, basename="deputyship")
router.register("signature-delegations", views.SignatureDelegationViewSet, basename="signature-delegation")
router.register("leave-plans", views.LeavePlanViewSet, basename="leave-plan")
router.register("regulations", views.RegulationViewSet, basename="regulation")
router.register("unit-proposals", views.UnitProposalViewSet, basename="unit-proposal")
router.register("duties", views.DutyViewSet, basename="duty")

urlpatterns = [
    path("municipality/", views.MunicipalityView.as_view(), name="municipality"),
    *router.urls,
]
