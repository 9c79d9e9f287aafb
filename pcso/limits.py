"""What one request may carry, and a clear page when it carries more.

* A NUL character (a zero byte) in the address, a query parameter or a form field: no field keeps
  one (PostgreSQL stores no NUL in text), and no one types one; the request is refused (400)
  before any view reads it, with a page that says so.
* The body of every page is at most DATA_UPLOAD_MAX_MEMORY_SIZE: a request that says it is larger
  is refused (413) before a byte of it is read. A page that takes a file declares its own limit
  with `@accepts_upload(max_bytes)`: reading stops as soon as a file passes it (or the request's
  Content-Length says it will), and the view finds `upload_refused(request)` true and says so on
  its form.
* More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, or a body that cannot be read: 400, with a page
  that says so.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

NUL = "\x00"
# The admin site's parameter naming the field a related record is chosen by: empty, Django 6.1
# looks up a field named "" (a server error), so it is refused as unreadable. No page sends it.
ADMIN_TO_FIELD = "_to_field"
# Room for the other fields of an upload form, and the multipart framing around them.
UPLOAD_FORM_BYTES = 64 * 1024


def accepts_upload(max_bytes: int):
    """Mark a view as taking files of up to max_bytes each (its request body up to that and its
    other fields)."""

    def mark(view):
        view.upload_max_bytes = max_bytes
        return view

    return mark


def upload_refused(request) -> bool:
    """Whether a file of this request was refused as larger than the view's limit (its other
    fields were read; the file is not in request.FILES)."""
    return getattr(request, "upload_refused", False)


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading the request when a file passes max_bytes, or as it starts when the request's
    Content-Length already says it will: the rest of the body is never read."""

    def __init__(self, request, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.body_length = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.body_length = content_length or 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.body_length > self.max_bytes + UPLOAD_FORM_BYTES:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file

    def _refuse(self):
        self.request.upload_refused = True
        raise StopUpload(connection_reset=True)


def login_username(request, credentials: dict | None) -> str | None:
    """The name a failed login is recorded under (AXES_USERNAME_CALLABLE): what was typed, cut
    to the 255 characters its column holds (a longer one was a server error)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    name = credentials.get(field) if credentials else getattr(request, "data", request.POST).get(field)
    return name[:255] if isinstance(name, str) else name


def _view(request):
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None)).func
    except Resolver404:
        return None


def _content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def _has_nul(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def refused(request, message: str, status: int):
    """The page that says why a request was refused; nothing was saved."""
    return render(request, "pcso/refused.html", {"message": message}, status=status)


def _unreadable(request):
    return refused(
        request, _("What you sent could not be read: nothing was saved. Go back and send it again."), 400
    )


def _too_large(request, limit: int):
    return refused(
        request,
        _(
            "What you sent is larger than this page takes (at most %(size)s): nothing was saved. "
            "Go back and send less."
        )
        % {"size": filesizeformat(limit)},
        413,
    )


class RequestLimitMiddleware:
    """Refuses what no page takes, with a clear page, before any view or middleware reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info or _has_nul(request.GET):
            return self._nul(request)
        if "" in request.GET.getlist(ADMIN_TO_FIELD):
            return _unreadable(request)
        length = _content_length(request)
        if request.method != "POST" and not length:
            return self.get_response(request)
        upload_max = getattr(_view(request), "upload_max_bytes", None)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if upload_max is None and limit is not None and length > limit:
            return _too_large(request, limit)
        if request.method == "POST":
            if upload_max is not None:
                request.upload_handlers.insert(0, LimitedUploadHandler(request, upload_max))
            try:
                data = request.POST
            except RequestDataTooBig:
                return _too_large(request, limit)
            except (TooManyFieldsSent, TooManyFilesSent):
                return refused(
                    request,
                    _("What you sent has more fields than any form here: nothing was saved."),
                    400,
                )
            except (MultiPartParserError, OSError):
                return _unreadable(request)
            if _has_nul(data):
                return self._nul(request)
            if "" in data.getlist(ADMIN_TO_FIELD):
                return _unreadable(request)
        return self.get_response(request)

    def _nul(self, request):
        return refused(
            request,
            _(
                "What you sent holds a NUL character (a zero byte), which no page takes: nothing "
                "was saved. Go back, take it out and send it again."
            ),
            400,
        )
