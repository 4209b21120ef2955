# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The agent: what a call's AI is, apart from the engines that run it.

- :mod:`~aiframe.brain.agent.schema`: the agent file (``agent.yaml``), as pydantic models;
- :mod:`~aiframe.brain.agent.loader`: finding and loading an agent, checked against its
  policy pack (:class:`~aiframe.brain.agent.loader.Agent`);
- :mod:`~aiframe.brain.agent.tools`: the tools it can call (Python callables, webhooks);
- :mod:`~aiframe.brain.agent.slots`, :mod:`~aiframe.brain.agent.dates` and
  :mod:`~aiframe.brain.agent.numbers`: a caller's words to typed slot values;
- :mod:`~aiframe.brain.agent.templates`: its utterance and argument templates.

Nothing here imports the engines (:mod:`aiframe.brain.engines`); they import it.
"""
