"""Pasted articles in, suggested events out.

`article.extract_article` reads a pasted article (HTML or plain text) into metadata and plain
text; `suggest.suggest_events` proposes the events the text reports, matched against the
timeline's actors, places and events; `evaluate` measures both against labelled articles. Plain
data in, dataclasses out: nothing here imports Django.
"""
