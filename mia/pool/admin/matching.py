"""The pool's back office: matching (registers its own viewsets, URLs and menu items)."""
