/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * The dialplan application `aiframe` and the APIs `uuid_aiframe` and
 * `aiframe`. Every handler: dup -> split -> locate -> act -> rwunlock ->
 * +OK / -ERR with the specific reason and the usage line -> one exit. Each
 * API's actions are one table (name, what may follow, how many arguments,
 * handler) that its usage line, its checks, its dispatch and its console
 * completions all read.
 */
#include "aif_fs_api.h"
#include "aif_fs_call.h"
#include "aif_fs_fallback.h"
#include "aif_fs_registry.h"

void aif_fs_app(switch_core_session_t *session, const char *data)
{
	struct aif_fs_opts opts;
	char err[256] = "";

	if (aif_fs_parse_opts(data, &opts, err, sizeof(err)) != 0) {
		switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_ERROR,
				  "aiframe: %s; usage: aiframe %s\n", err, AIFRAME_APP_SYNTAX);
		return;
	}
	if (aif_fs_call_start(session, &opts, err, sizeof(err)) != SWITCH_STATUS_SUCCESS) {
		switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_WARNING,
				  "aiframe: not attached: %s\n", err);
		if (!aif_fs_call_of(session))
			aif_fs_transfer_to_fallback(session, "not attached");
	}
}

/* The usage lines, built once at load from the action tables below. */
static char uuid_syntax[128];
static char global_syntax[128];

static void usage_err(switch_stream_handle_t *stream, const char *api, const char *syntax,
		      const char *fmt, const char *arg)
{
	stream->write_function(stream, "-ERR ");
	stream->write_function(stream, fmt, arg ? arg : "");
	stream->write_function(stream, "\nUSAGE: %s %s\n", api, syntax);
}

/* uuid_aiframe <uuid> ACTION [key=value ...] */

typedef void (*uuid_action_fn)(switch_core_session_t *target, struct aif_fs_call *call,
			       const char *options, switch_stream_handle_t *stream);

struct uuid_action {
	const char *name;
	const char *args; /* what may follow the action, for the usage line; NULL: nothing */
	int max_args;     /* 1: the rest of the line, as key=value options; 0: nothing */
	int needs_tap;    /* only on a channel aiframe is running on */
	uuid_action_fn run;
};

static void uuid_start(switch_core_session_t *target, struct aif_fs_call *call,
		       const char *options, switch_stream_handle_t *stream)
{
	struct aif_fs_opts opts;
	char err[256] = "";

	if (aif_fs_parse_opts(options, &opts, err, sizeof(err)) != 0) {
		usage_err(stream, "uuid_aiframe", uuid_syntax, "%s", err);
		return;
	}
	if (aif_fs_call_start(target, &opts, err, sizeof(err)) != SWITCH_STATUS_SUCCESS) {
		stream->write_function(stream, "-ERR %s\n", err);
		return;
	}
	call = aif_fs_call_of(target);
	stream->write_function(stream, "+OK slot %u generation %u\n", call ? call->ref.index : 0,
			       call ? call->ref.generation : 0);
}

static void uuid_stop(switch_core_session_t *target, struct aif_fs_call *call,
		      const char *options, switch_stream_handle_t *stream)
{
	(void)call;
	(void)options;
	aif_fs_call_stop(target, AIF_STOP_API);
	stream->write_function(stream, "+OK stopped\n");
}

static void uuid_flush(switch_core_session_t *target, struct aif_fs_call *call,
		       const char *options, switch_stream_handle_t *stream)
{
	(void)target;
	(void)options;
	aif_slot_request_flush(&call->ref);
	stream->write_function(stream, "+OK flush requested\n");
}

static void uuid_pause(switch_core_session_t *target, struct aif_fs_call *call,
		       const char *options, switch_stream_handle_t *stream)
{
	(void)target;
	(void)options;
	aif_slot_set_paused(&call->ref, 1);
	stream->write_function(stream, "+OK paused\n");
}

static void uuid_resume(switch_core_session_t *target, struct aif_fs_call *call,
			const char *options, switch_stream_handle_t *stream)
{
	(void)target;
	(void)options;
	aif_slot_set_paused(&call->ref, 0);
	stream->write_function(stream, "+OK resumed\n");
}

/* The usage line, the checks, the dispatch and the console completions of
 * uuid_aiframe all read this table. */
static const struct uuid_action uuid_actions[] = {
	{"start", "[key=value ...]", 1, 0, uuid_start},
	{"stop", NULL, 0, 1, uuid_stop},
	{"flush", NULL, 0, 1, uuid_flush},
	{"pause", NULL, 0, 1, uuid_pause},
	{"resume", NULL, 0, 1, uuid_resume},
};
#define N_UUID_ACTIONS (sizeof(uuid_actions) / sizeof(uuid_actions[0]))

static const struct uuid_action *uuid_action_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < N_UUID_ACTIONS; i++)
		if (!strcmp(uuid_actions[i].name, name))
			return &uuid_actions[i];
	return NULL;
}

switch_status_t aif_fs_uuid_api(const char *cmd, switch_core_session_t *session,
				switch_stream_handle_t *stream)
{
	switch_core_session_t *target = NULL;
	const struct uuid_action *action;
	char *dup = NULL, *argv[3] = {0};
	struct aif_fs_call *call;
	int argc;

	(void)session;
	if (zstr(cmd)) {
		usage_err(stream, "uuid_aiframe", uuid_syntax, "missing arguments%s", NULL);
		goto end;
	}
	dup = strdup(cmd);
	/* uuid, action, and the rest of the line as key=value options */
	argc = (int)switch_separate_string(dup, ' ', argv, 3);
	if (argc < 2) {
		usage_err(stream, "uuid_aiframe", uuid_syntax, "missing action after '%s'", argv[0]);
		goto end;
	}
	if (!(action = uuid_action_find(argv[1]))) {
		usage_err(stream, "uuid_aiframe", uuid_syntax, "unknown action '%s'", argv[1]);
		goto end;
	}
	if (argc - 2 > action->max_args) {
		usage_err(stream, "uuid_aiframe", uuid_syntax, "'%s' takes no options", argv[1]);
		goto end;
	}
	if (!(target = switch_core_session_locate(argv[0]))) {
		usage_err(stream, "uuid_aiframe", uuid_syntax, "no such channel '%s'", argv[0]);
		goto end;
	}
	call = aif_fs_call_of(target);
	if (action->needs_tap && !call) {
		stream->write_function(stream, "-ERR aiframe is not running on %s\n", argv[0]);
		goto end;
	}
	action->run(target, call, argc > 2 ? argv[2] : NULL, stream);

end:
	if (target)
		switch_core_session_rwunlock(target);
	switch_safe_free(dup);
	return SWITCH_STATUS_SUCCESS;
}

/* aiframe COMMAND [argument] */

static cJSON *counters_json(const struct aif_counters *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "frames_in", cJSON_CreateNumber((double)c->frames_in));
	cJSON_AddItemToObject(o, "frames_out", cJSON_CreateNumber((double)c->frames_out));
	cJSON_AddItemToObject(o, "uplink_drops", cJSON_CreateNumber((double)c->uplink_drops));
	cJSON_AddItemToObject(o, "downlink_underruns",
			      cJSON_CreateNumber((double)c->downlink_underruns));
	cJSON_AddItemToObject(o, "downlink_overruns",
			      cJSON_CreateNumber((double)c->downlink_overruns));
	cJSON_AddItemToObject(o, "barge_ins", cJSON_CreateNumber((double)c->barge_ins));
	cJSON_AddItemToObject(o, "flushes", cJSON_CreateNumber((double)c->flushes));
	cJSON_AddItemToObject(o, "flushed_samples", cJSON_CreateNumber((double)c->flushed_samples));
	cJSON_AddItemToObject(o, "marks_lost", cJSON_CreateNumber((double)c->marks_lost));
	cJSON_AddItemToObject(o, "samples_in", cJSON_CreateNumber((double)c->samples_in));
	cJSON_AddItemToObject(o, "samples_out", cJSON_CreateNumber((double)c->samples_out));
	cJSON_AddItemToObject(o, "frames_read", cJSON_CreateNumber((double)c->frames_read));
	return o;
}

static void status(switch_stream_handle_t *stream, int as_json)
{
	aif_arena_info_t info;
	aif_slot_info_t si;
	uint64_t now = aif_now_ns();
	int64_t age_ms;
	uint32_t i;
	cJSON *root = NULL, *slots = NULL, *a;
	char *text;

	aif_arena_get_info(aif_fs.arena, &info);
	age_ms = info.controller_heartbeat_ns ? (int64_t)(now - info.controller_heartbeat_ns) / 1000000
					      : -1;
	if (as_json) {
		root = cJSON_CreateObject();
		a = cJSON_CreateObject();
		cJSON_AddItemToObject(a, "path", cJSON_CreateString(aif_arena_path(aif_fs.arena)));
		cJSON_AddItemToObject(a, "layout_version", cJSON_CreateNumber(info.layout_version));
		cJSON_AddItemToObject(a, "slot_count", cJSON_CreateNumber(info.slot_count));
		cJSON_AddItemToObject(a, "active_slots", cJSON_CreateNumber(info.active_slots));
		cJSON_AddItemToObject(a, "max_rate", cJSON_CreateNumber(info.max_rate));
		cJSON_AddItemToObject(a, "claims_refused",
				      cJSON_CreateNumber((double)info.claims_refused));
		cJSON_AddItemToObject(a, "controller_pid", cJSON_CreateNumber(info.controller_pid));
		cJSON_AddItemToObject(a, "controller_heartbeat_age_ms",
				      cJSON_CreateNumber((double)age_ms));
		cJSON_AddItemToObject(root, "arena", a);
		cJSON_AddItemToObject(root, "draining", cJSON_CreateBool(aif_fs.draining));
		slots = cJSON_CreateArray();
		cJSON_AddItemToObject(root, "slots", slots);
	} else {
		stream->write_function(stream,
				       "arena %s: layout v%u, %u slots, %u active, %u Hz max, "
				       "%llu refused\n",
				       aif_arena_path(aif_fs.arena), info.layout_version,
				       info.slot_count, info.active_slots, info.max_rate,
				       (unsigned long long)info.claims_refused);
		if (age_ms >= 0)
			stream->write_function(stream, "controller: pid %u, heartbeat %lld ms ago\n",
					       info.controller_pid, (long long)age_ms);
		else
			stream->write_function(stream, "controller: none has attached\n");
		stream->write_function(stream, "draining: %s\n", aif_fs.draining ? "yes" : "no");
		stream->write_function(stream, "%-5s %-6s %-36s %-6s %8s %8s %6s %6s %6s %6s  %s\n",
				       "slot", "gen", "uuid", "rate", "in", "out", "drops", "under",
				       "over", "barge", "status");
	}
	for (i = 0; i < info.slot_count; i++) {
		if (aif_arena_slot_info(aif_fs.arena, i, &si) != AIF_OK ||
		    si.state != AIF_SLOT_ACTIVE)
			continue;
		if (as_json) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddItemToObject(o, "index", cJSON_CreateNumber(si.index));
			cJSON_AddItemToObject(o, "generation", cJSON_CreateNumber(si.generation));
			cJSON_AddItemToObject(o, "uuid", cJSON_CreateString(si.uuid));
			cJSON_AddItemToObject(o, "rate", cJSON_CreateNumber(si.sample_rate));
			cJSON_AddItemToObject(o, "paused", cJSON_CreateBool(si.flags & AIF_SLOT_F_PAUSED));
			cJSON_AddItemToObject(o, "status", cJSON_CreateString(si.status));
			cJSON_AddItemToObject(o, "counters", counters_json(&si.counters));
			cJSON_AddItemToArray(slots, o);
		} else {
			stream->write_function(stream,
					       "%-5u %-6u %-36s %-6u %8llu %8llu %6llu %6llu %6llu %6llu  %s\n",
					       si.index, si.generation, si.uuid, si.sample_rate,
					       (unsigned long long)si.counters.frames_in,
					       (unsigned long long)si.counters.frames_out,
					       (unsigned long long)si.counters.uplink_drops,
					       (unsigned long long)si.counters.downlink_underruns,
					       (unsigned long long)si.counters.downlink_overruns,
					       (unsigned long long)si.counters.barge_ins, si.status);
		}
	}
	if (as_json) {
		text = cJSON_PrintUnformatted(root);
		stream->write_function(stream, "%s\n", text);
		switch_safe_free(text);
		cJSON_Delete(root);
	}
}

struct global_action {
	const char *name;
	const char *const *values; /* its one optional argument is one of these; NULL: none */
	const char *bad_args;      /* the -ERR reason when the arguments do not fit; %s: the first */
	void (*run)(const char *arg, switch_stream_handle_t *stream);
};

static void global_status(const char *arg, switch_stream_handle_t *stream)
{
	status(stream, arg != NULL);
}

static void global_reload(const char *arg, switch_stream_handle_t *stream)
{
	(void)arg;
	switch_mutex_lock(aif_fs.mutex);
	if (aif_fs_config_load(SWITCH_TRUE) != SWITCH_STATUS_SUCCESS) {
		switch_mutex_unlock(aif_fs.mutex);
		stream->write_function(stream, "-ERR aiframe.conf did not load; see the log\n");
		return;
	}
	switch_mutex_unlock(aif_fs.mutex);
	aif_fs_fire_command("reload");
	stream->write_function(stream, "+OK reloaded (new calls get the new settings; arena settings "
				       "need a module reload)\n");
}

static void global_drain(const char *arg, switch_stream_handle_t *stream)
{
	int on = !arg || !strcmp(arg, "on");

	switch_mutex_lock(aif_fs.mutex);
	aif_fs.draining = on;
	switch_mutex_unlock(aif_fs.mutex);
	aif_fs_fire_command(on ? "drain" : "undrain");
	stream->write_function(stream, "+OK %s\n",
			       on ? "draining: no new calls, live calls carry on" : "taking new calls");
}

static const char *const status_values[] = {"json", NULL};
static const char *const drain_values[] = {"on", "off", NULL};

/* The usage line, the checks, the dispatch and the console completions of
 * aiframe all read this table. */
static const struct global_action global_actions[] = {
	{"status", status_values, "status takes only 'json', got '%s'", global_status},
	{"reload", NULL, "reload takes no arguments", global_reload},
	{"drain", drain_values, "drain takes on or off, got '%s'", global_drain},
};
#define N_GLOBAL_ACTIONS (sizeof(global_actions) / sizeof(global_actions[0]))

static const struct global_action *global_action_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < N_GLOBAL_ACTIONS; i++)
		if (!strcmp(global_actions[i].name, name))
			return &global_actions[i];
	return NULL;
}

static int one_of(const char *const *values, const char *v)
{
	for (; *values; values++)
		if (!strcmp(*values, v))
			return 1;
	return 0;
}

switch_status_t aif_fs_global_api(const char *cmd, switch_core_session_t *session,
				  switch_stream_handle_t *stream)
{
	const struct global_action *action;
	char *dup = NULL, *argv[3] = {0};
	int argc = 0, nargs;

	(void)session;
	if (zstr(cmd)) {
		usage_err(stream, "aiframe", global_syntax, "missing command%s", NULL);
		goto end;
	}
	dup = strdup(cmd);
	argc = (int)switch_separate_string(dup, ' ', argv, 3);
	if (!(action = global_action_find(argv[0]))) {
		usage_err(stream, "aiframe", global_syntax, "unknown command '%s'", argv[0]);
		goto end;
	}
	nargs = argc - 1;
	if (nargs > (action->values ? 1 : 0) || (nargs == 1 && !one_of(action->values, argv[1]))) {
		usage_err(stream, "aiframe", global_syntax, action->bad_args,
			  action->values ? argv[1] : NULL);
		goto end;
	}
	action->run(nargs == 1 ? argv[1] : NULL, stream);

end:
	switch_safe_free(dup);
	return SWITCH_STATUS_SUCCESS;
}

/* Append to a usage line (built once, from the static tables: always fits). */
static void append(char *buf, size_t len, const char *s)
{
	size_t used = strlen(buf);

	if (used < len)
		switch_copy_string(buf + used, s, len - used);
}

void aif_fs_api_init(void)
{
	const char *const *v;
	size_t i;

	/* "<uuid> start|stop|flush|pause|resume [key=value ...]" */
	switch_copy_string(uuid_syntax, "<uuid> ", sizeof(uuid_syntax));
	for (i = 0; i < N_UUID_ACTIONS; i++) {
		append(uuid_syntax, sizeof(uuid_syntax), i ? "|" : "");
		append(uuid_syntax, sizeof(uuid_syntax), uuid_actions[i].name);
	}
	for (i = 0; i < N_UUID_ACTIONS; i++) {
		if (uuid_actions[i].args) {
			append(uuid_syntax, sizeof(uuid_syntax), " ");
			append(uuid_syntax, sizeof(uuid_syntax), uuid_actions[i].args);
		}
	}
	/* "status [json] | reload | drain [on|off]" */
	global_syntax[0] = '\0';
	for (i = 0; i < N_GLOBAL_ACTIONS; i++) {
		const struct global_action *a = &global_actions[i];

		append(global_syntax, sizeof(global_syntax), i ? " | " : "");
		append(global_syntax, sizeof(global_syntax), a->name);
		for (v = a->values; v && *v; v++) {
			append(global_syntax, sizeof(global_syntax), v == a->values ? " [" : "|");
			append(global_syntax, sizeof(global_syntax), *v);
		}
		append(global_syntax, sizeof(global_syntax), a->values ? "]" : "");
	}
}

const char *aif_fs_uuid_api_syntax(void)
{
	return uuid_syntax;
}

const char *aif_fs_global_api_syntax(void)
{
	return global_syntax;
}

void aif_fs_api_completions_add(void)
{
	const char *const *v;
	char line[128];
	size_t i;

	for (i = 0; i < N_UUID_ACTIONS; i++) {
		snprintf(line, sizeof(line), "add uuid_aiframe ::console::list_uuid %s",
			 uuid_actions[i].name);
		switch_console_set_complete(line);
	}
	for (i = 0; i < N_GLOBAL_ACTIONS; i++) {
		const struct global_action *a = &global_actions[i];

		if (!a->values) {
			snprintf(line, sizeof(line), "add aiframe %s", a->name);
			switch_console_set_complete(line);
		}
		for (v = a->values; v && *v; v++) {
			snprintf(line, sizeof(line), "add aiframe %s %s", a->name, *v);
			switch_console_set_complete(line);
		}
	}
}

void aif_fs_api_completions_del(void)
{
	switch_console_set_complete("del aiframe");
	switch_console_set_complete("del uuid_aiframe");
}
