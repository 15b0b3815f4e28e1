"""The signals counted per month, kept by the worker for the wijk's picture (wijkbeeld).

The pages read these instead of the signals themselves, so that a wijk's five years cost the
same at a million signals as at a thousand. A step that changes what a month counts (a new
signal, a signal moved to another wijk) leaves a ``SignalCountsStale`` row in its own
transaction; the worker counts that month of that wijk again from the signals
(signals/counts.py). Counting a month again is idempotent, so a marker handled twice does no
harm. The counts hold no personal data and stay when retention removes the reporters'."""

from django.db import models
from django.db.models import Q

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.signals.models.category import Category, Sensitivity
from wijkteam.signals.models.signal import Channel


class SignalMonthCount(models.Model):
    """How many signals of one category came in through one door in one buurt in one month."""

    month = models.DateField()  # the first day of the month, local time
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    main_category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["district", "month"], name="counts_by_district"),
            models.Index(fields=["neighbourhood", "month"], name="counts_by_buurt"),
            models.Index(fields=["month", "main_category"], name="counts_by_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.neighbourhood_id} {self.category_id}: {self.count}"


class SignalSpotMonthCount(models.Model):
    """Signals per spot (a cell of about 100 by 70 metres, named by its street) per month: the
    hotspots within a buurt. Only categories every member of the wijk's team may see the
    details of (sensitivity 'team'): a spot of the others could point at a person."""

    month = models.DateField()
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    main_category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    # The cell's corner in thousandths of a degree (latitude, longitude).
    cell_lat = models.IntegerField()
    cell_lon = models.IntegerField()
    street = models.CharField(max_length=150, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["district", "month"], name="spots_by_district")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.street} ({self.cell_lat},{self.cell_lon}): {self.count}"


class SignalCountsStale(models.Model):
    """A month of a wijk whose counts must be made again. Inserted without a unique key, so
    that reports in the same wijk never wait for each other; the worker reads the distinct
    months and deletes the rows it handled."""

    month = models.DateField()
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.district_id}"


# The sensitivity whose signals are counted per spot as well.
SPOT_SENSITIVITY = Sensitivity.TEAM
SPOT_Q = Q(sensitivity=SPOT_SENSITIVITY, latitude__isnull=False, longitude__isnull=False)
