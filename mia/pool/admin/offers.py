"""The pool's back office: offers (registers its own viewsets, URLs and menu items)."""
