"""The hostile-input sweep's tools (the test: tests/test_hostile_sweep.py): the classes of hostile
value, and a middleware that records which query and form parameters a view reads, so the sweep
sends hostile values in exactly the parameters each page understands, found from the views
themselves rather than listed by hand."""

from __future__ import annotations

from urllib.parse import quote

from django.http import QueryDict

# Parameters read by the machinery around every view, not by the page.
NOT_THE_PAGES = frozenset({"csrfmiddlewaretoken", "form_key"})

# What a view read while serving the last request: {"GET": {...}, "POST": {...}}.
READ: dict[str, set[str]] = {"GET": set(), "POST": set()}


class RecordingQueryDict(QueryDict):
    """A QueryDict that notes every key asked for (get, [], getlist, in) in READ[method]."""

    method = "GET"

    def _note(self, key):
        if isinstance(key, str):
            READ[self.method].add(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


class RecordingPost(RecordingQueryDict):
    method = "POST"


def _recording(data: QueryDict, cls) -> QueryDict:
    """A recording copy of data, of data's own class too (the core's pcso.fresh.Query, which
    keys kept pages on what is read, keeps working under the sweep)."""
    if type(data) is not QueryDict:
        cls = type(f"{cls.__name__}{type(data).__name__}", (cls, type(data)), {})
    copy = cls("", mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        copy.setlist(key, values)
    copy._mutable = False
    return copy


class RecordReadsMiddleware:
    """The innermost middleware in the sweep: the view and the middleware's process_view hooks
    read the request's parameters through RecordingQueryDicts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _recording(request.GET, RecordingQueryDict)
        if request.method == "POST":
            request.POST = _recording(request.POST, RecordingPost)
        return self.get_response(request)


def forget() -> None:
    for keys in READ.values():
        keys.clear()


def read(method: str) -> set[str]:
    return set(READ[method]) - NOT_THE_PAGES


# Hostile values, one class a pass: (name, fn(key) -> list of raw, already %-encoded values).
# Raw so that bytes no browser would send (invalid UTF-8) can be sent too.
def _q(text: str) -> str:
    return quote(text, safe="")


HOSTILE = {
    "nul": lambda key: [_q("a\x00b")],
    "huge": lambda key: [_q("x" * 20_000)],
    "text": lambda key: [_q('2026-02-30"><b>%(x)s{0}')],  # not a number, nor a date
    "number": lambda key: [_q("99999999999999999999999")],
    "negative": lambda key: [_q("-1")],
    "unicode": lambda key: [_q("\u202e\u0301\ufeff\U0001f600 \u0130") + "%FF%FE%C0%AF"],
    "repeated": lambda key: [_q("1"), _q("abc"), ""],  # .get() reads the last: empty
}


def encode(params: dict[str, list[str]]) -> str:
    """A query string or form body from raw, already %-encoded values."""
    return "&".join(f"{_q(key)}={value}" for key, values in params.items() for value in values)
