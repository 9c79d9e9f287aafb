"""Pages of a list that read only their page.

Django's Paginator counts the list and slices it. Over a list with joins (select_related) and
per-row figures, PostgreSQL would join and compute every row of the list before sorting and
keeping 50. This paginator asks in two steps: the ids of the page (the list's filter and order
alone, which an index answers), then those rows with their joins and figures. The count is the
list's filter alone too: Django drops the unused annotations and joins from a count.
"""

from __future__ import annotations

import functools

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView
from django.views.generic.list import MultipleObjectMixin

from . import audit, fresh

# Rows a list page shows: a phone screen or two; every row rendered costs the whole page.
PAGE_SIZE = 25


class PagePaginator(Paginator):
    """For a list view: use PageList below, or `paginator_class = PagePaginator`."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom: int, top: int) -> list:
        queryset = self.object_list
        if not hasattr(queryset, "values_list"):  # a plain list
            return list(queryset[bottom:top])
        ids = list(queryset.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]


class PageList(ListView):
    """Every list page: PAGE_SIZE rows read with PagePaginator. `page_query` is the request's
    filters without the page number, for the page links in pcso/_pagination.html; `period_query`
    the period alone (pcso.forms.PeriodForm), for filter links that keep it.

    The page is read when the template first uses it (the rows, `page_obj`, `is_paginated`), so
    a template that keeps its rows in {% kept %} (pcso/templatetags/kept.py) reads nothing when
    they are kept; `rows_shown` is then called with the rows read. The rows of a sensitive model
    are recorded in the audit trail as they are read (one entry; written again when kept)."""

    paginate_by = PAGE_SIZE
    paginator_class = PagePaginator

    def rows_shown(self, rows: list) -> None:
        """The rows of the page as they are read, before they are shown (not when the page comes
        from the cache): audited lists record the read, others add what each row shows."""

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        rows = list(rows)
        if getattr(getattr(queryset, "model", None), "sensitive", False):
            # A list of a sensitive model's rows is a read of each (pcso.scope.Scope(sensitive=True)).
            audit.record_list(self.request.user, rows)
        self.rows_shown(rows)
        return paginator, page, rows, is_paginated

    def get_context_data(self, *, object_list=None, **kwargs):
        queryset = object_list if object_list is not None else self.object_list
        read = functools.cache(lambda: self.paginate_queryset(queryset, self.get_paginate_by(queryset)))
        rows = SimpleLazyObject(lambda: read()[2])
        lazy = {
            "paginator": SimpleLazyObject(lambda: read()[0]),
            "page_obj": SimpleLazyObject(lambda: read()[1]),
            "is_paginated": SimpleLazyObject(lambda: read()[3]),
            "object_list": rows,
        }
        name = self.get_context_object_name(queryset)
        if name is not None:
            lazy[name] = rows
        # The page number is read now (the rows later): a kept page is keyed on it.
        self.request.GET.get(self.page_kwarg)
        # The period alone, for links that change the other filters (status pills) and keep it.
        period = QueryDict(mutable=True)
        for field in ("start", "end"):
            if self.request.GET.get(field):
                period[field] = self.request.GET[field]
        # The filters the page understood, without the page number, for its page links: read
        # when the links are drawn, once the view has read every filter it has.
        page_query = SimpleLazyObject(lambda: fresh.understood_query(self.request, (self.page_kwarg,)))
        # Past MultipleObjectMixin, which would read the page now: the view and extra_context.
        return super(MultipleObjectMixin, self).get_context_data(
            page_query=page_query, period_query=period.urlencode(), **lazy, **kwargs
        )
