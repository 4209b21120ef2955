# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The engines: what runs an agent's turn and streams its proposals.

- :mod:`~aiframe.brain.engines.base`: the :class:`~aiframe.brain.engines.base.Brain`
  interface; :mod:`~aiframe.brain.engines.events` what a brain is asked and streams back;
  :mod:`~aiframe.brain.engines.stream` the cancellable stream with a deadline;
- :mod:`~aiframe.brain.engines.flow`: the deterministic flow brain (the default);
- :mod:`~aiframe.brain.engines.llm`: the LLM brain, over
  :mod:`~aiframe.brain.engines.prompt` (what the model is sent),
  :mod:`~aiframe.brain.engines.llm_client` (the chat-completions client),
  :mod:`~aiframe.brain.engines.chat` (its wire format) and
  :mod:`~aiframe.brain.engines.sse` (server-sent events).

The engines read the agent (:mod:`aiframe.brain.agent`); the agent never imports them.
"""
