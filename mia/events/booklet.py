"""The printable programme booklet (filled in by the booklet work)."""
