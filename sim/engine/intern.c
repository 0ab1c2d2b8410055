/*
 * intern.c - one copy of each string the engine compares by address
 * (trace event names and object labels, operation roots, lock names).
 *
 * Not g_intern_string: GLib's quark table grows by replacing its array
 * and deliberately leaks the old one, which LeakSanitizer reports once a
 * process passes 2,048 quarks (a long sanitize test does).  This table is
 * reachable for the life of the process and never shrinks; nothing here
 * reaches the output but the strings themselves.
 */
#include <glib.h>

#include "engine.h"

const char *
sim_intern(const char *s)
{
	static GHashTable *table;
	char *k;

	if (s == NULL)
		return (NULL);
	if (table == NULL)
		table = g_hash_table_new(g_str_hash, g_str_equal);
	if ((k = g_hash_table_lookup(table, s)) == NULL) {
		k = g_strdup(s);
		g_hash_table_add(table, k);
	}
	return (k);
}
