"""With ``WIJKTEAM_S3_BUCKET`` set, uploaded photos and documents are kept in S3-compatible
object storage, which several web machines share: nothing lands on the machine's own disk,
every file view streams the file from the bucket to whoever may see it, and a removed document
leaves the bucket. Against a real S3-compatible server on the loopback interface (moto's
server mode), started by the test."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import boto3
import pytest
from django.core.files.storage import storages

from tests.core.test_stored_files import served_files
from wijkteam.backups.backup import backup_create
from wijkteam.cases.documents import case_document_remove
from wijkteam.cases.models import CaseDocument
from wijkteam.core.errors import DomainError
from wijkteam.settings_storage import uploads_storage

BUCKET = "wijkteam-test"
KEYS = {"WIJKTEAM_S3_ACCESS_KEY_ID": "test-key", "WIJKTEAM_S3_SECRET_ACCESS_KEY": "test-secret"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - moto's server, our own arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, tmp_path):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-west-1",
        aws_access_key_id=KEYS["WIJKTEAM_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["WIJKTEAM_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    for name, value in {
        **KEYS,
        "WIJKTEAM_S3_BUCKET": BUCKET,
        "WIJKTEAM_S3_ENDPOINT_URL": s3_endpoint,
        "WIJKTEAM_S3_REGION": "eu-west-1",
        "WIJKTEAM_S3_PREFIX": "veenendaal/",
    }.items():
        monkeypatch.setenv(name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": uploads_storage()}
    yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for stored in objects:
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_without_a_bucket_files_stay_in_the_media_folder():
    assert uploads_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.django_db
def test_uploads_go_to_the_bucket_and_are_served_from_it(bucket, client, world, settings):
    client.force_login(world.consulent_a)

    served = served_files(world)

    stored_keys = keys(bucket)
    assert type(storages["default"]).__name__ == "S3Storage"
    assert len(stored_keys) == 5  # a photo, a resident's own photo, three documents
    assert all(key.startswith("veenendaal/") for key in stored_keys)
    assert not os.path.exists(settings.MEDIA_ROOT) or not any(settings.MEDIA_ROOT.rglob("*.*"))
    for url, stored in served:
        response = client.get(url)
        assert response.status_code == 200, url
        sent = b"".join(response.streaming_content)
        kept = bucket.get_object(Bucket=BUCKET, Key=f"veenendaal/{stored.file.name}")
        assert sent == kept["Body"].read(), url


@pytest.mark.django_db
def test_a_removed_document_leaves_the_bucket(bucket, world, django_capture_on_commit_callbacks):
    served_files(world)
    document = CaseDocument.objects.order_by("pk").first()
    key = f"veenendaal/{document.file.name}"
    assert key in keys(bucket)

    with django_capture_on_commit_callbacks(execute=True):  # the file goes after the commit
        case_document_remove(actor=world.consulent_a, document=document)

    assert key not in keys(bucket)
    assert len(keys(bucket)) == 4


@pytest.mark.django_db
def test_the_backup_command_says_it_cannot_copy_files_kept_in_object_storage(bucket, tmp_path):
    before = set(tmp_path.iterdir())

    with pytest.raises(DomainError, match="objectopslag"):
        backup_create(destination=tmp_path, progress=lambda line: None)

    assert set(tmp_path.iterdir()) == before
