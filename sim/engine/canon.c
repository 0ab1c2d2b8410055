/*
 * canon.c - compiler-independent source lines in text.
 *
 * Kernel code formats "file:line" into its panic and WITNESS messages from
 * __LINE__ values that differ between gcc and clang for macro calls that
 * span lines (tools/line_canon.py).  Before such text reaches a trace or a
 * report, every "path.c:N" / "path.h:N" in it is rewritten to the canonical
 * line.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"

static bool
path_char(char c)
{

	return (isalnum((unsigned char)c) || c == '/' || c == '_' ||
	    c == '-' || c == '.');
}

char *
canon_text(const char *s)
{
	GString *out = g_string_sized_new(strlen(s) + 16);
	const char *p = s;

	while (*p != '\0') {
		const char *colon = strchr(p, ':');
		const char *start, *d;
		char *file;
		long line;

		if (colon == NULL || colon - p < 3 || colon[-2] != '.' ||
		    (colon[-1] != 'c' && colon[-1] != 'h') ||
		    !isdigit((unsigned char)colon[1])) {
			if (colon == NULL) {
				g_string_append(out, p);
				break;
			}
			g_string_append_len(out, p, colon - p + 1);
			p = colon + 1;
			continue;
		}
		for (start = colon; start > p && path_char(start[-1]); start--)
			;
		g_string_append_len(out, p, start - p);
		file = g_strndup(start, colon - start);
		line = strtol(colon + 1, (char **)&d, 10);
		g_string_append_printf(out, "%s:%d", file,
		    line_canon(file, (int)line));
		g_free(file);
		p = d;
	}
	return (g_string_free(out, FALSE));
}
