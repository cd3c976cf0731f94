"""The pool's institutions pages (see the package's urls.py)."""

urlpatterns: list = []
