"""One paginator for every work list and the long admin lists: it counts at most a bounded number of rows.

A work list at national scale holds hundreds of thousands of open cases; `COUNT(*)` over the list's whole join
costs more than the page itself. `BegrensdePaginator` counts with a LIMIT-ed subquery
(`SELECT COUNT(*) FROM (SELECT … LIMIT grens + 1)`), so the count stops at `grens` + 1 rows; below the cap the
count is exact as before, above it the page says "meer dan 10.000". Pages beyond the cap keep working: the
count reaches as deep as the page asked for (as deep as its OFFSET scans anyway), so the page knows whether a
next page exists and a page past the end still falls back to the real last page.
"""

from math import ceil

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.formats import number_format


def telgrens() -> int:
    return settings.WERKLIJST_TELGRENS


class BegrensdePaginator(Paginator):
    """A Paginator whose `count` stops at `grens` + 1 rows (or deeper when a deeper page is asked for).

    `afgekapt` tells whether rows exist past what was counted; `count` is then the rows counted (one more
    than `ondergrens`), so `num_pages` is one page beyond the deepest page the count reached and "Volgende"
    keeps working."""

    def __init__(self, object_list, per_page, *args, grens: int | None = None, pagina=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.grens = telgrens() if grens is None else int(grens)
        self._diepte = self.grens
        self._telling: tuple[int, int] | None = None  # (limit counted to, rows found)
        if pagina is not None:
            self._reik_tot(pagina)

    def _reik_tot(self, number) -> None:
        try:
            number = int(number)
        except (TypeError, ValueError):
            return
        if number > 1:
            # A silly page number (?pagina=10000000000000000000000) counts the whole list once, not past bigint.
            self._diepte = max(self._diepte, min(number * self.per_page, 2**62))

    def _tel(self) -> tuple[int, int]:
        limiet = self._diepte + 1
        if self._telling is None or (self._telling[1] >= self._telling[0] and self._telling[0] < limiet):
            rijen = self.object_list
            if hasattr(rijen, "query"):
                # The order does not change how many rows there are; without it the subquery needs no sort.
                gevonden = rijen.order_by()[:limiet].count()
            else:
                gevonden = min(len(rijen), limiet)
            self._telling = (limiet, gevonden)
        return self._telling

    def telling_bekend(self, totaal: int) -> None:
        """The number of rows is known already (a window count in the page's own query): no count query is
        sent, and `count` and `afgekapt` say what the bounded count would have said."""
        limiet = self._diepte + 1
        self._telling = (limiet, min(totaal, limiet))

    @property
    def count(self) -> int:
        return self._tel()[1]

    @property
    def afgekapt(self) -> bool:
        limiet, gevonden = self._tel()
        return gevonden >= limiet

    @property
    def ondergrens(self) -> int:
        """With `afgekapt`: there are more than this many rows."""
        return self._tel()[0] - 1

    @property
    def ondergrens_tekst(self) -> str:
        return number_format(self.ondergrens, force_grouping=True)

    @property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return ceil(max(1, self.count - self.orphans) / self.per_page)

    @property
    def paginas_meer_dan(self) -> int:
        """With `afgekapt`: there are more than this many pages."""
        return self.ondergrens // self.per_page

    def validate_number(self, number):
        if not self._toont_al(number):
            self._reik_tot(number)
        return super().validate_number(number)

    def _toont_al(self, number) -> bool:
        """Whether the rows counted so far already show that page `number` exists. The page's "Volgende" link
        asks for the page after it, whose first row this page's count reached: counting again, one page deeper,
        cost a second count over all the rows before it (a second scan of 50,000 rows on page 2000)."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return False
        return self._telling is not None and self._telling[1] >= (number - 1) * self.per_page + 1

    def page(self, number):
        """Late row lookup: the page's ids first, through a narrow query that carries only what the order needs,
        then its rows with all their relations. A work list joins half a dozen tables for its columns; sorting
        every open case with all those columns attached cost more than the sort itself."""
        rijen = self.object_list
        if not (hasattr(rijen, "query") and hasattr(rijen, "values_list")):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        # A count that stopped at its limit is no end of the list: the page takes its full slice then.
        if not self.afgekapt and top + self.orphans >= self.count:
            top = self.count
        ids = list(rijen.values_list("pk", flat=True)[bottom:top])
        return self._get_page(rijen.filter(pk__in=ids), number, self)


def werklijstpagina(rijen, request, per_pagina: int = 25):
    """The page of a work list the request asks for (?pagina=…), counted up to the cap."""
    return BegrensdePaginator(rijen, per_pagina).get_page(request.GET.get("pagina"))
