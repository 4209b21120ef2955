# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Acme support: the demo agent on the ``retail-support`` pack (order status, delivery
dates, small refunds, transfer to a person), backed by a small SQLite shop."""
