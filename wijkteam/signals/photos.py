"""Intake of photos that residents and field workers attach to a signal.

An uploaded photo is never stored as it came in. Its type is decided from its content (not from
its name or the browser's content type), only JPEG and PNG are accepted, and its pixels are
re-encoded into a new file. Re-encoding is what drops every piece of metadata: a phone photo's
EXIF often holds the GPS position of the resident's home, and XMP, comments and PNG text chunks
can hold names or other personal data nobody meant to share.
"""

import unicodedata
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from wijkteam.core.errors import DomainError

# The intake forms enforce this; a signal needs a few photos to show the problem, not an album.
MAX_PHOTOS = 3
# A 50 megapixel photo (the largest phone cameras) decodes to about 150 MB of RGB pixels; a file
# declaring more is most likely a decompression bomb, a tiny file that expands to gigabytes.
MAX_PIXELS = 50_000_000
# Plenty for seeing what is wrong in a street; larger only costs storage and bandwidth.
MAX_SIDE = 2560
MAX_NAME_LENGTH = 200
JPEG_QUALITY = 85

_FIELD = "photos"
_MB = 1024 * 1024
# Pillow plugins allowed to parse the upload at all: fewer parsers, less attack surface.
_PARSERS = ("JPEG", "PNG")
# MPO is a JPEG with extra frames appended (some cameras write it); its first frame is the photo.
_JPEG_FORMATS = {"JPEG", "MPO"}
# What Pillow raises for a file it cannot make sense of halfway through: a truncated image data
# stream (OSError), a broken chunk or checksum (SyntaxError), impossible header values.
_DAMAGED_ERRORS = (OSError, SyntaxError, ValueError, EOFError)


@dataclass(frozen=True)
class ProcessedPhoto:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int
    original_name: str


def max_photo_bytes() -> int:
    """The largest upload accepted, in bytes; ``WIJKTEAM_PHOTO_MAX_BYTES`` overrides 10 MB."""
    return getattr(settings, "WIJKTEAM_PHOTO_MAX_BYTES", 10 * _MB)


def process_photo(*, upload: UploadedFile) -> ProcessedPhoto:
    """Check an uploaded photo and return it re-encoded: upright, at most ``MAX_SIDE`` pixels on
    its longest side, as JPEG or PNG (the type it really is), with all metadata dropped.

    Raises ``DomainError`` (field ``photos``) with a Dutch message for a file that is too large,
    is not a JPEG or PNG, is damaged, or has too many pixels.
    """
    data = _read_within_limit(upload=upload)
    try:
        with Image.open(BytesIO(data), formats=_PARSERS) as probe:
            # Only the header has been read so far: refuse a bomb before decoding any pixels.
            _check_pixel_count(size=probe.size)
            is_jpeg = probe.format in _JPEG_FORMATS
            probe.verify()
        # verify() leaves the image unusable, so the pixels come from a fresh parse.
        with Image.open(BytesIO(data), formats=_PARSERS) as image:
            if is_jpeg:
                # Let the JPEG decoder skip detail the downscale would throw away anyway.
                image.draft(None, (MAX_SIDE, MAX_SIDE))
            image.load()
            upright = ImageOps.exif_transpose(image)
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except UnidentifiedImageError as error:
        raise _not_a_photo() from error
    except _DAMAGED_ERRORS as error:
        raise DomainError(
            _(
                "Deze foto is beschadigd of niet volledig verstuurd. "
                "Probeer het opnieuw of kies een andere foto."
            ),
            field=_FIELD,
            code="photo_damaged",
        ) from error

    pixels = _normalise_mode(image=upright, is_jpeg=is_jpeg)
    pixels.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image from the raw pixels alone: converted and resized images still carry the
    # source's info (ICC profile, comments, EXIF), and Pillow writes some of it back on save.
    clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())

    output = BytesIO()
    if is_jpeg:
        clean.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        content_type, extension = "image/jpeg", "jpg"
    else:
        clean.save(output, format="PNG", optimize=True)
        content_type, extension = "image/png", "png"
    return ProcessedPhoto(
        content=output.getvalue(),
        content_type=content_type,
        extension=extension,
        width=clean.width,
        height=clean.height,
        original_name=clean_name(name=upload.name),
    )


def _read_within_limit(*, upload: UploadedFile) -> bytes:
    """The upload's bytes, refusing a file over the limit without reading more than needed."""
    limit = max_photo_bytes()
    if upload.size is not None and upload.size > limit:
        raise _too_large(size=upload.size, limit=limit)
    upload.seek(0)
    # The reported size comes from the client or the upload handler; don't trust it with memory.
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(size=None, limit=limit)
    return data


def _check_pixel_count(*, size: tuple[int, int]) -> None:
    # Also honour Pillow's own limit when someone has set it lower, so that its warning can
    # only ever precede a refusal, never a decoded bomb.
    limit = MAX_PIXELS
    if Image.MAX_IMAGE_PIXELS is not None:
        limit = min(limit, Image.MAX_IMAGE_PIXELS)
    width, height = size
    if width * height > limit:
        raise _too_many_pixels()


def _normalise_mode(*, image: Image.Image, is_jpeg: bool) -> Image.Image:
    """The image in a mode its output format stores as 8-bit colour: RGB for JPEG; RGB, or RGBA
    when there is transparency, for PNG."""
    if image.mode.startswith("I"):
        # 16-bit greyscale (some PNGs): a plain convert would clip every value above 255 to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if not is_jpeg and image.has_transparency_data:
        return image.convert("RGBA")
    return image.convert("RGB")


def clean_name(*, name: str | None) -> str:
    """The file name without any folder path, safe to show, at most ``MAX_NAME_LENGTH`` long."""
    # Some browsers send the full Windows path; os.path.basename on Linux ignores backslashes.
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Control and format characters (such as a right-to-left override that shows "gpj.exe" as
    # "exe.jpg") have no place in a name shown to colleagues.
    base = "".join(char for char in base if unicodedata.category(char) not in {"Cc", "Cf"})
    base = base.strip()
    if len(base) <= MAX_NAME_LENGTH:
        return base
    stem, dot, suffix = base.rpartition(".")
    if dot and stem and len(suffix) <= 10:
        return f"{stem[: MAX_NAME_LENGTH - len(suffix) - 1]}.{suffix}"
    return base[:MAX_NAME_LENGTH]


def format_size(size: int) -> str:
    """A file size as people read it, in the active language: "14,2 MB", "10 MB", "512 kB"."""
    if size < 1024:
        return ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": size}
    value, unit = (size / _MB, "MB") if size >= _MB else (size / 1024, "kB")
    rounded = round(value, 1)
    decimals = 0 if rounded.is_integer() else 1
    return f"{number_format(rounded, decimal_pos=decimals)} {unit}"


def _too_large(*, size: int | None, limit: int) -> DomainError:
    if size is None:
        message = _("Deze foto is te groot. Het maximum is %(max)s.") % {"max": format_size(limit)}
    else:
        message = _("Deze foto is te groot (%(size)s). Het maximum is %(max)s.") % {
            "size": format_size(size),
            "max": format_size(limit),
        }
    return DomainError(message, field=_FIELD, code="photo_too_large")


def _too_many_pixels() -> DomainError:
    return DomainError(
        _(
            "Deze foto heeft te veel pixels om te verwerken (het maximum is %(megapixels)s "
            "megapixel). Verklein de foto en probeer het opnieuw."
        )
        % {"megapixels": MAX_PIXELS // 1_000_000},
        field=_FIELD,
        code="photo_too_many_pixels",
    )


def _not_a_photo() -> DomainError:
    return DomainError(
        _("Dit bestand is geen foto. Kies een JPEG- of PNG-foto."),
        field=_FIELD,
        code="not_a_photo",
    )
