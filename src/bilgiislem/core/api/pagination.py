from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_OFFSET = 10_000  # quality bar P3: no OFFSET past 10,000 rows; narrow the list with filters instead


class DefaultPagination(PageNumberPagination):
    """Page-number pagination that refuses a malformed page size and pages deeper than MAX_OFFSET rows."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a page size between 1 and {max}.").format(max=self.max_page_size)
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        page_size = self.get_page_size(request)
        raw_page = request.query_params.get(self.page_query_param, "1")
        if raw_page.isdigit() and (int(raw_page) - 1) * page_size >= MAX_OFFSET:
            raise ValidationError(
                {
                    self.page_query_param: [
                        _("Pages beyond the first {rows} rows are not served; narrow the list with filters.").format(
                            rows=MAX_OFFSET
                        )
                    ]
                }
            )
        return super().paginate_queryset(queryset, request, view)
