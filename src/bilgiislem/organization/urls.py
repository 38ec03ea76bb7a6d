from .views import account, deputyship, directory, leave, regulation

app_name = "organization"
urlpatterns = [
    *account.urlpatterns,
    *directory.urlpatterns,
    *leave.urlpatterns,
    *deputyship.urlpatterns,
    *regulation.urlpatterns,
]
