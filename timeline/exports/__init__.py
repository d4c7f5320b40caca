"""Formats in and out of a timeline.

Exports: ``timelinejs`` (Knight Lab TimelineJS3 JSON), ``csv_rows`` (one row an event, ACLED
and CAMEO columns), ``lossless`` (our versioned JSON, documented in docs/export-format.md).
The Atom feed is ``timeline.feeds``.

Imports read the same three formats into :mod:`timeline.exports.records` (plain data, no
database), which :mod:`timeline.exports.importing` turns into a plan (what will be created,
what matches, what is wrong, row by row) and applies in one transaction.
"""
