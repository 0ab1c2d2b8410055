/*
 * kern_funcs.c - look a kernel source line up in the generated table of
 * kernel functions (a binary search: the table is sorted by file, line).
 */
#include <string.h>

#include "kern_funcs.h"

const char *
kern_func_at(const char *file, int line)
{
	const char *base;
	int lo = 0, hi = kern_funcs_len - 1, mid, c;

	if (file == NULL)
		return (NULL);
	base = strrchr(file, '/');
	base = base != NULL ? base + 1 : file;
	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(kern_funcs[mid].file, base);
		if (c == 0)
			c = kern_funcs[mid].last < line ? -1 :
			    kern_funcs[mid].first > line ? 1 : 0;
		if (c == 0)
			return (kern_funcs[mid].name);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return (NULL);
}
