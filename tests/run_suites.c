/*
 * run_suites.c - the one Check runner: `tunsim_tests MODULE` runs
 * MODULE_suite(); with no argument, every suite.  Exit status 0 only when
 * every test of the suites run passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

int
main(int argc, char **argv)
{
	SRunner *sr = NULL;
	int i, failed, found = 0;

	for (i = 0; all_suites[i].name != NULL; i++) {
		if (argc > 1 && strcmp(argv[1], all_suites[i].name) != 0)
			continue;
		found++;
		if (sr == NULL)
			sr = srunner_create(all_suites[i].make());
		else
			srunner_add_suite(sr, all_suites[i].make());
	}
	if (found == 0) {
		fprintf(stderr, "tunsim_tests: no suite named %s\n",
		    argc > 1 ? argv[1] : "(any)");
		return (2);
	}
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
