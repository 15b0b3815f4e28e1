"""Showing stored texts in the reader's language.

Two kinds of text are written once and read later, by people who may have chosen English:

- texts that functional admins keep in Beheer (a category's name, a team's meeting line): the
  model has an English column next to the Dutch one (``name`` and ``name_en``), and
  ``TranslatedText`` reads the one that fits the page's language, falling back to the Dutch;
- lines the system writes (a case's timeline, a signal's history and the messages on the
  tracking page): they are stored as a ``Message``, the Dutch source string of the catalogue
  with its parameters, and put into words when read, so that the same line reads in Dutch on a
  Dutch page and in English on an English one. The Dutch wording is stored next to it, for the
  places that search or blank stored text (retention) and for rows written before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop

ENGLISH = "en"


def reads_english() -> bool:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0] == ENGLISH


def translated_value(instance: Any, field: str) -> str:
    """``field`` of ``instance`` in the active language: its ``<field>_en`` on English pages
    when that is filled in, else the Dutch."""
    if reads_english():
        english = getattr(instance, f"{field}_{ENGLISH}", "")
        if english:
            return english
    return getattr(instance, field)


class TranslatedText:
    """A model attribute that reads a text field in the page's language:
    ``display_name = TranslatedText("name")`` next to ``name`` and ``name_en``."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return translated_value(instance, self.field)


class InLanguages:
    """A data value (a category's name) with its English version, for a Message's parameter:
    the line shows the English when read in English, the Dutch otherwise."""

    def __init__(self, dutch: str, english: str = "") -> None:
        self.dutch = dutch
        self.english = english

    @classmethod
    def of(cls, instance: Any, field: str) -> InLanguages:
        return cls(getattr(instance, field), getattr(instance, f"{field}_{ENGLISH}", ""))


class Joined:
    """Several values shown as one parameter, joined by ``separator`` (a list joins with
    commas): the reasons of a proposal, one sentence after the other."""

    def __init__(self, items: list, separator: str = ", ") -> None:
        self.items = items
        self.separator = separator


class Message:
    """A line that is stored now and read later in the reader's language.

    ``message`` is the Dutch source string, marked for the catalogue with ``gettext_noop`` (the
    Dutch is the msgid, so it is what is stored); ``params`` fill its ``%(name)s`` placeholders.
    A parameter is shown as it is (a reference, an organisation's name, free text someone
    typed), or translated when read: a lazy label (``Channel.PHONE.label``), another
    ``Message``, an ``InLanguages`` value, a date or a moment (in the reader's date format), or
    a list of these (joined with commas)."""

    def __init__(self, message: str, /, **params: Any) -> None:
        self.message = str(message)
        self.params = params

    # -- storing -----------------------------------------------------------------------------

    def as_data(self) -> dict:
        return {"m": self.message, "p": {name: _encode(v) for name, v in self.params.items()}}

    @classmethod
    def from_data(cls, data: Mapping) -> Message:
        message = cls(data["m"])
        message.params = {name: _Stored(value) for name, value in data.get("p", {}).items()}
        return message

    # -- reading -----------------------------------------------------------------------------

    def render(self) -> str:
        """The line in the active language."""
        text = gettext(self.message)
        if not self.params:
            return text
        values = {name: _render(value) for name, value in self.params.items()}
        try:
            return text % values
        except (KeyError, ValueError, TypeError):
            # A translation whose placeholders do not match: the Dutch is better than nothing.
            return self.message % values

    def dutch(self) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return self.render()

    def __str__(self) -> str:
        return self.render()


# Who wrote a line when it was nobody with an account: stored in Dutch, read in the reader's
# language (access/audit.py writes "systeem", the signal and case services "melder").
_ACTORS_WITHOUT_ACCOUNT = {"systeem": gettext_noop("systeem"), "melder": gettext_noop("melder")}


def display_actor_label(label: str) -> str:
    """A stored actor label in the active language (names stay as they are)."""
    return gettext(_ACTORS_WITHOUT_ACCOUNT[label]) if label in _ACTORS_WITHOUT_ACCOUNT else label


def render_stored(data: Mapping | None, fallback: str) -> str:
    """A stored Message in the active language, or the stored text when there is none (rows
    written before, free text)."""
    if data:
        try:
            return Message.from_data(data).render()
        except (KeyError, TypeError, AttributeError):
            pass
    return fallback


class _Stored:
    """A parameter as it came back from the database, still encoded."""

    def __init__(self, value: Any) -> None:
        self.value = value


def _encode(value: Any) -> Any:
    if isinstance(value, Message):
        return value.as_data()
    if isinstance(value, Promise):
        # A lazy label: the Dutch is its msgid.
        with translation.override(settings.LANGUAGE_CODE):
            return {"m": str(value), "p": {}}
    if isinstance(value, InLanguages):
        return {"nl": value.dutch, "en": value.english}
    if isinstance(value, list | tuple):
        return {"list": [_encode(item) for item in value]}
    if isinstance(value, Joined):
        return {"list": [_encode(item) for item in value.items], "sep": value.separator}
    if isinstance(value, datetime):
        return {"at": value.isoformat()}
    if isinstance(value, date):
        return {"day": value.isoformat()}
    if isinstance(value, int | float | str):
        return value
    return str(value)


def _render(value: Any) -> Any:
    value = value.value if isinstance(value, _Stored) else _encode(value)
    if not isinstance(value, dict):
        return value
    if "m" in value:
        return Message.from_data(value).render()
    if "nl" in value:
        return (value.get("en") if reads_english() else "") or value["nl"]
    if "list" in value:
        separator = value.get("sep", ", ")
        return separator.join(str(_render(_Stored(item))) for item in value["list"])
    if "at" in value:
        moment = timezone.localtime(datetime.fromisoformat(value["at"]))
        return formats.date_format(moment, "DATETIME_FORMAT")
    if "day" in value:
        return formats.date_format(date.fromisoformat(value["day"]), "DATE_FORMAT")
    return str(value)


# -- rows written before messages were stored --------------------------------------------------

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def message_from_dutch(
    text: str,
    patterns: list[tuple[str, dict[str, str]]],
    english_names: Mapping[str, str] | None = None,
) -> dict | None:
    """For data migrations: the stored form of a line written as Dutch text before lines were
    stored as messages, or None when it matches none of ``patterns``. Each pattern is a Dutch
    catalogue string with, per placeholder, how to read what stands there: "label" (a choice
    label, itself a catalogue string), "category" (a category name, English from
    ``english_names``), "involved" (", betrokken: ..." or nothing), "day" (dd-mm-yyyy) or
    "moment" (dd-mm-yyyy hh:mm, local time);
    anything else is kept as written. ``patterns`` may name a placeholder "line" for a line
    that is itself one of the other patterns ("%(line)s Reden: %(reason)s")."""
    for message, kinds in patterns:
        parts = _PLACEHOLDER.split(message)
        # split() alternates literal text and placeholder names.
        regex = "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>.*?)"
            for index, part in enumerate(parts)
        )
        found = re.fullmatch(regex, text, re.DOTALL)
        if found is None:
            continue
        params = {}
        for name, value in found.groupdict().items():
            kind = kinds.get(name, "text")
            if kind == "line":
                inner = message_from_dutch(value, patterns, english_names)
                if inner is None:
                    break
                params[name] = inner
            elif kind == "involved":
                # ", betrokken: Veens, Politie" or nothing.
                prefix = ", betrokken: "
                params[name] = (
                    {"m": prefix + "%(names)s", "p": {"names": value[len(prefix) :]}}
                    if value.startswith(prefix)
                    else value
                )
            elif kind == "label":
                params[name] = {"m": value, "p": {}}
            elif kind == "category":
                params[name] = {"nl": value, "en": (english_names or {}).get(value, "")}
            elif kind in ("day", "moment"):
                try:
                    parsed = datetime.strptime(
                        value, "%d-%m-%Y %H:%M" if kind == "moment" else "%d-%m-%Y"
                    )
                except ValueError:
                    break
                if kind == "day":
                    params[name] = {"day": parsed.date().isoformat()}
                else:
                    aware = timezone.make_aware(parsed, timezone.get_default_timezone())
                    params[name] = {"at": aware.isoformat()}
            else:
                params[name] = value
        else:
            return {"m": message, "p": params}
    return None


def in_default_language():
    """Texts that are stored (history, messages) are written in the default language."""
    return translation.override(settings.LANGUAGE_CODE)
