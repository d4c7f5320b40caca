"""Formats in and out of a timeline, each format's reader and writer side by side.

``timelinejs`` (Knight Lab TimelineJS3 JSON), ``csv_rows`` (one row an event, ACLED and CAMEO
columns) and ``lossless`` (our versioned JSON, documented in docs/export-format.md) each write a
timeline and read one back into :mod:`timeline.formats.records` (plain data, no database).
:mod:`timeline.formats.import_files` reads a file and picks its format,
:mod:`timeline.formats.import_plan` plans what it would change (what will be created, what
matches, what is wrong, row by row), and :mod:`timeline.services.imports` applies a plan in one
transaction. The Atom feed is :mod:`timeline.reader.feeds`.
"""
