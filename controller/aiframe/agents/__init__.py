# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The agents that ship with aiframe, one directory each: ``agent.yaml`` (the flow, the
LLM instructions, the tool bindings and the policy pack it runs under), its tools'
code and its demo data. ``aiframe agent list`` shows them; docs/agents.md says how to
write one."""
