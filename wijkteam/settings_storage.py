"""Where uploaded photos and documents are kept (Django's default storage): the local media
folder (``WIJKTEAM_MEDIA_ROOT``), or, with ``WIJKTEAM_S3_BUCKET`` set, an S3-compatible object
storage that several web machines and workers share (django-storages). Every read and write of
a stored file goes through the storage API, and files are never served from the storage's own
address: the views check who may see a file and stream it (signals/views.py,
cases/views/documents.py), so the bucket stays private."""

import os

# WIJKTEAM_S3_... variable → django-storages' S3 option. Without keys, boto3's own chain (its
# environment variables, an instance role) is used.
_S3_OPTIONS = {
    "WIJKTEAM_S3_ENDPOINT_URL": "endpoint_url",
    "WIJKTEAM_S3_REGION": "region_name",
    "WIJKTEAM_S3_ACCESS_KEY_ID": "access_key",
    "WIJKTEAM_S3_SECRET_ACCESS_KEY": "secret_key",
}


def uploads_storage() -> dict:
    """The default storage's entry in ``STORAGES``, from the environment."""
    bucket = os.environ.get("WIJKTEAM_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        # A folder in the bucket, e.g. when one bucket holds several installations' files.
        "location": os.environ.get("WIJKTEAM_S3_PREFIX", "").strip("/"),
        # A new file never replaces another with the same name: it gets a name of its own.
        "file_overwrite": False,
        # Private objects; the bucket's own policy decides, and no public URL is ever used.
        "default_acl": None,
        "querystring_auth": True,
    }
    options.update(
        {option: os.environ[name] for name, option in _S3_OPTIONS.items() if os.environ.get(name)}
    )
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
