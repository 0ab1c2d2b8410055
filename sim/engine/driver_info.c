/*
 * driver_info.c - looking up the build-time tables of an instrumented
 * driver (driver_info.h).  Every symbol is weak: a model binary links
 * without them and driver_present() is false there.
 */
#include <stdlib.h>
#include <string.h>

#include "driver_info.h"
#include "ledger_int.h"
#include "sim.h"

extern const char tunsim_driver_text[] __attribute__((weak));
extern const char tunsim_driver_label[] __attribute__((weak));
extern const unsigned long tunsim_driver_text_size __attribute__((weak));
extern const struct driver_line tunsim_driver_lines[] __attribute__((weak));
extern const int tunsim_driver_nlines __attribute__((weak));
extern const struct driver_func tunsim_driver_funcs[] __attribute__((weak));
extern const int tunsim_driver_nfuncs __attribute__((weak));
extern const struct driver_static tunsim_driver_statics[]
    __attribute__((weak));
extern const int tunsim_driver_nstatics __attribute__((weak));
extern const struct driver_struct tunsim_driver_structs[]
    __attribute__((weak));
extern const int tunsim_driver_nstructs __attribute__((weak));

bool
driver_present(void)
{

	return (tunsim_driver_text != NULL && &tunsim_driver_nlines != NULL);
}

const char *
driver_label(void)
{

	return (driver_present() ? tunsim_driver_label : NULL);
}

bool
driver_site_at(unsigned off, struct driver_site *out)
{
	int lo, hi, mid, best;

	if (!driver_present() || off >= tunsim_driver_text_size)
		return (false);
	out->off = off;
	out->file = tunsim_driver_label;
	out->line = 0;
	out->func = "?";
	/* The row covering off: the last one starting at or before it. */
	lo = 0, hi = tunsim_driver_nlines - 1, best = -1;
	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (tunsim_driver_lines[mid].off <= off) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	if (best >= 0) {
		out->file = tunsim_driver_lines[best].file;
		out->line = tunsim_driver_lines[best].line;
	}
	lo = 0, hi = tunsim_driver_nfuncs - 1, best = -1;
	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (tunsim_driver_funcs[mid].off <= off) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	if (best >= 0 && off < tunsim_driver_funcs[best].off +
	    tunsim_driver_funcs[best].size)
		out->func = tunsim_driver_funcs[best].name;
	return (true);
}

bool
driver_site_of(uintptr_t pc, struct driver_site *out)
{
	uintptr_t base = (uintptr_t)tunsim_driver_text;

	if (!driver_present() || pc <= base ||
	    pc - base > tunsim_driver_text_size)
		return (false);
	/* A return address: the call instruction ends just before it. */
	return (driver_site_at((unsigned)(pc - base - 1), out));
}

/* The statics by address (the table is by section), made once. */
static const struct driver_static **by_addr;
static const char *statics_lo, *statics_hi;

static int
static_cmp(const void *a, const void *b)
{
	const char *x = (*(const struct driver_static *const *)a)->addr;
	const char *y = (*(const struct driver_static *const *)b)->addr;

	return (x < y ? -1 : x > y);
}

static void
statics_sort(void)
{
	int i, n = tunsim_driver_nstatics;

	by_addr = calloc((size_t)n + 1, sizeof(*by_addr));
	for (i = 0; i < n; i++)
		by_addr[i] = &tunsim_driver_statics[i];
	qsort(by_addr, (size_t)n, sizeof(*by_addr), static_cmp);
	if (n > 0) {
		statics_lo = by_addr[0]->addr;
		statics_hi = by_addr[n - 1]->addr + by_addr[n - 1]->size;
	}
}

/*
 * On the hot path of every instrumented access that is not to a ledger
 * object: a range check, then a binary search.
 */
const struct driver_static *
driver_static_of(const void *p)
{
	const char *a = p;
	int lo, hi, mid;

	if (!driver_present())
		return (NULL);
	if (by_addr == NULL)
		statics_sort();
	if (a < statics_lo || a >= statics_hi)
		return (NULL);
	lo = 0, hi = tunsim_driver_nstatics - 1;
	while (lo <= hi) {
		const struct driver_static *s;

		mid = (lo + hi) / 2;
		s = by_addr[mid];
		if (a < s->addr)
			hi = mid - 1;
		else if (a >= s->addr + (s->size ? s->size : 1))
			lo = mid + 1;
		else
			return (s);
	}
	return (NULL);
}

const char *
driver_static_label(const void *p)
{
	const struct driver_static *s = driver_static_of(p);
	size_t off;

	if (s == NULL)
		return ("?");
	off = (size_t)((const char *)p - s->addr);
	return (off == 0 ? s->name : ltext_printf("%s+%#zx", s->name, off));
}

static const struct driver_struct *
layout_of(const char *type, size_t size)
{
	const struct driver_struct *only = NULL, *named = NULL;
	int i, nsize = 0;

	for (i = 0; i < tunsim_driver_nstructs; i++) {
		const struct driver_struct *s = &tunsim_driver_structs[i];

		if (s->size != size)
			continue;
		if (strcmp(s->name, type) == 0)
			return (s);
		nsize++;
		only = s;
		if (named == NULL && strstr(s->name, type) != NULL)
			named = s;
	}
	if (nsize == 1)
		return (only);
	return (named);
}

const char *
driver_field_name(const char *type, size_t size, size_t off, size_t *rest)
{
	const struct driver_struct *s;
	int lo, hi, mid, best;

	if (!driver_present() || &tunsim_driver_nstructs == NULL ||
	    type == NULL || (s = layout_of(type, size)) == NULL)
		return (NULL);
	lo = 0, hi = s->nmembers - 1, best = -1;
	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (s->members[mid].off <= off) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	if (best < 0)
		return (NULL);
	*rest = off - s->members[best].off;
	return (s->members[best].name);
}
