"""Counters of failed logins and password-reset requests, shared by every app process."""

from __future__ import annotations

from django.db import models


class LoginFailureCount(models.Model):
    """How many attempts one key (a digest of an account, a client, an address) made in the
    window that ends at ``expires_at``. See `timeline.login_throttle`."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key[:8]}…: {self.count}"
