"""The app's PostgreSQL sessions plan for data on SSDs or in memory (config/settings.py)."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only: a planner setting"
    ),
]


def test_the_apps_sessions_price_reading_out_of_order_as_on_an_ssd():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
