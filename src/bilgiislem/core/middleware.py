from .context import RequestContext, new_request_id, reset_request_context, set_request_context


class RequestContextMiddleware:
    """Give every request an id (echoed as X-Request-ID) and keep it for audit rows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = new_request_id()
        token = set_request_context(
            RequestContext(request_id=request.request_id, ip_address=request.META.get("REMOTE_ADDR"))
        )
        try:
            response = self.get_response(request)
        finally:
            reset_request_context(token)
        response["X-Request-ID"] = request.request_id
        return response


class TurkishFirstMiddleware:
    """Screens are Turkish unless the user picked another language (the language cookie).

    A browser's Accept-Language (often en-US on municipal PCs) is ignored for screens; API clients may
    still ask for English messages with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
