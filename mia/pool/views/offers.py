"""The pool's offers pages (see the package's urls.py)."""

urlpatterns: list = []
