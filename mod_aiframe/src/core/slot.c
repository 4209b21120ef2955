/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * Slot lifecycle (claim/release by the module, attach by the controller) and
 * the controller's side of the rings. None of this runs per frame on the
 * switch side.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "ring.h"

static void ref_fill(aif_arena_t *a, uint32_t index, uint32_t generation, aif_slot_ref_t *ref)
{
	unsigned char *base = (unsigned char *)aif_slot_at(a, index);

	ref->arena = a;
	ref->ctrl = (struct aif_slot *)base;
	ref->uplink = (int16_t *)(base + AIF_SLOT_CTRL_SIZE);
	ref->downlink = (int16_t *)(base + AIF_SLOT_CTRL_SIZE + 2u * a->hdr->uplink_capacity);
	ref->index = index;
	ref->generation = generation;
	ref->up_mask = a->hdr->uplink_capacity - 1;
	ref->down_mask = a->hdr->downlink_capacity - 1;
}

static void slot_reset(struct aif_slot *s, uint32_t gen)
{
	atomic_store_explicit(&s->flags, 0, memory_order_relaxed);
	atomic_store_explicit(&s->up_write, 0, memory_order_relaxed);
	atomic_store_explicit(&s->up_read, aif_pack(gen, 0), memory_order_relaxed);
	atomic_store_explicit(&s->down_write, aif_pack(gen, 0), memory_order_relaxed);
	atomic_store_explicit(&s->down_read, 0, memory_order_relaxed);
	atomic_store_explicit(&s->flush_req, aif_pack(aif_flush_tag(gen, 0), 0), memory_order_relaxed);
	atomic_store_explicit(&s->down_eos, aif_pack(gen, 0), memory_order_relaxed);
	atomic_store_explicit(&s->mq_write, aif_pack(gen, 0), memory_order_relaxed);
	atomic_store_explicit(&s->mq_read, 0, memory_order_relaxed);
	atomic_store_explicit(&s->me_write, 0, memory_order_relaxed);
	atomic_store_explicit(&s->me_read, aif_pack(gen, 0), memory_order_relaxed);
	atomic_store_explicit(&s->frames_in, 0, memory_order_relaxed);
	atomic_store_explicit(&s->frames_out, 0, memory_order_relaxed);
	atomic_store_explicit(&s->uplink_drops, 0, memory_order_relaxed);
	atomic_store_explicit(&s->downlink_underruns, 0, memory_order_relaxed);
	atomic_store_explicit(&s->barge_ins, 0, memory_order_relaxed);
	atomic_store_explicit(&s->flushes, 0, memory_order_relaxed);
	atomic_store_explicit(&s->flushed_samples, 0, memory_order_relaxed);
	atomic_store_explicit(&s->marks_lost, 0, memory_order_relaxed);
	atomic_store_explicit(&s->samples_in, 0, memory_order_relaxed);
	atomic_store_explicit(&s->samples_out, 0, memory_order_relaxed);
	atomic_store_explicit(&s->downlink_overruns, 0, memory_order_relaxed);
	atomic_store_explicit(&s->frames_read, 0, memory_order_relaxed);
	atomic_store_explicit(&s->barge_threshold, 0, memory_order_relaxed);
	atomic_store_explicit(&s->barge_min_speech_ms, 0, memory_order_relaxed);
	atomic_store_explicit(&s->barge_only_while_speaking, 1, memory_order_relaxed);
	s->barge_run_samples = 0;
	s->barge_armed = 1;
	atomic_store_explicit(&s->barge_pending, 0, memory_order_relaxed);
	atomic_store_explicit(&s->ai_speaking, 0, memory_order_relaxed);
	atomic_store_explicit(&s->barge_seq, 0, memory_order_relaxed);
	atomic_store_explicit(&s->barge_at_ns, 0, memory_order_relaxed);
	atomic_store_explicit(&s->barge_dropped_samples, 0, memory_order_relaxed);
	s->flush_tag_seen = aif_flush_tag(gen, 0);
	s->was_playing = 0;
	s->last_sample = 0;
	s->prebuffer_waited = 0;
	atomic_store_explicit(&s->prebuffer_samples, 0, memory_order_relaxed);
	atomic_store_explicit(&s->last_mark_at_ns, 0, memory_order_relaxed);
	atomic_store_explicit(&s->last_mark_id, 0, memory_order_relaxed);
	atomic_store_explicit(&s->marks_played, 0, memory_order_relaxed);
	atomic_store_explicit(&s->status_seq, 0, memory_order_relaxed);
	{
		static const char blank[AIF_STATUS_LEN];

		aif_words_store(s->status, blank, sizeof(s->status));
	}
}

static void uuid_load(const struct aif_slot *s, char out[AIF_UUID_LEN])
{
	aif_words_load(out, s->uuid, AIF_UUID_LEN);
	out[AIF_UUID_LEN - 1] = '\0';
}

int aif_slot_claim(aif_arena_t *a, const char *uuid, uint32_t sample_rate, aif_slot_ref_t *out)
{
	struct aif_header *h;
	uint32_t i, start;

	if (!a || !uuid || !out || strlen(uuid) >= AIF_UUID_LEN)
		return -AIF_EINVAL;
	h = a->hdr;
	if (sample_rate != 8000 && sample_rate != 16000)
		return -AIF_EINVAL;
	if (sample_rate > h->max_rate)
		return -AIF_EINVAL;
	/* Start after the last claimed slot so a just-released slot is the last
	 * to be reused, which keeps a slow stale reader far from the new call. */
	start = atomic_load_explicit(&h->claim_cursor, memory_order_relaxed);
	for (i = 0; i < h->slot_count; i++) {
		uint32_t idx = (start + i) % h->slot_count;
		struct aif_slot *s = aif_slot_at(a, idx);
		uint32_t expect = AIF_SLOT_FREE, gen;

		if (!atomic_compare_exchange_strong_explicit(&s->state, &expect, AIF_SLOT_CLAIMED,
							     memory_order_acq_rel,
							     memory_order_relaxed))
			continue;
		gen = atomic_load_explicit(&s->generation, memory_order_relaxed) + 1;
		atomic_store_explicit(&s->generation, gen, memory_order_release);
		slot_reset(s, gen);
		{
			char id[AIF_UUID_LEN] = {0};

			memcpy(id, uuid, strlen(uuid));
			aif_words_store(s->uuid, id, sizeof(id));
		}
		atomic_store_explicit(&s->sample_rate, sample_rate, memory_order_relaxed);
		atomic_store_explicit(&s->started_ns, aif_now_ns(), memory_order_relaxed);
		atomic_store_explicit(&h->claim_cursor, (idx + 1) % h->slot_count,
				      memory_order_relaxed);
		/* release: every field above is visible before anyone sees ACTIVE. */
		atomic_store_explicit(&s->state, AIF_SLOT_ACTIVE, memory_order_release);
		ref_fill(a, idx, gen, out);
		return AIF_OK;
	}
	atomic_fetch_add_explicit(&h->claims_refused, 1, memory_order_relaxed);
	return -AIF_EFULL;
}

void aif_slot_release(aif_slot_ref_t *ref)
{
	struct aif_slot *s;
	uint32_t w;

	if (!ref || !ref->ctrl)
		return;
	s = ref->ctrl;
	if (atomic_load_explicit(&s->generation, memory_order_relaxed) != ref->generation)
		return;
	atomic_store_explicit(&s->state, AIF_SLOT_CLOSING, memory_order_release);
	/* A new generation before FREE: a reader checking generation alone already
	 * sees the slot is gone. */
	atomic_store_explicit(&s->generation, ref->generation + 1, memory_order_release);
	w = ref->index / 64;
	atomic_fetch_and_explicit(&ref->arena->hdr->ready[w], ~(1ull << (ref->index % 64)),
				  memory_order_relaxed);
	atomic_store_explicit(&s->state, AIF_SLOT_FREE, memory_order_release);
	ref->ctrl = NULL;
}

void aif_slot_set_barge(aif_slot_ref_t *ref, uint32_t threshold_rms, uint32_t min_speech_ms,
			int only_while_speaking)
{
	struct aif_slot *s = ref->ctrl;

	atomic_store_explicit(&s->barge_threshold, threshold_rms, memory_order_relaxed);
	atomic_store_explicit(&s->barge_min_speech_ms, min_speech_ms, memory_order_relaxed);
	atomic_store_explicit(&s->barge_only_while_speaking, only_while_speaking ? 1u : 0u,
			      memory_order_relaxed);
}

void aif_slot_set_paused(aif_slot_ref_t *ref, int paused)
{
	if (paused)
		atomic_fetch_or_explicit(&ref->ctrl->flags, AIF_SLOT_F_PAUSED, memory_order_release);
	else
		atomic_fetch_and_explicit(&ref->ctrl->flags, ~(uint32_t)AIF_SLOT_F_PAUSED,
					  memory_order_release);
}

void aif_slot_set_prebuffer(aif_slot_ref_t *ref, uint32_t samples)
{
	atomic_store_explicit(&ref->ctrl->prebuffer_samples, samples, memory_order_relaxed);
}

void aif_slot_request_flush(aif_slot_ref_t *ref)
{
	atomic_fetch_or_explicit(&ref->ctrl->flags, AIF_SLOT_F_FLUSH, memory_order_release);
}

void aif_slot_last_played(const aif_slot_ref_t *ref, uint32_t *seq, uint32_t *mark_id,
			  uint64_t *at_ns)
{
	const struct aif_slot *s = ref->ctrl;

	if (seq)
		*seq = atomic_load_explicit(&s->marks_played, memory_order_acquire);
	if (mark_id)
		*mark_id = atomic_load_explicit(&s->last_mark_id, memory_order_relaxed);
	if (at_ns)
		*at_ns = atomic_load_explicit(&s->last_mark_at_ns, memory_order_relaxed);
}

int aif_slot_find(aif_arena_t *a, const char *uuid, uint32_t *index, uint32_t *generation)
{
	uint32_t i;

	if (!a || !uuid || !*uuid)
		return -AIF_EINVAL;
	for (i = 0; i < a->hdr->slot_count; i++) {
		struct aif_slot *s = aif_slot_at(a, i);
		uint32_t gen = atomic_load_explicit(&s->generation, memory_order_acquire);
		char id[AIF_UUID_LEN];

		if (atomic_load_explicit(&s->state, memory_order_acquire) != AIF_SLOT_ACTIVE)
			continue;
		uuid_load(s, id);
		if (strncmp(id, uuid, AIF_UUID_LEN) != 0)
			continue;
		if (atomic_load_explicit(&s->generation, memory_order_acquire) != gen)
			continue;
		if (index)
			*index = i;
		if (generation)
			*generation = gen;
		return AIF_OK;
	}
	return -AIF_ENOTFOUND;
}

int aif_slot_attach(aif_arena_t *a, uint32_t index, const char *uuid, uint32_t generation,
		    aif_slot_ref_t *out, char *err, size_t errlen)
{
	struct aif_slot *s;
	uint32_t state, gen;
	char id[AIF_UUID_LEN];

	if (!a || !uuid || !out) {
		aif_fmt(err, errlen, "attach: missing arena, uuid or output");
		return -AIF_EINVAL;
	}
	if (index >= a->hdr->slot_count) {
		aif_fmt(err, errlen, "attach: slot %u does not exist (arena has %u)", index,
			a->hdr->slot_count);
		return -AIF_EINVAL;
	}
	s = aif_slot_at(a, index);
	state = atomic_load_explicit(&s->state, memory_order_acquire);
	gen = atomic_load_explicit(&s->generation, memory_order_acquire);
	if (state != AIF_SLOT_ACTIVE) {
		aif_fmt(err, errlen, "attach: slot %u is not active (state %u)", index, state);
		return -AIF_ESTALE;
	}
	if (gen != generation) {
		aif_fmt(err, errlen, "attach: slot %u is at generation %u, not %u (call ended or slot "
			"reused)", index, gen, generation);
		return -AIF_ESTALE;
	}
	uuid_load(s, id);
	if (strncmp(id, uuid, AIF_UUID_LEN) != 0) {
		aif_fmt(err, errlen, "attach: slot %u holds call %s, not %s", index, id, uuid);
		return -AIF_ESTALE;
	}
	ref_fill(a, index, gen, out);
	if (aif_slot_check(out) != AIF_OK) {
		aif_fmt(err, errlen, "attach: slot %u changed while attaching", index);
		return -AIF_ESTALE;
	}
	return AIF_OK;
}

int aif_slot_check(const aif_slot_ref_t *ref)
{
	if (!ref || !ref->ctrl)
		return -AIF_ESTALE;
	if (atomic_load_explicit(&ref->ctrl->generation, memory_order_acquire) != ref->generation)
		return -AIF_ESTALE;
	if (atomic_load_explicit(&ref->ctrl->state, memory_order_acquire) != AIF_SLOT_ACTIVE)
		return -AIF_ESTALE;
	return AIF_OK;
}

/* After copying shared data: orders the copy before the generation re-check,
 * seqlock style, so data from a reused slot is never reported as ours. */
static int still_ours(const aif_slot_ref_t *ref)
{
	atomic_thread_fence(memory_order_acquire);
	return aif_slot_check(ref);
}

int64_t aif_uplink_available(const aif_slot_ref_t *ref)
{
	uint64_t rd;
	uint32_t w, avail;

	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	rd = atomic_load_explicit(&ref->ctrl->up_read, memory_order_relaxed);
	w = atomic_load_explicit(&ref->ctrl->up_write, memory_order_acquire);
	avail = w - aif_lo(rd);
	if (aif_hi(rd) != ref->generation || avail > ref->up_mask + 1)
		return -AIF_ESTALE;
	return avail;
}

int64_t aif_uplink_read(aif_slot_ref_t *ref, int16_t *out, uint32_t max)
{
	struct aif_slot *s;
	uint64_t rd;
	uint32_t r, w, avail, k;

	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	s = ref->ctrl;
	rd = atomic_load_explicit(&s->up_read, memory_order_relaxed);
	if (aif_hi(rd) != ref->generation)
		return -AIF_ESTALE;
	r = aif_lo(rd);
	/* acquire: the module's sample writes happen before we copy them. */
	w = atomic_load_explicit(&s->up_write, memory_order_acquire);
	avail = w - r;
	if (avail > ref->up_mask + 1)
		return -AIF_ESTALE;
	k = avail < max ? avail : max;
	if (k == 0)
		return 0;
	aif_ring_read_data(ref->uplink, ref->up_mask, r, out, k);
	if (still_ours(ref))
		return -AIF_ESTALE;
	/* release: our copy is done before the module may overwrite these samples. */
	if (!atomic_compare_exchange_strong_explicit(&s->up_read, &rd,
						     aif_pack(ref->generation, r + k),
						     memory_order_release, memory_order_relaxed))
		return -AIF_ESTALE;
	atomic_fetch_add_explicit(&s->frames_read, 1, memory_order_relaxed);
	return k;
}

int64_t aif_downlink_queued(const aif_slot_ref_t *ref)
{
	uint64_t wr;
	uint32_t r, q;

	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	wr = atomic_load_explicit(&ref->ctrl->down_write, memory_order_relaxed);
	r = atomic_load_explicit(&ref->ctrl->down_read, memory_order_acquire);
	q = aif_lo(wr) - r;
	if (aif_hi(wr) != ref->generation || q > ref->down_mask + 1)
		return -AIF_ESTALE;
	return q;
}

int64_t aif_downlink_free(const aif_slot_ref_t *ref)
{
	int64_t q = aif_downlink_queued(ref);

	return q < 0 ? q : (int64_t)(ref->down_mask + 1) - q;
}

int64_t aif_downlink_write(aif_slot_ref_t *ref, const int16_t *pcm, uint32_t n)
{
	struct aif_slot *s;
	uint64_t wr;
	uint32_t w, r, used, room, k;

	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	s = ref->ctrl;
	wr = atomic_load_explicit(&s->down_write, memory_order_relaxed);
	if (aif_hi(wr) != ref->generation)
		return -AIF_ESTALE;
	w = aif_lo(wr);
	/* acquire: the module finished reading samples before we overwrite them. */
	r = atomic_load_explicit(&s->down_read, memory_order_acquire);
	used = w - r;
	if (used > ref->down_mask + 1)
		return -AIF_ESTALE;
	room = ref->down_mask + 1 - used;
	k = n < room ? n : room;
	if (k < n)
		atomic_fetch_add_explicit(&s->downlink_overruns, n - k, memory_order_relaxed);
	if (k == 0)
		return 0;
	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	aif_ring_write_data(ref->downlink, ref->down_mask, w, pcm, k);
	/* release: the samples are in place before the module sees the index. */
	if (!atomic_compare_exchange_strong_explicit(&s->down_write, &wr,
						     aif_pack(ref->generation, w + k),
						     memory_order_release, memory_order_relaxed))
		return -AIF_ESTALE;
	return k;
}

int aif_downlink_end(aif_slot_ref_t *ref)
{
	struct aif_slot *s;
	uint64_t wr, eos;

	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	s = ref->ctrl;
	wr = atomic_load_explicit(&s->down_write, memory_order_relaxed);
	eos = atomic_load_explicit(&s->down_eos, memory_order_relaxed);
	if (aif_hi(wr) != ref->generation || aif_hi(eos) != ref->generation)
		return -AIF_ESTALE;
	if (!atomic_compare_exchange_strong_explicit(&s->down_eos, &eos,
						     aif_pack(ref->generation, aif_lo(wr)),
						     memory_order_release, memory_order_relaxed))
		return -AIF_ESTALE;
	return AIF_OK;
}

int64_t aif_downlink_flush(aif_slot_ref_t *ref)
{
	struct aif_slot *s;
	uint64_t fr, wr;
	uint32_t epoch;

	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	s = ref->ctrl;
	fr = atomic_load_explicit(&s->flush_req, memory_order_relaxed);
	if ((aif_hi(fr) >> 16) != (ref->generation & 0xffffu))
		return -AIF_ESTALE;
	epoch = ((aif_hi(fr) & 0xffffu) + 1) & 0xffffu;
	if (epoch == 0)
		epoch = 1; /* 0 is the claim-time tag; never reuse it */
	wr = atomic_load_explicit(&s->down_write, memory_order_relaxed);
	if (aif_hi(wr) != ref->generation)
		return -AIF_ESTALE;
	/* The one store that is the flush: everything before this write index goes. */
	if (!atomic_compare_exchange_strong_explicit(
		    &s->flush_req, &fr, aif_pack(aif_flush_tag(ref->generation, epoch), aif_lo(wr)),
		    memory_order_release, memory_order_relaxed))
		return -AIF_ESTALE;
	return epoch;
}

int aif_mark_set(aif_slot_ref_t *ref, uint32_t mark_id)
{
	struct aif_slot *s;
	uint64_t mw, wr;
	uint32_t w, r;

	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	s = ref->ctrl;
	mw = atomic_load_explicit(&s->mq_write, memory_order_relaxed);
	if (aif_hi(mw) != ref->generation)
		return -AIF_ESTALE;
	w = aif_lo(mw);
	r = atomic_load_explicit(&s->mq_read, memory_order_acquire);
	if (w - r >= AIF_MARK_CAPACITY)
		return -AIF_EFULL;
	wr = atomic_load_explicit(&s->down_write, memory_order_relaxed);
	s->mq[w % AIF_MARK_CAPACITY].id = mark_id;
	s->mq[w % AIF_MARK_CAPACITY].pos = aif_lo(wr);
	if (!atomic_compare_exchange_strong_explicit(&s->mq_write, &mw,
						     aif_pack(ref->generation, w + 1),
						     memory_order_release, memory_order_relaxed))
		return -AIF_ESTALE;
	return AIF_OK;
}

int64_t aif_marks_poll(aif_slot_ref_t *ref, struct aif_mark_event *out, uint32_t max)
{
	struct aif_slot *s;
	uint64_t mr;
	uint32_t r, w, n = 0;

	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	s = ref->ctrl;
	mr = atomic_load_explicit(&s->me_read, memory_order_relaxed);
	if (aif_hi(mr) != ref->generation)
		return -AIF_ESTALE;
	r = aif_lo(mr);
	w = atomic_load_explicit(&s->me_write, memory_order_acquire);
	if (w - r > AIF_MARK_CAPACITY)
		return -AIF_ESTALE;
	while (r + n != w && n < max) {
		out[n] = s->me[(r + n) % AIF_MARK_CAPACITY];
		n++;
	}
	if (n == 0)
		return 0;
	if (still_ours(ref))
		return -AIF_ESTALE;
	if (!atomic_compare_exchange_strong_explicit(&s->me_read, &mr,
						     aif_pack(ref->generation, r + n),
						     memory_order_release, memory_order_relaxed))
		return -AIF_ESTALE;
	return n;
}

static void counters_load(const struct aif_slot *s, struct aif_counters *c)
{
	c->frames_in = atomic_load_explicit(&s->frames_in, memory_order_relaxed);
	c->frames_out = atomic_load_explicit(&s->frames_out, memory_order_relaxed);
	c->uplink_drops = atomic_load_explicit(&s->uplink_drops, memory_order_relaxed);
	c->downlink_underruns = atomic_load_explicit(&s->downlink_underruns, memory_order_relaxed);
	c->downlink_overruns = atomic_load_explicit(&s->downlink_overruns, memory_order_relaxed);
	c->barge_ins = atomic_load_explicit(&s->barge_ins, memory_order_relaxed);
	c->flushes = atomic_load_explicit(&s->flushes, memory_order_relaxed);
	c->flushed_samples = atomic_load_explicit(&s->flushed_samples, memory_order_relaxed);
	c->marks_lost = atomic_load_explicit(&s->marks_lost, memory_order_relaxed);
	c->samples_in = atomic_load_explicit(&s->samples_in, memory_order_relaxed);
	c->samples_out = atomic_load_explicit(&s->samples_out, memory_order_relaxed);
	c->frames_read = atomic_load_explicit(&s->frames_read, memory_order_relaxed);
}

int aif_slot_counters(const aif_slot_ref_t *ref, struct aif_counters *out)
{
	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	counters_load(ref->ctrl, out);
	return still_ours(ref);
}

int aif_slot_barge_state(const aif_slot_ref_t *ref, uint32_t *seq, uint64_t *at_ns,
			 uint64_t *dropped_samples)
{
	const struct aif_slot *s;

	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	s = ref->ctrl;
	if (seq)
		*seq = atomic_load_explicit(&s->barge_seq, memory_order_acquire);
	if (at_ns)
		*at_ns = atomic_load_explicit(&s->barge_at_ns, memory_order_relaxed);
	if (dropped_samples)
		*dropped_samples = atomic_load_explicit(&s->barge_dropped_samples,
							memory_order_relaxed);
	return still_ours(ref);
}

int aif_slot_set_status(aif_slot_ref_t *ref, const char *text)
{
	struct aif_slot *s;
	uint32_t seq;
	size_t n;

	if (!text)
		return -AIF_EINVAL;
	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	s = ref->ctrl;
	n = strnlen(text, AIF_STATUS_LEN - 1);
	seq = atomic_load_explicit(&s->status_seq, memory_order_relaxed);
	/* Odd while writing; the fence keeps the text stores after the odd seq. */
	atomic_store_explicit(&s->status_seq, seq | 1u, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	{
		char buf[AIF_STATUS_LEN] = {0};

		memcpy(buf, text, n);
		aif_words_store(s->status, buf, sizeof(buf));
	}
	atomic_store_explicit(&s->status_seq, (seq | 1u) + 1, memory_order_release);
	return AIF_OK;
}

static int status_copy(const struct aif_slot *s, char *out, size_t len)
{
	char buf[AIF_STATUS_LEN];
	int tries;

	for (tries = 0; tries < 16; tries++) {
		uint32_t a = atomic_load_explicit(&s->status_seq, memory_order_acquire), b;

		if (a & 1u)
			continue;
		aif_words_load(buf, s->status, sizeof(buf));
		memcpy(out, buf, len < AIF_STATUS_LEN ? len : AIF_STATUS_LEN);
		atomic_thread_fence(memory_order_acquire);
		b = atomic_load_explicit(&s->status_seq, memory_order_relaxed);
		if (a == b) {
			out[len - 1] = '\0';
			return AIF_OK;
		}
	}
	out[0] = '\0';
	return -AIF_EAGAIN;
}

int aif_slot_get_status(const aif_slot_ref_t *ref, char *out, size_t len)
{
	if (!out || len == 0)
		return -AIF_EINVAL;
	if (aif_slot_check(ref))
		return -AIF_ESTALE;
	return status_copy(ref->ctrl, out, len);
}

int aif_arena_slot_info(aif_arena_t *a, uint32_t index, aif_slot_info_t *out)
{
	const struct aif_slot *s;
	uint32_t gen;
	uint64_t dw;

	if (!a || !out || index >= a->hdr->slot_count)
		return -AIF_EINVAL;
	s = aif_slot_at(a, index);
	memset(out, 0, sizeof(*out));
	gen = atomic_load_explicit(&s->generation, memory_order_acquire);
	out->index = index;
	out->state = atomic_load_explicit(&s->state, memory_order_acquire);
	out->generation = gen;
	out->sample_rate = atomic_load_explicit(&s->sample_rate, memory_order_relaxed);
	out->flags = atomic_load_explicit(&s->flags, memory_order_relaxed);
	out->started_ns = atomic_load_explicit(&s->started_ns, memory_order_relaxed);
	uuid_load(s, out->uuid);
	out->uplink_queued = atomic_load_explicit(&s->up_write, memory_order_relaxed) -
			     aif_lo(atomic_load_explicit(&s->up_read, memory_order_relaxed));
	dw = atomic_load_explicit(&s->down_write, memory_order_relaxed);
	out->downlink_queued = aif_lo(dw) - atomic_load_explicit(&s->down_read, memory_order_relaxed);
	counters_load(s, &out->counters);
	status_copy(s, out->status, sizeof(out->status));
	if (atomic_load_explicit(&s->generation, memory_order_acquire) != gen)
		return -AIF_EAGAIN;
	return AIF_OK;
}

uint32_t aif_arena_drain(aif_arena_t *a, aif_slot_ref_t *refs, uint32_t nrefs, int16_t *buf,
			 uint32_t buf_samples, struct aif_drain_entry *out, uint32_t max_out)
{
	struct aif_header *h = a->hdr;
	uint32_t words = (h->slot_count + 63) / 64, w, n = 0, used = 0;

	for (w = 0; w < words; w++) {
		uint64_t bits;

		if (!atomic_load_explicit(&h->ready[w], memory_order_relaxed))
			continue;
		bits = atomic_exchange_explicit(&h->ready[w], 0, memory_order_acquire);
		while (bits) {
			uint32_t b = (uint32_t)__builtin_ctzll(bits), idx = w * 64 + b;
			aif_slot_ref_t *ref = idx < nrefs ? &refs[idx] : NULL;
			int64_t got;

			bits &= bits - 1;
			if (!ref || !ref->ctrl) {
				/* Not attached yet: keep the bit so the audio is taken later. */
				atomic_fetch_or_explicit(&h->ready[w], 1ull << b, memory_order_relaxed);
				continue;
			}
			if (n == max_out || used == buf_samples) {
				atomic_fetch_or_explicit(&h->ready[w], 1ull << b, memory_order_relaxed);
				continue;
			}
			got = aif_uplink_read(ref, buf + used, buf_samples - used);
			out[n].index = idx;
			out[n].offset = used;
			out[n].count = (int32_t)got;
			out[n].reserved = 0;
			n++;
			if (got > 0) {
				used += (uint32_t)got;
				if (aif_uplink_available(ref) > 0)
					atomic_fetch_or_explicit(&h->ready[w], 1ull << b,
								 memory_order_relaxed);
			}
		}
	}
	return n;
}

uint32_t aif_arena_pump(aif_arena_t *a, uint32_t *seen, int timeout_ms, uint32_t min_interval_us,
			uint64_t *last_pass_ns, aif_slot_ref_t *refs, uint32_t nrefs, int16_t *buf,
			uint32_t buf_samples, struct aif_drain_entry *out, uint32_t max_out)
{
	if (min_interval_us && *last_pass_ns) {
		uint64_t due = *last_pass_ns + (uint64_t)min_interval_us * 1000ull;
		struct timespec ts = {(time_t)(due / 1000000000ull), (long)(due % 1000000000ull)};

		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
	}
	*seen = aif_arena_doorbell_wait(a, *seen, timeout_ms);
	*last_pass_ns = aif_now_ns();
	return aif_arena_drain(a, refs, nrefs, buf, buf_samples, out, max_out);
}
