# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``aiframe call``: a test call to an extension, the way an operator checks one: a
scripted caller over SIP (sipp, G.711) or a loopback call, both sides recorded, what the
agent said and heard, and the response gaps."""
