"""The API speaks JSON only: whatever a client accepts, the answer is JSON (problems as
application/problem+json), never an HTML page of the browsable API."""

from rest_framework.negotiation import BaseContentNegotiation


class JsonOnly(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        for parser in parsers:
            if request.content_type.split(";")[0].strip().lower() == parser.media_type:
                return parser
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        return renderer, renderer.media_type
