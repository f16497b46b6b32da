"""URLs owned by one part of the web layer; included from jiuye/web/urls.py."""

urlpatterns: list = []
