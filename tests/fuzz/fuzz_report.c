/*
 * fuzz_report.c - libFuzzer target for the race report and schedule
 * parsers (the reading half of sim/engine/report.c), docs/limits.md.
 *
 * The input is parsed as a report and, on its own, as schedule text.
 * Either gives a result within the limits (a schedule of at most
 * REPORT_MAX_DECISIONS tids of at most REPORT_MAX_TID) or an error with a
 * message; anything else aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static void
check_schedule(const GArray *a)
{
	guint i;

	if (a->len > REPORT_MAX_DECISIONS)
		abort();
	for (i = 0; i < a->len; i++) {
		int t = g_array_index(a, int, i);

		if (t < 0 || t > REPORT_MAX_TID)
			abort();
	}
}

static void
check_error(GError *err)
{

	if (err == NULL || err->message == NULL || err->message[0] == '\0')
		abort();
	g_error_free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_malloc(size + 1);
	struct report r;
	GError *err = NULL;
	GArray *a;

	memcpy(text, data, size);
	text[size] = '\0';
	if (report_parse("fuzz.report", text, size, &r, &err)) {
		if (err != NULL || r.schedule == NULL || r.signature == NULL ||
		    r.rp.pct_depth < 1 || r.rp.pct_depth > REPORT_MAX_PCT_DEPTH)
			abort();
		check_schedule(r.schedule);
		if (r.by_schedule && r.rp.replay != r.schedule)
			abort();
		report_clear(&r);
	} else
		check_error(err);
	err = NULL;
	a = g_array_new(FALSE, FALSE, sizeof(int));
	if (report_schedule_add(a, text, &err)) {
		if (err != NULL)
			abort();
		check_schedule(a);
	} else
		check_error(err);
	g_array_free(a, TRUE);
	g_free(text);
	return (0);
}
