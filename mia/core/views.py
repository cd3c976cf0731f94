from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.defaults import page_not_found as django_page_not_found


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return django_page_not_found(request, exception, template_name="404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors or queries: the database may be what failed."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request": request}))
