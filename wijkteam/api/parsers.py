"""The API reads JSON bodies only. A body nested deeper than Python's JSON reader goes (an
attack, never a request) is broken JSON too, not a server error."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JsonParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON nested too deeply") from error
