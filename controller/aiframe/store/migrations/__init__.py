# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Alembic migrations of the store; run them with ``aiframe store upgrade``."""
