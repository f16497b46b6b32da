from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("jiuye.accounts.urls")),
    path("api/v1/", include("jiuye.api.urls")),
    path("admin/", admin.site.urls),
    path("", include("jiuye.web.urls")),
]
