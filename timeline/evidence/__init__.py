"""Evidence that lasts: the safe fetcher, snapshots (WARC), quote anchoring, source checks.

``fetcher`` (with ``addresses``) is the only code in the app that makes outbound HTTP requests.
``archive`` is the job the worker runs (``tasks``), ``warc`` writes and reads the WARC files,
``reading`` turns a fetched page into text and metadata offline, ``quotes`` anchors citations.
"""
