# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from aiframe.errors import EslProtocolError
from aiframe.runtime.switchlink import parse_channels


def test_show_channels_json_both_shapes() -> None:
    assert parse_channels('{"row_count":0}') == set()
    assert parse_channels('{"row_count":2,"rows":[{"uuid":"a"},{"uuid":"b"}]}') == {"a", "b"}
    with pytest.raises(EslProtocolError, match="did not return JSON: '-ERR no reply'"):
        parse_channels("-ERR no reply\n")
