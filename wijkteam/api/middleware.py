"""Every answer under /api/: the API-Version header (the Dutch API Design Rules: the full
version in a header, the major version in the URI), and a problem (problem+json) instead of
Django's own page for what is refused before a view of the API answers: an unknown address, a
NUL character in the path, a body too large, a server error."""

from django.conf import settings

from wijkteam.api.problems import PROBLEM_JSON, problem_response

API_PATH = "/api/"


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(API_PATH):
            return response
        content_type = response.get("Content-Type", "")
        if response.status_code >= 400 and not content_type.startswith(PROBLEM_JSON):
            headers = {
                name: response[name]
                for name in ("Allow", "Retry-After", "WWW-Authenticate")
                if response.has_header(name)
            }
            response = problem_response(request, response.status_code)
            for name, value in headers.items():
                response[name] = value
        response["API-Version"] = settings.WIJKTEAM_API_VERSION
        return response
