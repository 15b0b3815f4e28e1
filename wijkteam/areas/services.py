"""State changes of wijken and buurten, and of the address register."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shapely
from django.db import transaction
from django.utils import timezone
from shapely.geometry import shape

from wijkteam.access.audit import audit_records, field_changes
from wijkteam.areas.address_file.rows import AddressRow, ParsedAddresses
from wijkteam.areas.geojson import AreaFeature, ParsedAreas, geometry_to_json
from wijkteam.areas.models import (
    Area,
    BoundarySource,
    District,
    Neighbourhood,
    RegisteredAddress,
)
from wijkteam.areas.resolve import resolve_points
from wijkteam.areas.version import areas_changed

BATCH = 500
ProgressCallback = Callable[[str, int, int], None]


@dataclass
class LevelCounts:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass
class AreaImportReport:
    districts: LevelCounts = field(default_factory=LevelCounts)
    neighbourhoods: LevelCounts = field(default_factory=LevelCounts)
    skipped_other_municipality: int = 0
    warnings: list[str] = field(default_factory=list)


def _values(feature: AreaFeature, boundary_source: str) -> dict[str, Any]:
    return {
        "name": feature.name,
        "municipality_code": feature.municipality_code,
        "inhabitants": feature.inhabitants,
        "homes": feature.homes,
        "households": feature.households,
        "area_hectares": feature.area_hectares,
        "geometry": feature.geometry,
        "boundary_source": boundary_source,
    }


def _current(area: Area, names) -> dict[str, Any]:
    return {name: getattr(area, name) for name in names}


def _upsert(
    model: type[Area],
    rows: list[tuple[str, dict[str, Any]]],
    counts: LevelCounts,
    audit: list,
    progress: ProgressCallback | None,
    label: str,
) -> dict[str, Area]:
    """Create or update ``model`` rows by code; untouched rows are not written at all, so that a
    second import of the same file changes nothing."""
    existing = {a.code: a for a in model.objects.filter(code__in=[code for code, _ in rows])}
    to_create, to_update, fields = [], [], set()
    now = timezone.now()
    for done, (code, values) in enumerate(rows, start=1):
        area = existing.get(code)
        if area is None:
            area = model(code=code, **values)
            to_create.append(area)
            counts.created.append(code)
        else:
            changes = field_changes(_current(area, values), values)
            if changes:
                for name in changes:
                    setattr(area, name, values[name])
                area.updated_at = now
                fields.update(changes)
                to_update.append(area)
                counts.updated.append(code)
                audit.append(("update", area, _summarised(changes)))
            else:
                counts.unchanged.append(code)
        existing[code] = area
        if progress and (done % BATCH == 0 or done == len(rows)):
            progress(label, done, len(rows))
    model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        model.objects.bulk_update(to_update, [*fields, "updated_at"], batch_size=BATCH)
    audit.extend(("create", area, {"code": area.code}) for area in to_create)
    return existing


def _summarised(changes: dict[str, list[Any]]) -> dict[str, Any]:
    """Geometry is too large to keep before/after in the audit trail; say that it changed."""
    return {name: ("gewijzigd" if name == "geometry" else value) for name, value in changes.items()}


def areas_import(
    *,
    parsed: ParsedAreas,
    actor: Any = None,
    boundary_source: str = BoundarySource.OFFICIAL,
    progress: ProgressCallback | None = None,
) -> AreaImportReport:
    """Import parsed wijken and buurten in one transaction (all or nothing), idempotently by code.

    Buurten whose wijk is neither in the file nor in the database get their wijk created from the
    buurt's ``wijkcode``/``wijknaam``; such a wijk's boundary is the union of its buurten.
    """
    report = AreaImportReport(
        skipped_other_municipality=parsed.skipped_other_municipality,
        warnings=list(parsed.warnings),
    )
    audit: list = []
    with transaction.atomic():
        district_rows = [(f.code, _values(f, boundary_source)) for f in parsed.districts]
        known = {code for code, _ in district_rows}
        known |= set(
            District.objects.filter(
                code__in={f.district_code for f in parsed.neighbourhoods}
            ).values_list("code", flat=True)
        )
        derived: dict[str, dict[str, Any]] = {}
        for feature in parsed.neighbourhoods:
            if feature.district_code not in known and feature.district_code not in derived:
                derived[feature.district_code] = {
                    "name": feature.district_name,
                    "municipality_code": feature.municipality_code,
                    "boundary_source": boundary_source,
                }
        districts = _upsert(District, district_rows, report.districts, audit, progress, "wijken")
        for code, values in derived.items():
            district = District.objects.create(code=code, **values)
            districts[code] = district
            report.districts.created.append(code)
            audit.append(("create", district, {"code": code, "afgeleid_van_buurten": True}))
        missing = {f.district_code for f in parsed.neighbourhoods} - districts.keys()
        districts.update({d.code: d for d in District.objects.filter(code__in=missing)})

        neighbourhood_rows = [
            (f.code, {**_values(f, boundary_source), "district": districts[f.district_code]})
            for f in parsed.neighbourhoods
        ]
        _upsert(
            Neighbourhood, neighbourhood_rows, report.neighbourhoods, audit, progress, "buurten"
        )
        own_boundary = {f.code for f in parsed.districts}
        for code in {f.district_code for f in parsed.neighbourhoods} - own_boundary:
            _derive_district_boundary(districts[code], report, audit)
        audit_records(actor=actor, rows=audit)
        areas_changed()  # the bulk writes send no model signals
    return report


def _derive_district_boundary(district: District, report: AreaImportReport, audit: list) -> None:
    """A wijk without a boundary of its own (or with only an approximate one) gets the union of
    its buurten, so that a buurten-only file still yields wijk boundaries."""
    if district.geometry and district.boundary_source == BoundarySource.OFFICIAL:
        return
    shapes = [shape(g) for g in district.neighbourhoods.values_list("geometry", flat=True) if g]
    if not shapes:
        return
    geometry = geometry_to_json(shapely.unary_union(shapes))
    if geometry == district.geometry:
        return
    district.geometry = geometry
    district.boundary_source = BoundarySource.OFFICIAL
    district.save(update_fields=["geometry", "boundary_source", "updated_at"])
    if district.code not in report.districts.created:
        report.districts.updated.append(district.code)
        audit.append(("update", district, {"geometry": "afgeleid van buurten"}))


# --- the address register ---------------------------------------------------------------------


@dataclass
class AddressImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Addresses whose point lies in none of our buurten or wijken (and whose buurt code, if
    # the file gave one, is unknown here): kept, but they cannot place a signal in a wijk.
    outside_areas: int = 0


def _address_values(row: AddressRow, match, neighbourhoods: dict[str, tuple[int, int]]) -> dict:
    neighbourhood_id = district_id = None
    if match is not None:
        neighbourhood_id, district_id = match.neighbourhood_id, match.district_id
    named = neighbourhoods.get(row.neighbourhood_code)
    # A point outside every buurt (or in a wijk whose buurten are not all known) takes the buurt
    # the file names, if that buurt is in the same wijk; our lines and the BAG's may differ a bit.
    if neighbourhood_id is None and named and district_id in (None, named[1]):
        neighbourhood_id, district_id = named
    return {
        "object_id": row.object_id,
        "postcode": row.postcode,
        "house_number": row.house_number,
        "house_letter": row.house_letter,
        "house_number_addition": row.house_number_addition,
        "street": row.street,
        "city": row.city,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "neighbourhood_id": neighbourhood_id,
        "district_id": district_id,
    }


def addresses_import(
    *,
    parsed: ParsedAddresses,
    actor: Any = None,
    progress: ProgressCallback | None = None,
) -> AddressImportReport:
    """Import parsed BAG addresses into the address register in one transaction (all or
    nothing), idempotently by BAG id: an address already there as in the file is not written
    at all. Each address gets the buurt and wijk its point lies in (or, when our boundaries do
    not contain it, the buurt the file names)."""
    report = AddressImportReport()
    rows = parsed.rows
    matches = resolve_points([(row.latitude, row.longitude) for row in rows])
    neighbourhoods = {
        code: (pk, district_id)
        for pk, code, district_id in Neighbourhood.objects.filter(
            code__in={row.neighbourhood_code for row in rows if row.neighbourhood_code}
        ).values_list("pk", "code", "district_id")
    }
    audit: list = []
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            existing = {
                a.bag_id: a
                for a in RegisteredAddress.objects.filter(bag_id__in=[r.bag_id for r in batch])
            }
            to_create, to_update, fields = [], [], set()
            for row, match in zip(batch, matches[start : start + BATCH], strict=True):
                values = _address_values(row, match, neighbourhoods)
                if values["district_id"] is None:
                    report.outside_areas += 1
                address = existing.get(row.bag_id)
                if address is None:
                    to_create.append(RegisteredAddress(bag_id=row.bag_id, **values))
                    continue
                changes = field_changes(_current(address, values), values)
                if not changes:
                    report.unchanged += 1
                    continue
                for name in changes:
                    setattr(address, name, values[name])
                address.updated_at = now
                fields.update(changes)
                to_update.append(address)
                audit.append(("update", address, changes))
            created = RegisteredAddress.objects.bulk_create(to_create, batch_size=BATCH)
            if to_update:
                RegisteredAddress.objects.bulk_update(to_update, [*fields, "updated_at"])
            report.created += len(created)
            report.updated += len(to_update)
            audit.extend(("create", address, {"bag_id": address.bag_id}) for address in created)
            if progress:
                progress("adressen", min(start + BATCH, len(rows)), len(rows))
        audit_records(actor=actor, rows=audit)
    return report
