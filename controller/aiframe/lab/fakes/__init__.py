# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Stand-ins that speak the real protocol: an ESL switch, an OpenAI-compatible LLM,
and cheap speech engines for load runs."""
