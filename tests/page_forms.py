"""The forms on a page as a browser sees them: where each one is sent, its fields, what kind of
value each field takes and what the page has already filled in.

A field's kind comes from what the page tells the person typing: the input's type (date,
datetime-local, time, number), its inputmode (numeric, decimal), or the format in the hint it
points to with aria-describedby ("dd-mm-jjjj", "uu:mm").
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

DATE, DATETIME, TIME, NUMBER = "date", "datetime", "time", "number"
HIDDEN, FILE, OTHER = "hidden", "file", "other"
TYPED = (DATE, DATETIME, TIME, NUMBER)

INPUT_KINDS = {
    "date": DATE,
    "datetime-local": DATETIME,
    "time": TIME,
    "number": NUMBER,
    "range": NUMBER,
    "hidden": HIDDEN,
    "file": FILE,
}
INPUTMODE_KINDS = {"numeric": NUMBER, "decimal": NUMBER}
# Formats a hint may name, and the kind of value they ask for.
HINT_KINDS = {"dd-mm-jjjj": DATE, "jjjj-mm-dd": DATE, "uu:mm": TIME}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
UNSENT = {"submit", "button", "reset", "image"}


@dataclass
class Field:
    name: str
    tag: str
    type: str = ""
    inputmode: str = ""
    describedby: tuple[str, ...] = ()
    value: str | None = None  # what the browser sends untouched (None: nothing)
    kind: str = OTHER
    hint: str = ""  # the text of the hint(s) the field points to
    invalid: bool = False  # aria-invalid="true": the page marks the field as wrong


@dataclass
class PageForm:
    action: str  # the path the form is sent to
    method: str  # "get" or "post"
    fields: list[Field] = field(default_factory=list)

    def named(self, name: str) -> list[Field]:
        return [each for each in self.fields if each.name == name]

    def of_kind(self, *kinds: str) -> list[Field]:
        return [each for each in self.fields if each.kind in kinds]

    def defaults(self) -> dict[str, list[str]]:
        """What a browser sends when the person changes nothing."""
        sent: dict[str, list[str]] = {}
        for each in self.fields:
            if each.value is not None and each.kind != FILE:
                sent.setdefault(each.name, []).append(each.value)
        return sent


class _Reader(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[PageForm] = []
        self.form: PageForm | None = None
        self.select: Field | None = None
        self.first_option: str | None = None
        self.textarea: Field | None = None
        self.texts: dict[str, str] = {}  # the text of every element with an id
        self.open: list[tuple[str, str]] = []  # (tag, id) of the elements being read

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag not in VOID and attrs.get("id"):
            self.open.append((tag, attrs["id"]))
        if tag == "form":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            method = (attrs.get("method") or "get").lower()
            self.form = PageForm(urlsplit(action).path, method)
            self.forms.append(self.form)
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attrs and self.select.value is None:
                self.select.value = value
        elif self.form is not None and attrs.get("name") and tag in ("input", "select", "textarea"):
            self._field(tag, attrs)

    def _field(self, tag: str, attrs: dict[str, str]) -> None:
        kind_of_input = attrs.get("type", "text").lower() if tag == "input" else tag
        if tag == "select" and "multiple" in attrs:
            kind_of_input = "select-multiple"
        if kind_of_input in UNSENT:
            return
        found = Field(
            name=attrs["name"],
            tag=tag,
            type=kind_of_input,
            inputmode=attrs.get("inputmode", "").lower(),
            describedby=tuple(attrs.get("aria-describedby", "").split()),
            invalid=attrs.get("aria-invalid") == "true",
        )
        if tag == "input" and kind_of_input in ("checkbox", "radio"):
            found.value = attrs.get("value", "on") if "checked" in attrs else None
        elif tag == "input":
            found.value = attrs.get("value", "")
        elif tag == "select":
            self.select, self.first_option = found, None
        else:
            self.textarea, found.value = found, ""
        self.form.fields.append(found)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            if self.select.value is None and self.select.type != "select-multiple":
                self.select.value = self.first_option
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        for _tag, element_id in self.open:
            self.texts[element_id] = self.texts.get(element_id, "") + data
        if self.textarea is not None:
            self.textarea.value += data


def kind_of(each: Field) -> str:
    if each.type in INPUT_KINDS:
        return INPUT_KINDS[each.type]
    if each.inputmode in INPUTMODE_KINDS:
        return INPUTMODE_KINDS[each.inputmode]
    for text, kind in HINT_KINDS.items():
        if text in each.hint:
            return kind
    return OTHER


def forms_on(body: str, page_url: str) -> list[PageForm]:
    """Every form on the page, with its fields and their kinds."""
    reader = _Reader(page_url)
    reader.feed(body)
    reader.close()
    for form in reader.forms:
        for each in form.fields:
            each.hint = " ".join(reader.texts.get(hint, "") for hint in each.describedby)
            each.kind = kind_of(each)
    return reader.forms
