"""The pool's back office: institutions (registers its own viewsets, URLs and menu items)."""
