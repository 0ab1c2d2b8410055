/*
 * minijson.h - a small JSON reader (RFC 8259 values into a tree), enough
 * to read back tunsim's own outputs: exploration summaries (`tunsim
 * merge`) and the Chrome trace-event files the tests validate.  GLib has
 * no JSON parser and json-glib is one more dependency for two readers.
 */
#ifndef SIM_ENGINE_MINIJSON_H
#define SIM_ENGINE_MINIJSON_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum mj_type { MJ_NULL, MJ_BOOL, MJ_NUMBER, MJ_STRING, MJ_ARRAY, MJ_OBJECT };

struct mj {
	enum mj_type	type;
	bool		boolean;
	double		number;
	char		*text;		/* string value, or a number as written */
	GPtrArray	*items;		/* array items / object values (struct mj *) */
	GPtrArray	*keys;		/* object keys (char *), same order */
};

/* Parse one JSON value (surrounding white space allowed). */
struct mj *mj_parse(const char *text, gsize len, GError **err);
void mj_free(struct mj *v);

/* Member of an object, or NULL (also when v is not an object). */
const struct mj *mj_get(const struct mj *v, const char *key);
/* Convenience: member as string / unsigned integer / number, with default. */
const char *mj_get_str(const struct mj *v, const char *key);
bool mj_get_u64(const struct mj *v, const char *key, uint64_t *out);
bool mj_get_num(const struct mj *v, const char *key, double *out);

/* Write s as a JSON string literal (NULL as null). */
void mj_write_string(FILE *f, const char *s);

#endif /* SIM_ENGINE_MINIJSON_H */
