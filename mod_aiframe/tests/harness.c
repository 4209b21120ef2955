/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 */
#include <string.h>

#include "harness.h"

int aif_test_failed;

void aif_test_fail(const char *file, int line, const char *what)
{
	aif_test_failed = 1;
	fprintf(stderr, "    %s:%d: CHECK failed: %s\n", file, line, what);
}

/* argv[1]: "stress" runs only the stress group, "quick" only the unit group,
 * nothing runs both; any other word runs the tests whose name contains it. */
int aif_test_main(int argc, char **argv, const struct aif_test *tests, int n)
{
	const char *sel = argc > 1 ? argv[1] : NULL;
	int i, passed = 0, failed = 0;

	for (i = 0; i < n; i++) {
		if (sel && !strcmp(sel, "stress") && tests[i].group != 1)
			continue;
		if (sel && !strcmp(sel, "quick") && tests[i].group != 0)
			continue;
		if (sel && strcmp(sel, "stress") && strcmp(sel, "quick") &&
		    !strstr(tests[i].name, sel))
			continue;
		aif_test_failed = 0;
		tests[i].fn();
		printf("%s %s\n", aif_test_failed ? "FAIL" : "ok  ", tests[i].name);
		fflush(stdout);
		if (aif_test_failed)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
