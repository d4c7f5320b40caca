from django.contrib import admin
from django.urls import include, path

from timeline.views import accounts

urlpatterns = [
    path("admin/login/", accounts.admin_login),
    path("admin/", admin.site.urls),
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("timeline.urls")),
]

handler500 = "timeline.database_outage.server_error"
