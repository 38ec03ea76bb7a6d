from .views import account

app_name = "organization"
urlpatterns = [
    *account.urlpatterns,
]
