import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops
from PIL.PngImagePlugin import PngInfo

from wijkteam.core.errors import DomainError
from wijkteam.signals.photos import max_photo_bytes, process_photo

GPS_IFD = 0x8825
MAKE = 0x010F
MODEL = 0x0110
ORIENTATION = 0x0112
GPS_LATITUDE_REF = 1
GPS_LATITUDE = 2


def encode(image: Image.Image, image_format: str, **params) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format=image_format, **params)
    return buffer.getvalue()


def upload(content: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def noisy(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """An image that does not compress to almost nothing, so that file sizes are realistic."""
    return Image.effect_noise(size, 64).convert(mode)


def png_declaring_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims the given size, as a decompression bomb would."""
    content = bytearray(encode(Image.new("1", (1, 1)), "PNG"))
    # Signature (8 bytes), then the IHDR chunk: length (4), type (4), width and height (4 + 4).
    content[16:24] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(content[12:29]))
    content[29:33] = struct.pack(">I", crc)
    return bytes(content)


def refusal(content: bytes, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        process_photo(upload=upload(content, **kwargs))
    assert caught.value.field == "photos"
    return caught.value


def test_gps_and_camera_metadata_are_stripped():
    exif = Image.Exif()
    exif[MAKE] = "Fairphone"
    exif[MODEL] = "FP5"
    exif.get_ifd(GPS_IFD).update({GPS_LATITUDE_REF: "N", GPS_LATITUDE: (52.0, 1.0, 30.0)})
    source = encode(
        noisy((40, 20)), "JPEG", exif=exif, comment=b"Thuis, Kerkewijk 12", icc_profile=b"x" * 64
    )
    # The fixture really carries what must go.
    assert b"Fairphone" in source
    assert Image.open(BytesIO(source)).getexif().get_ifd(GPS_IFD)[GPS_LATITUDE_REF] == "N"

    photo = process_photo(upload=upload(source))

    result = Image.open(BytesIO(photo.content))
    assert result.format == "JPEG"
    assert not result.getexif()
    assert "icc_profile" not in result.info
    assert "comment" not in result.info
    for marker in (b"Exif", b"GPS", b"Fairphone", b"FP5", b"Kerkewijk"):
        assert marker not in photo.content


def test_exif_orientation_is_applied_so_the_photo_stands_upright():
    image = Image.new("RGB", (40, 20), "white")
    image.paste((255, 0, 0), (0, 0, 10, 20))  # a red band along the left edge
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: show it rotated 90° clockwise
    source = encode(image, "JPEG", exif=exif, quality=95)

    photo = process_photo(upload=upload(source))

    result = Image.open(BytesIO(photo.content)).convert("RGB")
    assert (photo.width, photo.height) == (20, 40) == result.size
    red, green, _blue = result.getpixel((10, 2))
    assert red > 200 and green < 60  # the left band is now along the top
    assert not result.getexif()


def test_png_text_chunks_are_dropped_and_png_stays_png():
    info = PngInfo()
    info.add_text("Author", "Jan de Vries, Kerkewijk 12")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>secret</x:xmpmeta>")
    source = encode(noisy((30, 30)), "PNG", pnginfo=info, icc_profile=b"y" * 64)
    assert Image.open(BytesIO(source)).text

    photo = process_photo(upload=upload(source, name="scherm.png", content_type="image/png"))

    result = Image.open(BytesIO(photo.content))
    assert (result.format, photo.content_type, photo.extension) == ("PNG", "image/png", "png")
    assert result.text == {}
    assert "icc_profile" not in result.info
    assert b"Jan de Vries" not in photo.content
    assert b"xmpmeta" not in photo.content


def test_transparent_png_keeps_its_transparency():
    image = Image.new("RGBA", (16, 16), (0, 128, 0, 255))
    image.paste((0, 0, 0, 0), (0, 0, 8, 16))
    source = encode(image, "PNG")

    photo = process_photo(upload=upload(source, name="logo.png"))

    result = Image.open(BytesIO(photo.content))
    assert (result.format, result.mode) == ("PNG", "RGBA")
    assert result.getpixel((0, 0))[3] == 0
    assert result.getpixel((15, 0)) == (0, 128, 0, 255)


def test_palette_png_with_transparent_colour_becomes_rgba():
    image = Image.new("P", (8, 8), 1)
    image.putpalette([255, 255, 255, 200, 0, 0])
    source = encode(image, "PNG", transparency=0)

    result = Image.open(BytesIO(process_photo(upload=upload(source)).content))

    assert result.mode == "RGBA"


def test_sixteen_bit_greyscale_png_keeps_its_tones():
    source = encode(Image.new("I;16", (8, 8), 32768), "PNG")

    result = Image.open(BytesIO(process_photo(upload=upload(source)).content))

    assert result.getpixel((0, 0)) == (128, 128, 128)


def test_cmyk_jpeg_is_stored_as_rgb():
    source = encode(Image.new("CMYK", (10, 10), (0, 255, 255, 0)), "JPEG")

    photo = process_photo(upload=upload(source))

    result = Image.open(BytesIO(photo.content))
    assert result.mode == "RGB"
    red, green, blue = result.getpixel((5, 5))
    assert red > 200 and green < 60 and blue < 60


def test_large_photo_is_downscaled_to_2560_on_its_longest_side():
    source = encode(Image.new("RGB", (4000, 3000), "navy"), "JPEG")

    photo = process_photo(upload=upload(source))

    assert (photo.width, photo.height) == (2560, 1920)
    assert Image.open(BytesIO(photo.content)).size == (2560, 1920)


def test_tall_photo_is_downscaled_by_its_height():
    source = encode(Image.new("RGB", (1000, 5120), "navy"), "PNG")

    photo = process_photo(upload=upload(source))

    assert (photo.width, photo.height) == (500, 2560)


def test_small_photo_is_never_upscaled():
    photo = process_photo(upload=upload(encode(noisy((300, 200)), "JPEG")))

    assert (photo.width, photo.height) == (300, 200)


def test_pixels_survive_reencoding():
    image = Image.new("RGB", (64, 64), (20, 120, 220))
    image.paste((250, 200, 0), (0, 0, 32, 64))

    photo = process_photo(upload=upload(encode(image, "PNG")))

    result = Image.open(BytesIO(photo.content)).convert("RGB")
    assert ImageChops.difference(result, image).getbbox() is None


def test_type_comes_from_the_content_not_from_the_name():
    png = encode(noisy((10, 10)), "PNG")
    jpeg = encode(noisy((10, 10)), "JPEG")

    as_jpeg_name = process_photo(upload=upload(png, name="foto.jpg", content_type="image/jpeg"))
    as_png_name = process_photo(upload=upload(jpeg, name="foto.png", content_type="image/png"))

    assert (as_jpeg_name.content_type, as_jpeg_name.extension) == ("image/png", "png")
    assert (as_png_name.content_type, as_png_name.extension) == ("image/jpeg", "jpg")


def test_multi_picture_jpeg_is_accepted_as_a_single_jpeg():
    frames = [noisy((30, 20)), noisy((30, 20))]
    buffer = BytesIO()
    frames[0].save(buffer, format="MPO", save_all=True, append_images=frames[1:])
    assert Image.open(BytesIO(buffer.getvalue())).format == "MPO"

    photo = process_photo(upload=upload(buffer.getvalue()))

    result = Image.open(BytesIO(photo.content))
    assert (result.format, photo.extension) == ("JPEG", "jpg")
    assert getattr(result, "n_frames", 1) == 1


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"Beste wijkteam, dit is geen foto.\n", id="text"),
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", id="svg"),
        pytest.param(b"<!doctype html><html><body>Hallo</body></html>", id="html"),
        pytest.param(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", id="pdf"),
        pytest.param(b"", id="empty"),
    ],
)
def test_other_files_pretending_to_be_a_jpeg_are_refused(content):
    error = refusal(content, name="foto.jpg", content_type="image/jpeg")

    assert error.message == "Dit bestand is geen foto. Kies een JPEG- of PNG-foto."
    assert error.code == "not_a_photo"


@pytest.mark.parametrize("image_format", ["GIF", "WEBP", "BMP", "TIFF"])
def test_image_formats_other_than_jpeg_and_png_are_refused(image_format):
    content = encode(noisy((10, 10)), image_format)

    error = refusal(content, name="foto.jpg")

    assert "geen foto" in error.message


def test_truncated_jpeg_is_refused():
    content = encode(noisy((200, 200)), "JPEG")

    error = refusal(content[: len(content) // 2])

    assert error.code == "photo_damaged"
    assert "beschadigd" in error.message


def test_png_with_a_broken_checksum_is_refused():
    content = bytearray(encode(noisy((50, 50)), "PNG"))
    # Only the image data's checksum is wrong: the data itself still decodes.
    (length,) = struct.unpack(">I", content[content.index(b"IDAT") - 4 : content.index(b"IDAT")])
    crc_start = content.index(b"IDAT") + 4 + length
    content[crc_start] ^= 0xFF

    error = refusal(bytes(content), name="foto.png")

    assert error.code == "photo_damaged"


def test_oversized_upload_is_refused_with_its_size(settings):
    settings.WIJKTEAM_PHOTO_MAX_BYTES = 1000
    content = encode(noisy((100, 100)), "JPEG")
    assert len(content) > 1000

    error = refusal(content)

    assert error.code == "photo_too_large"
    assert error.message.startswith("Deze foto is te groot (")
    assert error.message.endswith("Het maximum is 1000 bytes.")


def test_size_in_the_message_is_written_the_dutch_way():
    too_big = upload(b"\xff\xd8")
    too_big.size = int(14.2 * 1024 * 1024)

    with pytest.raises(DomainError) as caught:
        process_photo(upload=too_big)

    assert caught.value.message == "Deze foto is te groot (14,2 MB). Het maximum is 10 MB."


class ReadRecordingBytes(BytesIO):
    def __init__(self, content: bytes) -> None:
        super().__init__(content)
        self.requested: list[int | None] = []

    def read(self, size: int | None = -1) -> bytes:
        self.requested.append(size)
        return super().read(size)


def test_upload_larger_than_its_reported_size_is_refused_without_reading_it_all(settings):
    settings.WIJKTEAM_PHOTO_MAX_BYTES = 1000
    content = ReadRecordingBytes(encode(noisy((100, 100)), "JPEG"))
    lying = upload(b"")
    lying.file, lying.size = content, 10

    with pytest.raises(DomainError) as caught:
        process_photo(upload=lying)

    assert caught.value.code == "photo_too_large"
    assert content.requested
    assert all(size is not None and 0 <= size <= 1001 for size in content.requested)


def test_default_maximum_is_ten_megabytes_and_follows_the_setting(settings):
    del settings.WIJKTEAM_PHOTO_MAX_BYTES
    assert max_photo_bytes() == 10 * 1024 * 1024
    settings.WIJKTEAM_PHOTO_MAX_BYTES = 2048
    assert max_photo_bytes() == 2048


@pytest.mark.parametrize(
    ("width", "height"),
    [
        pytest.param(20_000, 20_000, id="pillow-refuses-it-as-a-bomb"),
        pytest.param(8_000, 7_000, id="over-our-50-megapixel-limit"),
    ],
)
def test_decompression_bomb_is_refused_before_decoding(width, height):
    error = refusal(png_declaring_size(width, height), name="bom.png")

    assert error.code == "photo_too_many_pixels"
    assert "te veel pixels" in error.message


def test_pixel_limit_holds_when_pillow_limit_is_switched_off(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)

    error = refusal(png_declaring_size(20_000, 20_000), name="bom.png")

    assert error.code == "photo_too_many_pixels"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("C:\\Users\\Fatima\\Pictures\\stoep.jpg", "stoep.jpg"),
        ("foto\u202egpj.exe", "fotogpj.exe"),
        ("x" * 300 + ".jpeg", "x" * 195 + ".jpeg"),
    ],
)
def test_original_name_loses_its_path_and_is_safe_to_show(name, expected):
    photo = process_photo(upload=upload(encode(noisy((10, 10)), "JPEG"), name=name))

    assert photo.original_name == expected
    assert len(photo.original_name) <= 200
