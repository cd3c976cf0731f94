"""What other parts of MIA follow: the public programme of an edition changed."""

from django.dispatch import Signal

# sent after the commit that changed what visitors see (args: centre_id, edition_id or None)
programme_changed = Signal()
