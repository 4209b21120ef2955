/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * The per-frame functions the module calls from its media-bug callback. They
 * run on FreeSWITCH media threads: no locks, no allocation, no logging, no
 * blocking. The only system call is the futex wake in aif_arena_ring, made
 * only when the controller's pump is actually asleep.
 */
#include <string.h>

#include "internal.h"
#include "ring.h"

static void counter_add(_Atomic uint64_t *c, uint64_t v)
{
	/* Single writer: a relaxed load+store is enough and avoids a locked RMW. */
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + v,
			      memory_order_relaxed);
}

static void mark_ready(aif_slot_ref_t *ref)
{
	struct aif_header *h = ref->arena->hdr;
	uint64_t bit = 1ull << (ref->index % 64);
	_Atomic uint64_t *word = &h->ready[ref->index / 64];

	/* Skip the locked RMW when the bit is still set from an earlier frame. */
	if (!(atomic_load_explicit(word, memory_order_relaxed) & bit))
		atomic_fetch_or_explicit(word, bit, memory_order_release);
	aif_arena_ring(ref->arena);
}

static int loud_enough(const struct aif_slot *s, const int16_t *pcm, uint32_t n)
{
	uint64_t energy = 0, limit, th = atomic_load_explicit(&s->barge_threshold, memory_order_relaxed);
	uint32_t i;

	for (i = 0; i < n; i++)
		energy += (uint64_t)((int32_t)pcm[i] * (int32_t)pcm[i]);
	/* mean square >= threshold^2, without a division or a sqrt */
	limit = th * th * n;
	return energy >= limit;
}

static void detect_barge_in(struct aif_slot *s, const int16_t *pcm, uint32_t n)
{
	uint64_t need;
	int speaking;

	if (atomic_load_explicit(&s->barge_threshold, memory_order_relaxed) == 0)
		return;
	speaking = !atomic_load_explicit(&s->barge_only_while_speaking, memory_order_relaxed) ||
		   atomic_load_explicit(&s->ai_speaking, memory_order_relaxed);
	if (!speaking || !loud_enough(s, pcm, n)) {
		s->barge_run_samples = 0;
		s->barge_armed = 1;
		return;
	}
	s->barge_run_samples += n;
	need = (uint64_t)atomic_load_explicit(&s->barge_min_speech_ms, memory_order_relaxed) * atomic_load_explicit(&s->sample_rate, memory_order_relaxed) / 1000;
	if (s->barge_armed && s->barge_run_samples >= need) {
		s->barge_armed = 0;
		/* release: pairs with the write path's exchange. */
		atomic_store_explicit(&s->barge_pending, 1, memory_order_release);
	}
}

int aif_slot_on_read_frame(aif_slot_ref_t *ref, const int16_t *pcm, uint32_t n, uint64_t now_ns)
{
	struct aif_slot *s = ref->ctrl;
	uint32_t w, r;

	(void)now_ns;
	if (n == 0 || n > AIF_MAX_FRAME_SAMPLES)
		return -AIF_EINVAL;
	if (atomic_load_explicit(&s->flags, memory_order_relaxed) & AIF_SLOT_F_PAUSED)
		return AIF_OK;
	detect_barge_in(s, pcm, n);
	w = atomic_load_explicit(&s->up_write, memory_order_relaxed);
	/* acquire: the controller finished copying before we overwrite. */
	r = aif_lo(atomic_load_explicit(&s->up_read, memory_order_acquire));
	if (w - r + n > ref->up_mask + 1) {
		/* The writer never moves the read index: drop the new frame, count it. */
		counter_add(&s->uplink_drops, 1);
		mark_ready(ref);
		return -AIF_EFULL;
	}
	aif_ring_write_data(ref->uplink, ref->up_mask, w, pcm, n);
	/* release: the samples are in place before the controller sees the index. */
	atomic_store_explicit(&s->up_write, w + n, memory_order_release);
	counter_add(&s->frames_in, 1);
	counter_add(&s->samples_in, n);
	mark_ready(ref);
	return AIF_OK;
}

static void emit_mark(struct aif_slot *s, uint32_t id, uint32_t result, uint64_t at_ns)
{
	uint32_t w = atomic_load_explicit(&s->me_write, memory_order_relaxed);
	uint32_t r = aif_lo(atomic_load_explicit(&s->me_read, memory_order_acquire));

	if (w - r >= AIF_MARK_CAPACITY) {
		counter_add(&s->marks_lost, 1);
		return;
	}
	s->me[w % AIF_MARK_CAPACITY].id = id;
	s->me[w % AIF_MARK_CAPACITY].result = result;
	s->me[w % AIF_MARK_CAPACITY].at_ns = at_ns;
	atomic_store_explicit(&s->me_write, w + 1, memory_order_release);
}

/* Settle the marks whose first sample lies before `upto`. Those before
 * `played_end` were played (the range from `played_start` went out at
 * `frame_off` samples into the frame that plays at frame_ns); the rest were
 * flushed without a sample reaching the caller. */
static void settle_marks(struct aif_slot *s, uint32_t played_start, uint32_t played_end,
			 uint32_t upto, uint64_t frame_ns, uint32_t frame_off)
{
	uint32_t r = atomic_load_explicit(&s->mq_read, memory_order_relaxed);
	uint32_t w = aif_lo(atomic_load_explicit(&s->mq_write, memory_order_acquire));

	if (w - r > AIF_MARK_CAPACITY)
		return;
	while (r != w) {
		const struct aif_mark_req *m = &s->mq[r % AIF_MARK_CAPACITY];

		if (aif_diff(m->pos, upto) >= 0)
			break;
		if (aif_diff(m->pos, played_end) < 0) {
			uint32_t into = aif_diff(m->pos, played_start) > 0 ? m->pos - played_start : 0;
			uint64_t at = frame_ns + (uint64_t)(frame_off + into) * 1000000000ull /
							 atomic_load_explicit(&s->sample_rate, memory_order_relaxed);

			emit_mark(s, m->id, AIF_MARK_PLAYED, at);
			atomic_store_explicit(&s->last_mark_id, m->id, memory_order_relaxed);
			atomic_store_explicit(&s->last_mark_at_ns, at, memory_order_relaxed);
			atomic_fetch_add_explicit(&s->marks_played, 1, memory_order_release);
		} else {
			emit_mark(s, m->id, AIF_MARK_FLUSHED, 0);
		}
		r++;
	}
	atomic_store_explicit(&s->mq_read, r, memory_order_release);
}

/* Discard queued audio from r up to `to`, playing a short fade-out of what
 * was about to play so the cut never clicks. Returns the faded sample count. */
static uint32_t discard(aif_slot_ref_t *ref, int16_t *out, uint32_t n, uint32_t r, uint32_t to,
			uint64_t now_ns)
{
	struct aif_slot *s = ref->ctrl;
	uint32_t queued = to - r, i;
	uint32_t fade = atomic_load_explicit(&s->sample_rate, memory_order_relaxed) * AIF_FADE_MS / 1000;

	if (fade > queued)
		fade = queued;
	if (fade > n)
		fade = n;
	if (!s->was_playing)
		fade = 0;
	aif_ring_read_data(ref->downlink, ref->down_mask, r, out, fade);
	for (i = 0; i < fade; i++)
		out[i] = (int16_t)((int32_t)out[i] * (int32_t)(fade - i) / (int32_t)(fade + 1));
	settle_marks(s, r, r + fade, to, now_ns, 0);
	counter_add(&s->flushes, 1);
	counter_add(&s->flushed_samples, queued - fade);
	counter_add(&s->samples_out, fade);
	s->was_playing = 0;
	return fade;
}

/* After a whole-ring discard: publish the new read index and tell the
 * controller (the doorbell wakes its pump to look at barge_seq or counters). */
static uint32_t drop_all(aif_slot_ref_t *ref, uint32_t w, uint32_t faded, int barge)
{
	struct aif_slot *s = ref->ctrl;

	atomic_store_explicit(&s->down_read, w, memory_order_release);
	if (barge)
		atomic_fetch_add_explicit(&s->barge_seq, 1, memory_order_release);
	atomic_store_explicit(&s->ai_speaking, 0, memory_order_relaxed);
	s->prebuffer_waited = 0;
	if (faded)
		counter_add(&s->frames_out, 1);
	aif_arena_ring(ref->arena);
	return faded;
}

/* A new utterance waits until enough is queued to ride out controller jitter,
 * unless it is already complete (end of utterance written) or waited long
 * enough. Returns nonzero while playout should hold. */
static int prebuffering(struct aif_slot *s, uint32_t r, uint32_t w, uint32_t n)
{
	uint32_t want = atomic_load_explicit(&s->prebuffer_samples, memory_order_relaxed);

	if (!want || s->was_playing || w == r)
		return 0;
	if (w - r >= want || s->prebuffer_waited >= want ||
	    aif_lo(atomic_load_explicit(&s->down_eos, memory_order_acquire)) == w)
		return 0;
	s->prebuffer_waited += n;
	return 1;
}

uint32_t aif_slot_pull_downlink(aif_slot_ref_t *ref, int16_t *out, uint32_t n, uint64_t now_ns)
{
	struct aif_slot *s = ref->ctrl;
	uint32_t r, w, off = 0, take, queued;
	uint64_t fr;

	if (n == 0 || n > AIF_MAX_FRAME_SAMPLES)
		return 0;
	memset(out, 0, (size_t)n * 2);
	if (atomic_load_explicit(&s->flags, memory_order_relaxed) & AIF_SLOT_F_PAUSED) {
		atomic_store_explicit(&s->ai_speaking, 0, memory_order_relaxed);
		return 0;
	}
	r = atomic_load_explicit(&s->down_read, memory_order_relaxed);
	/* acquire: the controller's samples are in place before we read them. */
	w = aif_lo(atomic_load_explicit(&s->down_write, memory_order_acquire));
	if (w - r > ref->down_mask + 1)
		w = r; /* torn by a stale writer; play nothing rather than garbage */

	if (atomic_exchange_explicit(&s->barge_pending, 0, memory_order_acq_rel)) {
		queued = w - r;
		off = discard(ref, out, n, r, w, now_ns);
		counter_add(&s->barge_ins, 1);
		atomic_store_explicit(&s->barge_at_ns, now_ns, memory_order_relaxed);
		atomic_store_explicit(&s->barge_dropped_samples, queued, memory_order_relaxed);
		return drop_all(ref, w, off, 1);
	}
	if (atomic_load_explicit(&s->flags, memory_order_relaxed) & AIF_SLOT_F_FLUSH) {
		atomic_fetch_and_explicit(&s->flags, ~(uint32_t)AIF_SLOT_F_FLUSH, memory_order_acq_rel);
		off = discard(ref, out, n, r, w, now_ns);
		return drop_all(ref, w, off, 0);
	}

	fr = atomic_load_explicit(&s->flush_req, memory_order_acquire);
	if (aif_hi(fr) != s->flush_tag_seen && (aif_hi(fr) >> 16) == (ref->generation & 0xffffu)) {
		uint32_t to = aif_lo(fr);

		s->flush_tag_seen = aif_hi(fr);
		if (aif_diff(to, r) > 0 && aif_diff(w, to) >= 0) {
			off = discard(ref, out, n, r, to, now_ns);
			r = to;
			atomic_store_explicit(&s->down_read, r, memory_order_release);
		} else {
			counter_add(&s->flushes, 1);
		}
	}

	if (off == 0 && prebuffering(s, r, w, n)) {
		atomic_store_explicit(&s->ai_speaking, 1, memory_order_relaxed);
		return 0;
	}
	s->prebuffer_waited = 0;
	queued = w - r;
	take = queued < n - off ? queued : n - off;
	if (take) {
		aif_ring_read_data(ref->downlink, ref->down_mask, r, out + off, take);
		settle_marks(s, r, r + take, r + take, now_ns, off);
		r += take;
		/* release: our reads are done before the controller reuses the space. */
		atomic_store_explicit(&s->down_read, r, memory_order_release);
		counter_add(&s->samples_out, take);
		s->last_sample = out[off + take - 1];
	}
	if (off + take > 0)
		counter_add(&s->frames_out, 1);
	if (take < n - off && s->was_playing && off == 0) {
		uint64_t eos = atomic_load_explicit(&s->down_eos, memory_order_acquire);

		if (aif_lo(eos) != r)
			counter_add(&s->downlink_underruns, 1);
	}
	/* Only a fully fed frame leaves us mid-playout; a short one was already
	 * counted as an underrun or was a clean end. */
	s->was_playing = take > 0 && take == n - off &&
			 r != aif_lo(atomic_load_explicit(&s->down_eos, memory_order_relaxed));
	atomic_store_explicit(&s->ai_speaking, (take > 0 || w != r) ? 1u : 0u,
			      memory_order_relaxed);
	return off + take;
}

void aif_mix_into(int16_t *io, const int16_t *ai, uint32_t ai_n, uint32_t n, int mode)
{
	uint32_t i;

	if (ai_n == 0)
		return;
	if (ai_n > n)
		ai_n = n;
	if (mode == AIF_INJECT_MIX) {
		for (i = 0; i < ai_n; i++) {
			int32_t v = (int32_t)io[i] + (int32_t)ai[i];

			io[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
		}
		return;
	}
	memcpy(io, ai, (size_t)ai_n * 2);
	/* The rest of a replaced frame is silence: the AI owns the frame it speaks in. */
	memset(io + ai_n, 0, (size_t)(n - ai_n) * 2);
}

uint32_t aif_slot_on_write_frame(aif_slot_ref_t *ref, int16_t *io, uint32_t n, int mode,
				 uint64_t now_ns)
{
	int16_t ai[AIF_MAX_FRAME_SAMPLES];
	uint32_t got;

	if (n == 0 || n > AIF_MAX_FRAME_SAMPLES)
		return 0;
	got = aif_slot_pull_downlink(ref, ai, n, now_ns);
	aif_mix_into(io, ai, got, n, mode);
	return got;
}
