# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The lab: what exists to test, benchmark, soak or attack the product, and nothing
the product needs to run a call.

``bench`` (``aiframe bench``), ``soak`` (``aiframe soak``), ``switch`` (the test
FreeSWITCH and its helpers), ``fakes`` (the fake switch, the LLM double, model-free
speech) and ``redteam`` (``aiframe policy redteam``). No module outside
``aiframe.lab`` imports it (``tests/unit/test_layers.py`` checks); the lab reaches
the command line through the ``aiframe.cli_plugins`` entry point.
"""
