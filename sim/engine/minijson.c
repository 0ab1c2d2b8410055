/*
 * minijson.c - a recursive-descent JSON reader (see minijson.h).
 */
#include <stdlib.h>
#include <string.h>

#include "minijson.h"

#define	MJ_MAXDEPTH	64

struct mjp {
	const char	*s, *end;
	int		depth;
	GError		**err;
};

static GQuark
mj_quark(void)
{

	return (g_quark_from_static_string("tunsim-json"));
}

static bool
mj_fail(struct mjp *p, const char *what, const char *start)
{

	if (p->err != NULL && *p->err == NULL)
		g_set_error(p->err, mj_quark(), 1, "JSON: %s at offset %ld",
		    what, (long)(p->s - start));
	return (false);
}

static void
ws(struct mjp *p)
{

	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' ||
	    *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static struct mj *value(struct mjp *p, const char *start);

static int
hexval(char c)
{

	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* A string at p->s (the opening quote); NULL on error. */
static char *
string(struct mjp *p, const char *start)
{
	GString *b = g_string_new("");

	p->s++;
	while (p->s < p->end && *p->s != '"') {
		unsigned char c = (unsigned char)*p->s++;

		if (c < 0x20) {
			mj_fail(p, "control character in a string", start);
			goto bad;
		}
		if (c != '\\') {
			g_string_append_c(b, (char)c);
			continue;
		}
		if (p->s >= p->end)
			break;
		c = (unsigned char)*p->s++;
		switch (c) {
		case '"': case '\\': case '/':
			g_string_append_c(b, (char)c);
			break;
		case 'b': g_string_append_c(b, '\b'); break;
		case 'f': g_string_append_c(b, '\f'); break;
		case 'n': g_string_append_c(b, '\n'); break;
		case 'r': g_string_append_c(b, '\r'); break;
		case 't': g_string_append_c(b, '\t'); break;
		case 'u': {
			gunichar u = 0;
			int i, h;

			for (i = 0; i < 4; i++) {
				if (p->s >= p->end || (h = hexval(*p->s)) < 0) {
					mj_fail(p, "bad \\u escape", start);
					goto bad;
				}
				u = u * 16 + (gunichar)h;
				p->s++;
			}
			g_string_append_unichar(b, u);
			break;
		}
		default:
			mj_fail(p, "bad escape", start);
			goto bad;
		}
	}
	if (p->s >= p->end) {
		mj_fail(p, "unterminated string", start);
		goto bad;
	}
	p->s++;
	return (g_string_free(b, FALSE));
bad:
	g_string_free(b, TRUE);
	return (NULL);
}

static struct mj *
node(enum mj_type t)
{
	struct mj *v = g_new0(struct mj, 1);

	v->type = t;
	return (v);
}

static struct mj *
number(struct mjp *p, const char *start)
{
	const char *b = p->s;
	char *text, *end;
	struct mj *v;

	if (p->s < p->end && *p->s == '-')
		p->s++;
	while (p->s < p->end && (g_ascii_isdigit(*p->s) || *p->s == '.' ||
	    *p->s == 'e' || *p->s == 'E' || *p->s == '+' || *p->s == '-'))
		p->s++;
	text = g_strndup(b, (gsize)(p->s - b));
	v = node(MJ_NUMBER);
	v->number = g_ascii_strtod(text, &end);
	if (*text == '\0' || *end != '\0' || !(g_ascii_isdigit(text[0]) ||
	    (text[0] == '-' && g_ascii_isdigit(text[1])))) {
		g_free(text);
		mj_free(v);
		mj_fail(p, "bad number", start);
		return (NULL);
	}
	v->text = text;
	return (v);
}

static bool
word(struct mjp *p, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(p->end - p->s) >= n && memcmp(p->s, w, n) == 0) {
		p->s += n;
		return (true);
	}
	return (false);
}

static struct mj *
container(struct mjp *p, const char *start, bool obj)
{
	struct mj *v = node(obj ? MJ_OBJECT : MJ_ARRAY), *item;
	char close = obj ? '}' : ']';

	v->items = g_ptr_array_new_with_free_func((GDestroyNotify)mj_free);
	if (obj)
		v->keys = g_ptr_array_new_with_free_func(g_free);
	if (++p->depth > MJ_MAXDEPTH) {
		mj_fail(p, "nested too deeply", start);
		goto bad;
	}
	p->s++;
	ws(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		p->depth--;
		return (v);
	}
	for (;;) {
		ws(p);
		if (obj) {
			char *k;

			if (p->s >= p->end || *p->s != '"') {
				mj_fail(p, "expected a key", start);
				goto bad;
			}
			if ((k = string(p, start)) == NULL)
				goto bad;
			g_ptr_array_add(v->keys, k);
			ws(p);
			if (p->s >= p->end || *p->s != ':') {
				mj_fail(p, "expected ':'", start);
				goto bad;
			}
			p->s++;
		}
		if ((item = value(p, start)) == NULL)
			goto bad;
		g_ptr_array_add(v->items, item);
		ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == close) {
			p->s++;
			break;
		}
		mj_fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'",
		    start);
		goto bad;
	}
	p->depth--;
	return (v);
bad:
	mj_free(v);
	return (NULL);
}

static struct mj *
value(struct mjp *p, const char *start)
{
	struct mj *v;
	char *s;

	ws(p);
	if (p->s >= p->end) {
		mj_fail(p, "unexpected end", start);
		return (NULL);
	}
	switch (*p->s) {
	case '{':
		return (container(p, start, true));
	case '[':
		return (container(p, start, false));
	case '"':
		if ((s = string(p, start)) == NULL)
			return (NULL);
		v = node(MJ_STRING);
		v->text = s;
		return (v);
	default:
		break;
	}
	if (word(p, "true") || word(p, "false")) {
		v = node(MJ_BOOL);
		v->boolean = p->s[-1] == 'e' && p->s[-2] == 'u';
		return (v);
	}
	if (word(p, "null"))
		return (node(MJ_NULL));
	return (number(p, start));
}

struct mj *
mj_parse(const char *text, gsize len, GError **err)
{
	struct mjp p = { text, text + len, 0, err };
	struct mj *v;

	v = value(&p, text);
	if (v == NULL)
		return (NULL);
	ws(&p);
	if (p.s != p.end) {
		mj_fail(&p, "trailing characters", text);
		mj_free(v);
		return (NULL);
	}
	return (v);
}

void
mj_free(struct mj *v)
{

	if (v == NULL)
		return;
	g_free(v->text);
	if (v->items != NULL)
		g_ptr_array_free(v->items, TRUE);
	if (v->keys != NULL)
		g_ptr_array_free(v->keys, TRUE);
	g_free(v);
}

const struct mj *
mj_get(const struct mj *v, const char *key)
{
	guint i;

	if (v == NULL || v->type != MJ_OBJECT)
		return (NULL);
	for (i = 0; i < v->keys->len; i++)
		if (strcmp(g_ptr_array_index(v->keys, i), key) == 0)
			return (g_ptr_array_index(v->items, i));
	return (NULL);
}

const char *
mj_get_str(const struct mj *v, const char *key)
{
	const struct mj *m = mj_get(v, key);

	return (m != NULL && m->type == MJ_STRING ? m->text : NULL);
}

bool
mj_get_u64(const struct mj *v, const char *key, uint64_t *out)
{
	const struct mj *m = mj_get(v, key);
	char *end;

	if (m == NULL || m->type != MJ_NUMBER || m->text[0] == '-')
		return (false);
	*out = g_ascii_strtoull(m->text, &end, 10);
	return (*end == '\0');
}

bool
mj_get_num(const struct mj *v, const char *key, double *out)
{
	const struct mj *m = mj_get(v, key);

	if (m == NULL || m->type != MJ_NUMBER)
		return (false);
	*out = m->number;
	return (true);
}

void
mj_write_string(FILE *f, const char *s)
{

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}
