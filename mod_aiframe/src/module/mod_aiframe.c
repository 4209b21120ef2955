/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * mod_aiframe: taps AI-attached call legs into the shared-memory arena the
 * aiframe controller maps. This file holds only the module definition,
 * load/shutdown and the registrations; shutdown undoes load in reverse.
 */
#include <grp.h>
#include <stdlib.h>

#include "aif_fs_api.h"
#include "aif_fs_call.h"
#include "aif_fs_watch.h"

SWITCH_MODULE_LOAD_FUNCTION(mod_aiframe_load);
SWITCH_MODULE_SHUTDOWN_FUNCTION(mod_aiframe_shutdown);
SWITCH_MODULE_DEFINITION(mod_aiframe, mod_aiframe_load, mod_aiframe_shutdown, NULL);

struct aif_fs_globals aif_fs;

static switch_status_t arena_create(void)
{
	aif_arena_params_t p;
	char err[512];
	char *end = NULL;
	long mode;

	aif_arena_params_default(&p);
	p.slot_count = (uint32_t)aif_fs.cfg.max_slots;
	p.max_rate = (uint32_t)aif_fs.cfg.ai_rate;
	mode = strtol(aif_fs.cfg.arena_mode ? aif_fs.cfg.arena_mode : "0660", &end, 8);
	if (!end || *end || mode <= 0) {
		switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR,
				  "aiframe: arena-mode '%s' is not an octal mode like 0660\n",
				  aif_fs.cfg.arena_mode);
		return SWITCH_STATUS_FALSE;
	}
	p.mode = (uint32_t)mode;
	if (!zstr(aif_fs.cfg.arena_group)) {
		struct group *g = getgrnam(aif_fs.cfg.arena_group);

		if (!g) {
			switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR,
					  "aiframe: arena-group '%s' does not exist\n",
					  aif_fs.cfg.arena_group);
			return SWITCH_STATUS_FALSE;
		}
		p.gid = g->gr_gid;
	}
	if (aif_arena_create(aif_fs.cfg.arena_path, &p, &aif_fs.arena, err, sizeof(err)) !=
	    AIF_OK) {
		switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR, "aiframe: %s\n", err);
		return SWITCH_STATUS_FALSE;
	}
	switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_NOTICE,
			  "aiframe: arena %s, %u slots at up to %u Hz (layout v%u)\n",
			  aif_fs.cfg.arena_path, p.slot_count, p.max_rate, AIF_LAYOUT_VERSION);
	return SWITCH_STATUS_SUCCESS;
}

SWITCH_MODULE_LOAD_FUNCTION(mod_aiframe_load)
{
	switch_api_interface_t *api_interface;
	switch_application_interface_t *app_interface;

	memset(&aif_fs, 0, sizeof(aif_fs));
	aif_fs.pool = pool;
	switch_mutex_init(&aif_fs.mutex, SWITCH_MUTEX_NESTED, pool);
	switch_core_hash_init(&aif_fs.calls);
	if (aif_fs_config_load(SWITCH_FALSE) != SWITCH_STATUS_SUCCESS)
		goto fail_config;
	if (arena_create() != SWITCH_STATUS_SUCCESS)
		goto fail_config;
	if (aif_fs_events_reserve() != SWITCH_STATUS_SUCCESS)
		goto fail_arena;
	if (aif_fs_watch_start(aif_fs_call_stop) != SWITCH_STATUS_SUCCESS)
		goto fail_events;

	*module_interface = switch_loadable_module_create_module_interface(pool, modname);
	aif_fs_api_init();
	SWITCH_ADD_APP(app_interface, "aiframe", "Attach the aiframe AI media tap",
		       "Attach the current channel to the aiframe controller", aif_fs_app,
		       AIFRAME_APP_SYNTAX, SAF_NONE);
	SWITCH_ADD_API(api_interface, "uuid_aiframe", "Control aiframe on a channel", aif_fs_uuid_api,
		       aif_fs_uuid_api_syntax());
	SWITCH_ADD_API(api_interface, "aiframe", "aiframe status and management", aif_fs_global_api,
		       aif_fs_global_api_syntax());
	aif_fs_api_completions_add();
	return SWITCH_STATUS_SUCCESS;

fail_events:
	aif_fs_events_free();
fail_arena:
	aif_arena_close(&aif_fs.arena);
fail_config:
	aif_fs_config_free();
	switch_core_hash_destroy(&aif_fs.calls);
	return SWITCH_STATUS_TERM;
}

SWITCH_MODULE_SHUTDOWN_FUNCTION(mod_aiframe_shutdown)
{
	aif_fs_api_completions_del();
	/* The watcher first: it may be acting on a call (a transfer). */
	aif_fs_watch_stop();
	/* Every live bug is removed (its CLOSE releases the slot) before the arena
	 * is unmapped, so no media thread can touch it afterwards. */
	aif_fs_stop_all();
	aif_fs_events_free();
	aif_arena_close(&aif_fs.arena);
	aif_fs_config_free();
	switch_core_hash_destroy(&aif_fs.calls);
	return SWITCH_STATUS_SUCCESS;
}
