# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The exceptions aiframe raises on purpose.

    AiframeError
    ├── ConfigError          bad configuration file or environment value
    ├── MediaError           the shared-memory media plane
    │   ├── ArenaError       an arena that cannot be created, opened or trusted
    │   │   └── ArenaReplacedError  the module made a new arena under a running controller
    │   ├── SlotFullError    no free slot, or a full ring/queue
    │   ├── StaleSlotError   the slot was released or reused (generation moved on)
    │   └── SlotNotFoundError  no active slot for that call uuid
    ├── EslError             the FreeSWITCH event socket (ESL)
    │   ├── EslConnectError  cannot connect: refused, unreachable, timed out, ACL
    │   ├── EslAuthError     the event socket refused the password
    │   ├── EslProtocolError a frame that breaks the event-socket protocol
    │   ├── EslClosedError   the connection closed, or an awaited frame did not come
    │   ├── SwitchSetupError FreeSWITCH answers but lacks what aiframe needs
    │   └── CommandError     a command FreeSWITCH refused, or one refused before sending
    │       └── CommandTimeoutError  no answer in time
    ├── CallError            one call's actor
    │   ├── IllegalTransitionError  a lifecycle step the state machine forbids
    │   └── MailboxFullError        the actor stopped taking its messages
    └── StoreError           the state and audit store
        ├── StoreUnavailableError  the database cannot be reached or written now
        └── StoreNotFoundError     no call or conversation by that id

Every message says what was wrong and, where it can, what to do about it.
"""

from __future__ import annotations


class AiframeError(Exception):
    """Base of every error aiframe raises deliberately."""


class ConfigError(AiframeError):
    """Configuration that cannot be loaded or validated."""


class ControllerActiveError(ConfigError):
    """Another controller is active on the same arena."""


class HandlerPrepareError(ConfigError):
    """The configured call behaviour cannot load what every call needs."""


class MediaError(AiframeError):
    """A media-plane operation failed."""


class ArenaError(MediaError):
    """An arena that cannot be created, opened or validated."""


class ArenaReplacedError(ArenaError):
    """The arena file was replaced under a running controller: FreeSWITCH or the
    module restarted. Unlike the other errors a restart is the fix, so ``aiframe run``
    exits with its own status (see aiframe.cli.run)."""


class SlotFullError(MediaError):
    """No free slot, or a ring or mark queue is full."""


class StaleSlotError(MediaError):
    """The slot was released or reused since it was attached."""


class SlotNotFoundError(MediaError):
    """No active slot holds that call."""


class EslError(AiframeError):
    """The FreeSWITCH event socket."""


class EslConnectError(EslError):
    """The event socket cannot be reached or refused the connection."""


class EslAuthError(EslError):
    """The event socket refused the password."""


class EslProtocolError(EslError):
    """A frame or reply that does not follow the event-socket protocol."""


class EslClosedError(EslError):
    """The connection closed, or what a synchronous caller waited for did not come."""


class SwitchSetupError(EslError):
    """FreeSWITCH answers but lacks something aiframe needs (mod_aiframe)."""


class CommandError(EslError):
    """A command FreeSWITCH answered with an error, or one refused before sending."""


class CommandTimeoutError(CommandError):
    """A command FreeSWITCH did not answer in time."""


class CallError(AiframeError):
    """One call's actor."""


class IllegalTransitionError(CallError):
    """A lifecycle transition the call state machine does not allow."""


class MailboxFullError(CallError):
    """A call's mailbox is full: its actor stopped taking messages."""


class StoreError(AiframeError):
    """The state and audit store."""


class StoreUnavailableError(StoreError):
    """The database cannot be reached or written now (down, locked, full)."""


class StoreNotFoundError(StoreError):
    """No call or conversation goes by that id."""


__all__ = [
    "AiframeError",
    "ArenaError",
    "ArenaReplacedError",
    "CallError",
    "CommandError",
    "CommandTimeoutError",
    "ConfigError",
    "ControllerActiveError",
    "EslAuthError",
    "EslConnectError",
    "EslError",
    "EslProtocolError",
    "HandlerPrepareError",
    "IllegalTransitionError",
    "MailboxFullError",
    "MediaError",
    "SlotFullError",
    "SlotNotFoundError",
    "StaleSlotError",
    "StoreError",
    "StoreNotFoundError",
    "StoreUnavailableError",
    "SwitchSetupError",
]
