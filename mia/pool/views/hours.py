"""The pool's hours pages (see the package's urls.py)."""

urlpatterns: list = []
