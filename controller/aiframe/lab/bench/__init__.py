# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Benchmarks: `aiframe bench ...`; each compares against a peer path in the same run."""
