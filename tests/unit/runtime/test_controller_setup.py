# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

import aiframe.runtime
from aiframe.config import load_settings
from aiframe.errors import ConfigError
from aiframe.runtime.controller import Controller


def test_the_default_password_is_refused_unless_allowed() -> None:
    c = Controller(load_settings(None, esl={"port": 1}))
    with pytest.raises(ConfigError, match="FreeSWITCH's default 'ClueCon'"):
        c.run()


def test_public_api_is_pinned() -> None:
    assert sorted(aiframe.runtime.__all__) == [
        "BaseHandler",
        "Call",
        "CallActor",
        "CallControl",
        "CallHandler",
        "CallInfo",
        "CallPhase",
        "CallRegistry",
        "Controller",
        "EslConnection",
        "EslEvent",
        "HandlerFactory",
        "Lifecycle",
        "ListenHandler",
        "MediaPump",
        "MediaRoute",
    ]
    for name in aiframe.runtime.__all__:
        assert getattr(aiframe.runtime, name) is not None


def test_the_call_behaviour_is_loaded_from_config() -> None:
    from aiframe.runtime.handler import ListenHandler, listen_handler, load_factory

    assert load_factory("aiframe.runtime.handler:listen_handler") is listen_handler
    c = Controller(load_settings(None))
    assert isinstance(c.handler_factory(None), ListenHandler)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="cannot import no_such_module"):
        load_factory("no_such_module:f")
    with pytest.raises(ConfigError, match="has no callable nothing"):
        load_factory("aiframe.runtime.handler:nothing")
    with pytest.raises(ConfigError, match=r"controller\.handler"):
        load_settings(None, controller={"handler": "not a path"})
