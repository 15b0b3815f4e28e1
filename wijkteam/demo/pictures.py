"""Pictures for the demo's initiatives, drawn here (the demo ships no photographs): a football
cage, a blind wall before and after its mural, a vegetable garden. They go through the same
photo pipeline as a resident's upload."""

import math
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from wijkteam.signals.photos import ProcessedPhoto, process_photo

SIZE = (640, 420)
SKY = (198, 226, 245)
GRASS = (88, 160, 72)
PAVEMENT = (176, 172, 164)
BRICK = (150, 74, 52)
MORTAR = (196, 170, 150)


def _photo(image: Image.Image, name: str) -> ProcessedPhoto:
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    upload = SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
    return process_photo(upload=upload)


def _ground(colour: tuple[int, int, int]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", SIZE, SKY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 260, SIZE[0], SIZE[1]), fill=colour)
    return image, draw


def football_cage(*, with_players: bool) -> ProcessedPhoto:
    """The cage on the grass: fences, two goals, and (after the opening) players."""
    image, draw = _ground(GRASS)
    draw.rectangle((80, 170, 560, 360), fill=(60, 130, 60), outline=(40, 40, 40), width=4)
    for x in range(80, 561, 24):
        draw.line((x, 170, x, 360), fill=(70, 70, 70), width=1)
    for y in range(170, 361, 24):
        draw.line((80, y, 560, y), fill=(70, 70, 70), width=1)
    draw.line((320, 180, 320, 350), fill="white", width=3)
    draw.ellipse((290, 235, 350, 295), outline="white", width=3)
    for left in (84, 520):
        draw.rectangle((left, 235, left + 36, 295), outline="white", width=4)
    if with_players:
        for index, x in enumerate((170, 240, 400, 460)):
            colour = (200, 40, 40) if index % 2 else (30, 80, 200)
            draw.ellipse((x - 9, 250, x + 9, 268), fill=(240, 200, 160))
            draw.rectangle((x - 10, 268, x + 10, 305), fill=colour)
        draw.ellipse((300, 300, 316, 316), fill="white", outline="black")
    return _photo(image, "voetbalkooi.jpg")


def _wall(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((120, 40, 520, 300), fill=BRICK)
    for row, y in enumerate(range(40, 300, 16)):
        draw.line((120, y, 520, y), fill=MORTAR, width=2)
        offset = 0 if row % 2 else 20
        for x in range(120 + offset, 520, 40):
            draw.line((x, y, x, y + 16), fill=MORTAR, width=2)


def blind_wall(*, stage: str) -> ProcessedPhoto:
    """The blind wall at the square: with shrubs ("before"), on new paving ("paved") or with
    its mural ("mural")."""
    image, draw = _ground(PAVEMENT if stage != "before" else GRASS)
    _wall(draw)
    if stage == "before":
        for x in range(110, 540, 46):
            draw.ellipse((x, 230, x + 70, 320), fill=(50, 110, 50))
    else:
        for x in range(0, SIZE[0], 40):
            draw.line((x, 300, x - 60, SIZE[1]), fill=(150, 146, 140), width=2)
    if stage == "mural":
        colours = [(240, 190, 40), (230, 90, 60), (60, 150, 210), (120, 190, 90), (170, 90, 180)]
        draw.ellipse((380, 60, 470, 150), fill=(250, 210, 60))  # the sun
        for index in range(7):
            x = 150 + index * 50
            draw.polygon(
                [(x, 290), (x + 20, 200 - (index % 3) * 30), (x + 40, 290)],
                fill=colours[index % len(colours)],
            )
        for index in range(5):
            cx, cy = 170 + index * 70, 120 + int(20 * math.sin(index))
            draw.ellipse((cx - 18, cy - 18, cx + 18, cy + 18), fill=colours[(index + 2) % 5])
    return _photo(image, f"muur-{stage}.jpg")


def vegetable_garden() -> ProcessedPhoto:
    """An empty corner of grass where residents want raised beds."""
    image, draw = _ground(GRASS)
    for left in (110, 270, 430):
        draw.rectangle((left, 280, left + 110, 330), fill=(120, 80, 40), outline=(80, 50, 20))
        for x in range(left + 10, left + 110, 20):
            draw.ellipse((x, 262, x + 14, 282), fill=(60, 140, 50))
    return _photo(image, "moestuin.jpg")
