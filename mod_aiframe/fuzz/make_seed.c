/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * Writes a valid one-slot arena with a live call into the fuzz corpus, so the
 * fuzzer starts past validation instead of having to guess a header.
 */
#include <stdio.h>
#include <unistd.h>

#include "aif/core.h"

int main(int argc, char **argv)
{
	aif_arena_params_t p;
	aif_arena_t *a = NULL;
	aif_slot_ref_t m;
	int16_t f[160] = {1, 2, 3};
	char err[256];

	if (argc != 2) {
		fprintf(stderr, "usage: make_seed OUT\n");
		return 2;
	}
	aif_arena_params_default(&p);
	p.slot_count = 1;
	p.max_rate = 8000;
	if (aif_arena_create(argv[1], &p, &a, err, sizeof(err)) != AIF_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	aif_slot_claim(a, "seed-call", 8000, &m);
	aif_slot_on_read_frame(&m, f, 160, 0);
	aif_arena_close(&a);
	return 0;
}
