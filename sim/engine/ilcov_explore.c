/*
 * ilcov_explore.c - interleaving coverage as explore's coverage module.
 *
 * `tunsim explore --coverage` asks explore_coverage_init() (explore.h) for
 * a coverage module; this strong definition replaces the weak one in
 * cli_explore.c.  Every execution is explored with its trace recorded and
 * handed to ilcov_add() under its scenario's path; after explore's summary
 * the ilcov report is printed (text form: the summary line, then each
 * scenario's pairs).
 */
#include <string.h>

#include "explore.h"
#include "ilcov.h"

static void
cov_print(FILE *f, void *arg)
{

	ilcov_print(f, arg, false);
}

static void
cov_free(void *arg)
{

	ilcov_free(arg);
}

/* The interleaving-coverage module: always available in this build. */
bool
explore_coverage_init(struct explore_coverage *c)
{

	memset(c, 0, sizeof(*c));
	c->on_execution = ilcov_on_execution;
	c->trace = true;
	c->print = cov_print;
	c->free = cov_free;
	c->arg = ilcov_new();
	return (true);
}
