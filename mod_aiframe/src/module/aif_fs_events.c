/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * The CUSTOM event subclasses. Reserve and free live in this one file:
 * FreeSWITCH records the reserving source file and frees a subclass only for
 * the same file.
 */
#include "aif_fs.h"

static const char *const event_names[AIF_EVENT_COUNT] = {
	[AIF_EVENT_START] = "aiframe::start",
	[AIF_EVENT_STOP] = "aiframe::stop",
	[AIF_EVENT_BARGE_IN] = "aiframe::barge_in",
	[AIF_EVENT_PLAYOUT] = "aiframe::playout",
	[AIF_EVENT_OVERRUN] = "aiframe::overrun",
	[AIF_EVENT_COMMAND] = "aiframe::command",
	[AIF_EVENT_CONTROLLER_LOST] = "aiframe::controller_lost",
	[AIF_EVENT_CONTROLLER_BACK] = "aiframe::controller_back",
};

switch_status_t aif_fs_events_reserve(void)
{
	int i;

	for (i = 0; i < AIF_EVENT_COUNT; i++) {
		if (switch_event_reserve_subclass(event_names[i]) != SWITCH_STATUS_SUCCESS) {
			switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR,
					  "aiframe: cannot reserve event subclass %s\n", event_names[i]);
			while (--i >= 0)
				switch_event_free_subclass(event_names[i]);
			return SWITCH_STATUS_TERM;
		}
	}
	return SWITCH_STATUS_SUCCESS;
}

void aif_fs_events_free(void)
{
	int i;

	for (i = AIF_EVENT_COUNT - 1; i >= 0; i--)
		switch_event_free_subclass(event_names[i]);
}

switch_event_t *aif_fs_event_new(aif_fs_event_t which, switch_channel_t *channel)
{
	switch_event_t *ev = NULL;

	if (switch_event_create_subclass(&ev, SWITCH_EVENT_CUSTOM, event_names[which]) !=
	    SWITCH_STATUS_SUCCESS)
		return NULL;
	if (channel)
		switch_channel_event_set_data(channel, ev);
	return ev;
}

void aif_fs_event_fire(switch_event_t **ev)
{
	if (ev && *ev)
		switch_event_fire(ev);
}

void aif_fs_fire_command(const char *command)
{
	switch_event_t *ev = aif_fs_event_new(AIF_EVENT_COMMAND, NULL);

	if (!ev)
		return;
	switch_event_add_header_string(ev, SWITCH_STACK_BOTTOM, "aiframe-command", command);
	aif_fs_event_fire(&ev);
}
