/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * libFuzzer target: arena validation and every read-only slot query on an
 * arbitrary image must never crash, and anything validate accepts must be
 * safe to walk.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char *img;
	static size_t img_cap;
	aif_arena_t arena;
	aif_arena_info_t info;
	aif_slot_info_t si;
	aif_slot_ref_t ref;
	char err[256];
	uint32_t i, idx[64];

	if (size < AIF_HEADER_SIZE)
		return 0; /* validate's first check; keeps memcpy away from a NULL image */
	/* The arena is page-aligned in real life: give the image the same. */
	if (size > img_cap) {
		free(img);
		img = aligned_alloc(4096, (size + 4095) / 4096 * 4096);
		img_cap = img ? (size + 4095) / 4096 * 4096 : 0;
		if (!img)
			return 0;
	}
	memcpy(img, data, size);
	if (aif_arena_validate(img, size, err, sizeof(err)) != AIF_OK)
		return 0;
	memset(&arena, 0, sizeof(arena));
	arena.base = img;
	arena.size = size;
	arena.hdr = (struct aif_header *)img;
	arena.fd = -1;
	aif_arena_get_info(&arena, &info);
	aif_arena_collect_ready(&arena, idx, 64);
	for (i = 0; i < info.slot_count; i++) {
		if (aif_arena_slot_info(&arena, i, &si) != AIF_OK)
			continue;
		if (si.state == AIF_SLOT_ACTIVE &&
		    aif_slot_attach(&arena, i, si.uuid, si.generation, &ref, err, sizeof(err)) ==
			    AIF_OK) {
			int16_t buf[64];
			struct aif_mark_event ev[4];

			aif_uplink_read(&ref, buf, 64);
			aif_downlink_write(&ref, buf, 64);
			aif_marks_poll(&ref, ev, 4);
			aif_slot_pull_downlink(&ref, buf, 64, 0);
		}
	}
	return 0;
}
