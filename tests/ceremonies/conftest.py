from .catalogue import letter_catalogue  # noqa: F401
