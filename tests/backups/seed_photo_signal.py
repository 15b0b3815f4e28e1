"""Run as a program (``python -m tests.backups.seed_photo_signal``) against a database with the
demo: the demo's wijkbeheerder records litter with a photo through the intake service, as the
field form does. Prints the signal's reference and its photo's file name."""

import io

import django


def main() -> None:
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from wijkteam.intake.services import signal_intake
    from wijkteam.partners.models import User
    from wijkteam.signals.locations import LocationInput
    from wijkteam.signals.models import Category, Channel
    from wijkteam.signals.photos import process_photo

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 30)).save(buffer, "JPEG")
    upload = SimpleUploadedFile("zwerfafval.jpg", buffer.getvalue(), content_type="image/jpeg")
    created = signal_intake(
        actor=User.objects.get(email="wijkbeheerder.zuidoost@veenvesters.example"),
        channel=Channel.FIELD,
        category=Category.objects.get(slug="vervuiling-zwerfafval"),
        description="Vuilniszakken naast de container",
        # Spanjaardsgoed, Engelenburg: a point, resolved offline to its buurt.
        location=LocationInput(latitude=52.02009336, longitude=5.55488748),
        photos=[process_photo(upload=upload)],
        lookup_addresses=False,
    )
    print(created.signal.reference, created.signal.attachments.get().file.name)


if __name__ == "__main__":
    main()
