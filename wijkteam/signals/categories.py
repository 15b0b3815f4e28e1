"""The categories a door offers, kept per process (core/kept.py): the report forms look a chosen
category up without a query. Every save or delete of a category gives the categories a new
version."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wijkteam.core.kept import data_changed, kept
from wijkteam.signals.models import Category, Sensitivity

CATEGORIES = "categories"


def subcategories(*, for_residents: bool = False):
    """The categories a door offers, as a queryset. Confidential ones (arrears) have the rent
    administration's own doors."""
    queryset = Category.objects.filter(
        parent__isnull=False, is_active=True, parent__is_active=True
    ).exclude(sensitivity=Sensitivity.CONFIDENTIAL)
    if for_residents:
        queryset = queryset.filter(residents_may_report=True)
    return queryset.order_by("parent__sort_order", "sort_order", "name")


def door_categories(*, for_residents: bool) -> dict[int, Category]:
    """The categories a door offers by id, in the forms' order, each with its main category
    (kept per process: read-only)."""
    return kept(
        CATEGORIES,
        lambda: {
            category.pk: category
            for category in subcategories(for_residents=for_residents).select_related("parent")
        },
        part="residents" if for_residents else "staff",
    )


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def _category_saved_or_deleted(**kwargs) -> None:
    if kwargs.get("raw"):
        return
    data_changed(CATEGORIES)
