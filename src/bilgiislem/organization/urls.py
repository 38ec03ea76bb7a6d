from .views import account, directory

app_name = "organization"
urlpatterns = [
    *account.urlpatterns,
    *directory.urlpatterns,
]
