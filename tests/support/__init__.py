"""Helpers shared by the tests, bench/ and docs/screenshot.py: app servers and Chromium.

`servers`: free ports, environments (development and production-like), manage.py commands,
starting a server process and waiting until it answers. `chromium`: Debian's Chromium and the
arguments every headless launch uses. `databases`: a database a test and its server processes
share. `rights`: the roles of the rights matrices and what each may.
"""
