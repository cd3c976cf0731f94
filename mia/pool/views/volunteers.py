"""The pool's volunteers pages (see the package's urls.py)."""

urlpatterns: list = []
