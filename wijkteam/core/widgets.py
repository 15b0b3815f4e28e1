"""Form widgets every app's forms use."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is yyyy-mm-dd whatever the page's language: a date
    written the Dutch way ("05-12-2026") would show an empty field, and a date filled in
    beforehand (today, a meeting's day) would be lost when the form is sent."""

    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
