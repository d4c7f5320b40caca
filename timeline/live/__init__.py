"""Live updates: the change log, its SSE stream and its JSON feed (issue 16)."""
