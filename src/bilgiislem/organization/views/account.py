"""Login, logout, second factor and the user's own account."""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path("hesap/giris/", auth_views.LoginView.as_view(template_name="organization/login.html"), name="login"),
    path("hesap/cikis/", auth_views.LogoutView.as_view(), name="logout"),
]
