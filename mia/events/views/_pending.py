"""Answers 404 for addresses whose pages are being built in parallel branches (removed on merge)."""

from django.http import Http404


def pending(request, *args, **kwargs):
    raise Http404
