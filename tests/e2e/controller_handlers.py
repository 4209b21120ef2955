# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Call behaviours the controller e2e tests load with ``controller.handler``."""

from __future__ import annotations

from aiframe.runtime.handler import Call, CallHandler, CallInfo, ListenHandler
from aiframe.runtime.lifecycle import CallPhase
from aiframe.runtime.messages import CallMessage, Dtmf


class TransferOnZero(ListenHandler):
    """Listens (status text in the slot); a '0' from the caller is a blind
    transfer to the extension named by the call's ``transfer_to`` argument."""

    def on_message(self, call: Call, msg: CallMessage) -> None:
        if isinstance(msg, Dtmf) and msg.digit == "0" and call.state is not CallPhase.TRANSFERRING:
            call.transfer(call.info.args.get("transfer_to", "ai"))
        super().on_message(call, msg)


def transfer_on_zero(info: CallInfo) -> CallHandler:
    return TransferOnZero()
