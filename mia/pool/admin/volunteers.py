"""The pool's back office: volunteers (registers its own viewsets, URLs and menu items)."""
