/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * Controller liveness for one call: when the controller counts as gone, when
 * it is back, when the call is due for the fallback. Pure arithmetic on
 * CLOCK_MONOTONIC times, so the rule is tested without a switch; the module's
 * watcher thread calls it once per call per tick (never the media thread).
 */
#include "internal.h"

#define NS_PER_MS 1000000ull

void aif_liveness_init(aif_liveness_t *l, uint64_t started_ns)
{
	l->started_ns = started_ns;
	l->lost_since_ns = 0;
	l->lost = 0;
	l->fallback_due = 0;
}

int aif_liveness_step(aif_liveness_t *l, uint64_t heartbeat_ns, uint64_t now_ns,
		      uint32_t timeout_ms, uint32_t lost_timeout_ms)
{
	/* The controller's last sign of life for this call: its latest heartbeat,
	 * or the call's start if that is later. A call attached while no
	 * controller has ever heartbeated, or in the middle of an outage, so gets
	 * timeout_ms to be picked up before it counts as lost. */
	uint64_t last = heartbeat_ns > l->started_ns ? heartbeat_ns : l->started_ns;
	uint64_t timeout_ns = (uint64_t)timeout_ms * NS_PER_MS;
	/* A heartbeat stamped after now (read across threads) is fresh. */
	int gone = timeout_ms > 0 && now_ns > last && now_ns - last > timeout_ns;

	if (!l->lost) {
		if (!gone)
			return AIF_LIVE_NONE;
		l->lost = 1;
		l->fallback_due = 0;
		/* Gone from the moment the timeout ran out, not from whenever this
		 * step happened to run: the fallback clock does not depend on the
		 * watcher's tick. */
		l->lost_since_ns = last + timeout_ns;
		return AIF_LIVE_LOST;
	}
	if (!gone) {
		l->lost = 0;
		l->fallback_due = 0;
		return AIF_LIVE_BACK;
	}
	if (lost_timeout_ms > 0 && !l->fallback_due &&
	    now_ns - l->lost_since_ns >= (uint64_t)lost_timeout_ms * NS_PER_MS) {
		l->fallback_due = 1;
		return AIF_LIVE_FALLBACK;
	}
	return AIF_LIVE_NONE;
}
