"""The pool's back office: billing (registers its own viewsets, URLs and menu items)."""
