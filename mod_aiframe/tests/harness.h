/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * A minimal test runner: CHECK records a failure and returns from the test;
 * the run ends with "N passed, N failed".
 */
#ifndef AIF_HARNESS_H
#define AIF_HARNESS_H

#include <stdio.h>

typedef void (*aif_test_fn)(void);

struct aif_test {
	const char *name;
	aif_test_fn fn;
	int group; /* 0 = unit, 1 = stress, 2 = stress that TSAN cannot model */
};

extern int aif_test_failed;
void aif_test_fail(const char *file, int line, const char *what);

#define CHECK(cond)                                                  \
	do {                                                         \
		if (!(cond)) {                                       \
			aif_test_fail(__FILE__, __LINE__, #cond);    \
			return;                                      \
		}                                                    \
	} while (0)

#define CHECK_EQ(a, b)                                                             \
	do {                                                                       \
		long long _a = (long long)(a), _b = (long long)(b);                \
		if (_a != _b) {                                                    \
			char _m[256];                                              \
			snprintf(_m, sizeof(_m), "%s == %s (%lld != %lld)", #a, #b, \
				 _a, _b);                                          \
			aif_test_fail(__FILE__, __LINE__, _m);                     \
			return;                                                    \
		}                                                                  \
	} while (0)

int aif_test_main(int argc, char **argv, const struct aif_test *tests, int n);

#endif
