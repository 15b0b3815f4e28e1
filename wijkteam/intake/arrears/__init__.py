"""The rent administration's door (see upsert.py): the form's and the CSV import's arrears
signals; upload.py queues a file, tasks.py runs its batch (batch.py)."""
