from rest_framework.routers import SimpleRouter

app_name = "organization-api"
router = SimpleRouter()
urlpatterns = router.urls
