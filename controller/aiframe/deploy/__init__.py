# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Deployment support: ``aiframe doctor``'s host checks (``doctor``)."""
