/*
 * fuzz_scenario.c - libFuzzer target for the scenario parser
 * (sim/engine/scenario_parse.c), docs/limits.md.
 *
 * Any bytes must either parse to a plan within the limits or be refused
 * with one "fuzz.tsn:LINE:COL: message" error; anything else (a crash, a
 * leak, undefined behaviour, a plan over a limit, an error without its
 * position) aborts, which libFuzzer reports with the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

/* The limits of scenario_parse.c (docs/limits.md). */
#define	MAX_THREADS	250
#define	MAX_OPS		1000

static void
check_plan(const struct tsn_scenario *sc)
{
	guint i, nops;

	if (sc->threads->len > MAX_THREADS)
		abort();
	nops = sc->setup->ops->len;
	for (i = 0; i < sc->threads->len; i++)
		nops += ((struct tsn_thread *)g_ptr_array_index(sc->threads,
		    i))->ops->len;
	if (nops > MAX_OPS || (nops == 0 && sc->threads->len == 0))
		abort();
}

/* "fuzz.tsn:" digits ":" digits ": " and a message. */
static void
check_error(const GError *err)
{
	const char *p;

	if (err == NULL || err->domain != TSN_ERROR ||
	    err->code != TSN_ERROR_PARSE ||
	    strncmp(err->message, "fuzz.tsn:", 9) != 0)
		abort();
	p = err->message + 9;
	if (!g_ascii_isdigit(*p))
		abort();
	while (g_ascii_isdigit(*p))
		p++;
	if (*p++ != ':' || !g_ascii_isdigit(*p))
		abort();
	while (g_ascii_isdigit(*p))
		p++;
	if (strncmp(p, ": ", 2) != 0 || p[2] == '\0')
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsn_scenario *sc;
	GError *err = NULL;

	sc = tsn_parse_string("fuzz.tsn", (const char *)data, size, &err);
	if (sc != NULL) {
		if (err != NULL)
			abort();
		check_plan(sc);
		tsn_free(sc);
	} else {
		check_error(err);
		g_error_free(err);
	}
	return (0);
}
