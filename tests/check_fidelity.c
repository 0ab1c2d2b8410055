/*
 * check_fidelity.c - the model, the upstream driver and docs/fidelity.md
 * agree on the list of functions and their upstream line ranges.
 *
 * Reads, relative to the project root (the tests' working directory):
 *   ../shared/upstream/if_tuntap.c   the upstream driver (edca4938)
 *   model/if_tuntap.c                the model
 *   docs/fidelity.md                 the fidelity table
 * A function definition is recognised in KNF shape: the return type alone
 * on one line, the name at column 0 followed by '(' on the next, the body
 * ending at the next line that starts with '}'.  Its range is the type
 * line through the closing brace.  In the model, the comment right above
 * the type line cites that range ("if_tuntap.c:A-B", the first citation of
 * the comment).  In docs/fidelity.md, the "## Functions" section has one
 * table row per function: | `name` | A-B | `name` |.
 *
 * Engine side: GLib and stdio only, no shim header.
 */
#include <check.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define	UPSTREAM_PATH	"../shared/upstream/if_tuntap.c"
#define	MODEL_PATH	"model/if_tuntap.c"
#define	TABLE_PATH	"docs/fidelity.md"

/* One function: name and range (model: the cited range). */
struct fn {
	char	*name;
	int	 start, end;	/* 0 when not cited */
	int	 line;		/* line of the name, 1-based */
};

static void
fn_free(gpointer p)
{
	struct fn *f = p;

	g_free(f->name);
	g_free(f);
}

/* Read a file relative to the project root, failing the test if absent. */
static char *
slurp(const char *rel)
{
	char *text = NULL, *alt;
	GError *err = NULL;

	if (g_file_get_contents(rel, &text, NULL, NULL))
		return (text);
#ifdef TUNSIM_SOURCE_DIR
	alt = g_build_filename(TUNSIM_SOURCE_DIR, rel, NULL);
	if (g_file_get_contents(alt, &text, NULL, &err)) {
		g_free(alt);
		return (text);
	}
	g_free(alt);
#else
	(void)alt;
#endif
	ck_abort_msg("cannot read %s: %s", rel,
	    err != NULL ? err->message : "not found");
	return (NULL);
}

/* Is this the line of a return type standing alone before a name? */
static bool
is_type_line(const char *l)
{
	size_t n = strlen(l);

	if (n == 0 || g_ascii_isspace(l[0]) || l[0] == '#' || l[0] == '/' ||
	    l[0] == '*' || l[0] == '}' || l[0] == '{')
		return (false);
	while (n > 0 && g_ascii_isspace(l[n - 1]))
		n--;
	if (n == 0 || l[n - 1] == ';' || l[n - 1] == '\\' || l[n - 1] == ',' ||
	    l[n - 1] == '{' || l[n - 1] == ')')
		return (false);
	return (true);
}

/* The identifier at column 0 followed by '(', or NULL. */
static char *
def_name(const char *l)
{
	size_t i = 0, n;

	if (!(g_ascii_isalpha(l[0]) || l[0] == '_'))
		return (NULL);
	while (g_ascii_isalnum(l[i]) || l[i] == '_')
		i++;
	if (l[i] != '(')
		return (NULL);
	/* A call or macro at column 0 ends its line with ';'. */
	n = strlen(l);
	while (n > i && g_ascii_isspace(l[n - 1]))
		n--;
	if (l[n - 1] == ';')
		return (NULL);
	return (g_strndup(l, i));
}

/*
 * The first "if_tuntap.c:A-B" in the comment that ends on line `last`
 * (0-based), or false if that line does not end a comment.
 */
static bool
comment_citation(char **lines, int last, int *a, int *b)
{
	GRegex *re;
	GMatchInfo *mi;
	GString *c;
	bool found = false;
	int i;

	if (last < 0 || strstr(lines[last], "*/") == NULL)
		return (false);
	for (i = last; i >= 0 && strstr(lines[i], "/*") == NULL; i--)
		;
	if (i < 0)
		return (false);
	c = g_string_new(NULL);
	for (; i <= last; i++) {
		g_string_append(c, lines[i]);
		g_string_append_c(c, '\n');
	}
	re = g_regex_new("if_tuntap\\.c:([0-9]+)-([0-9]+)", 0, 0, NULL);
	if (g_regex_match(re, c->str, 0, &mi)) {
		char *s = g_match_info_fetch(mi, 1), *e = g_match_info_fetch(mi, 2);

		*a = atoi(s);
		*b = atoi(e);
		g_free(s);
		g_free(e);
		found = true;
	}
	g_match_info_free(mi);
	g_regex_unref(re);
	g_string_free(c, TRUE);
	return (found);
}

/*
 * The function definitions of a C file, in order.  With `cited`, each
 * function's range is the one its header comment cites (0-0 if none);
 * otherwise the range it spans in the text.
 */
static GPtrArray *
parse_functions(const char *text, bool cited)
{
	GPtrArray *fns = g_ptr_array_new_with_free_func(fn_free);
	char **lines = g_strsplit(text, "\n", -1);
	int i, j, n = (int)g_strv_length(lines);

	for (i = 1; i < n; i++) {
		struct fn *f;
		char *name;

		if (!is_type_line(lines[i - 1]))
			continue;
		if ((name = def_name(lines[i])) == NULL)
			continue;
		for (j = i + 1; j < n && lines[j][0] != '}'; j++)
			;
		f = g_new0(struct fn, 1);
		f->name = name;
		f->line = i + 1;
		if (cited) {
			if (!comment_citation(lines, i - 2, &f->start, &f->end))
				f->start = f->end = 0;
		} else {
			f->start = i;		/* the type line, 1-based */
			f->end = j + 1;
		}
		g_ptr_array_add(fns, f);
		i = j;
	}
	g_strfreev(lines);
	return (fns);
}

/* Rows of the "## Functions" table: upstream name, range, model name. */
static GPtrArray *
parse_table(const char *text, GPtrArray **model_names)
{
	GPtrArray *rows = g_ptr_array_new_with_free_func(fn_free);
	char **lines = g_strsplit(text, "\n", -1);
	bool in = false;
	int i;

	*model_names = g_ptr_array_new_with_free_func(g_free);
	for (i = 0; lines[i] != NULL; i++) {
		char **col;
		struct fn *f;
		int a, b;

		if (g_str_has_prefix(lines[i], "## ")) {
			in = strcmp(g_strstrip(lines[i] + 3), "Functions") == 0;
			continue;
		}
		if (!in || lines[i][0] != '|')
			continue;
		col = g_strsplit(lines[i], "|", -1);
		if (g_strv_length(col) < 5) {
			g_strfreev(col);
			continue;
		}
		for (int k = 1; k <= 3; k++) {
			g_strdelimit(col[k], "`", ' ');
			g_strstrip(col[k]);
		}
		if (g_str_has_prefix(col[2], "if_tuntap.c:"))
			memmove(col[2], col[2] + 12, strlen(col[2] + 12) + 1);
		if (sscanf(col[2], "%d-%d", &a, &b) != 2) {
			g_strfreev(col);	/* header or separator */
			continue;
		}
		f = g_new0(struct fn, 1);
		f->name = g_strdup(col[1]);
		f->start = a;
		f->end = b;
		f->line = i + 1;
		g_ptr_array_add(rows, f);
		g_ptr_array_add(*model_names, g_strdup(col[3]));
		g_strfreev(col);
	}
	g_strfreev(lines);
	return (rows);
}

static struct fn *
find_fn(GPtrArray *fns, const char *name)
{
	for (guint i = 0; i < fns->len; i++) {
		struct fn *f = g_ptr_array_index(fns, i);

		if (strcmp(f->name, name) == 0)
			return (f);
	}
	return (NULL);
}

/* Names in `a` missing from `b`, comma separated ("" if none). */
static char *
missing(GPtrArray *a, GPtrArray *b)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < a->len; i++) {
		struct fn *f = g_ptr_array_index(a, i);

		if (find_fn(b, f->name) == NULL)
			g_string_append_printf(s, "%s%s", s->len ? ", " : "",
			    f->name);
	}
	return (g_string_free(s, FALSE));
}

static GPtrArray *upstream, *model, *table, *table_model;

static void
load(void)
{
	char *u = slurp(UPSTREAM_PATH), *m = slurp(MODEL_PATH),
	    *t = slurp(TABLE_PATH);

	upstream = parse_functions(u, false);
	model = parse_functions(m, true);
	table = parse_table(t, &table_model);
	g_free(u);
	g_free(m);
	g_free(t);
}

static void
unload(void)
{
	g_ptr_array_unref(upstream);
	g_ptr_array_unref(model);
	g_ptr_array_unref(table);
	g_ptr_array_unref(table_model);
}

/* ---- the parser itself, on small texts, so a broken parser fails ---- */

START_TEST(test_parser_finds_knf_definitions_and_their_ranges)
{
	const char *src =
	    "static int\tfoo(void);\n"		/* prototype: not a def */
	    "\n"
	    "static int\n"			/* line 3 */
	    "foo(void)\n"
	    "{\n"
	    "\tbar(1);\n"
	    "\treturn (0);\n"
	    "}\n"				/* line 8 */
	    "SYSINIT(foo, 1, 2, foo, NULL);\n"
	    "static struct x *\n"		/* line 10 */
	    "baz(int a,\n"
	    "    int b)\n"
	    "{\n"
	    "} /* baz */\n";			/* line 14 */
	GPtrArray *f = parse_functions(src, false);
	struct fn *a, *b;

	ck_assert_uint_eq(f->len, 2);
	a = g_ptr_array_index(f, 0);
	b = g_ptr_array_index(f, 1);
	ck_assert_str_eq(a->name, "foo");
	ck_assert_int_eq(a->start, 3);
	ck_assert_int_eq(a->end, 8);
	ck_assert_str_eq(b->name, "baz");
	ck_assert_int_eq(b->start, 10);
	ck_assert_int_eq(b->end, 14);
	g_ptr_array_unref(f);
}
END_TEST

START_TEST(test_parser_reads_the_citation_of_the_header_comment)
{
	const char *src =
	    "/* Something.  (if_tuntap.c:10-20) */\n"
	    "static int\n"
	    "foo(void)\n"
	    "{\n"
	    "\t/* if_tuntap.c:12-13 */\n"
	    "}\n"
	    "\n"
	    "static int\n"
	    "uncited(void)\n"
	    "{\n"
	    "}\n";
	GPtrArray *f = parse_functions(src, true);
	struct fn *a, *b;

	ck_assert_uint_eq(f->len, 2);
	a = g_ptr_array_index(f, 0);
	b = g_ptr_array_index(f, 1);
	ck_assert_int_eq(a->start, 10);
	ck_assert_int_eq(a->end, 20);
	ck_assert_int_eq(b->start, 0);
	g_ptr_array_unref(f);
}
END_TEST

START_TEST(test_missing_names_a_renamed_function)
{
	GPtrArray *a = parse_functions("static int\nfoo(void)\n{\n}\n"
	    "static int\nbar(void)\n{\n}\n", false);
	GPtrArray *b = parse_functions("static int\nfoo(void)\n{\n}\n"
	    "static int\nbar2(void)\n{\n}\n", false);
	char *m = missing(a, b);

	ck_assert_str_eq(m, "bar");
	g_free(m);
	g_ptr_array_unref(a);
	g_ptr_array_unref(b);
}
END_TEST

START_TEST(test_table_parser_reads_only_the_functions_section)
{
	const char *md =
	    "# x\n"
	    "## Functions\n"
	    "| upstream | lines | model |\n"
	    "| --- | --- | --- |\n"
	    "| `foo` | 3-8 | `foo` |\n"
	    "| `bar` | if_tuntap.c:9-12 | `bar` |\n"
	    "## Kernel services\n"
	    "| `mtx_lock` | 1-2 | sim/kern/kern_mutex.c |\n";
	GPtrArray *mn;
	GPtrArray *t = parse_table(md, &mn);
	struct fn *b;

	ck_assert_uint_eq(t->len, 2);
	b = g_ptr_array_index(t, 1);
	ck_assert_str_eq(b->name, "bar");
	ck_assert_int_eq(b->start, 9);
	ck_assert_int_eq(b->end, 12);
	ck_assert_str_eq(g_ptr_array_index(mn, 1), "bar");
	g_ptr_array_unref(t);
	g_ptr_array_unref(mn);
}
END_TEST

/* ---- the real files ---- */

START_TEST(test_upstream_has_the_expected_number_of_functions)
{
	/* 38 functions in if_tuntap.c at edca4938: guards the parser. */
	ck_assert_uint_eq(upstream->len, 38);
}
END_TEST

START_TEST(test_every_upstream_function_is_in_the_model)
{
	char *m = missing(upstream, model);

	ck_assert_msg(m[0] == '\0', "missing from %s: %s", MODEL_PATH, m);
	g_free(m);
}
END_TEST

START_TEST(test_every_model_function_is_upstream)
{
	char *m = missing(model, upstream);

	ck_assert_msg(m[0] == '\0', "not upstream (added or renamed): %s", m);
	g_free(m);
}
END_TEST

START_TEST(test_every_upstream_function_is_in_the_table)
{
	char *m = missing(upstream, table);

	ck_assert_msg(m[0] == '\0', "missing from %s: %s", TABLE_PATH, m);
	g_free(m);
}
END_TEST

START_TEST(test_every_table_function_is_upstream)
{
	char *m = missing(table, upstream);

	ck_assert_msg(m[0] == '\0', "%s lists functions not upstream: %s",
	    TABLE_PATH, m);
	g_free(m);
}
END_TEST

START_TEST(test_table_model_column_names_the_same_function)
{
	for (guint i = 0; i < table->len; i++) {
		struct fn *t = g_ptr_array_index(table, i);
		const char *mn = g_ptr_array_index(table_model, i);

		ck_assert_msg(strcmp(t->name, mn) == 0,
		    "%s:%d: upstream %s is modelled by %s", TABLE_PATH,
		    t->line, t->name, mn);
		ck_assert_msg(find_fn(model, mn) != NULL,
		    "%s:%d: model function %s not in %s", TABLE_PATH, t->line,
		    mn, MODEL_PATH);
	}
}
END_TEST

START_TEST(test_model_functions_cite_their_upstream_range)
{
	for (guint i = 0; i < model->len; i++) {
		struct fn *m = g_ptr_array_index(model, i);
		struct fn *u = find_fn(upstream, m->name);

		if (u == NULL)
			continue;	/* reported by another test */
		ck_assert_msg(m->start != 0, "%s:%d: %s cites no upstream "
		    "range in its header comment", MODEL_PATH, m->line,
		    m->name);
		ck_assert_msg(m->start == u->start && m->end == u->end,
		    "%s:%d: %s cites if_tuntap.c:%d-%d, upstream is %d-%d",
		    MODEL_PATH, m->line, m->name, m->start, m->end, u->start,
		    u->end);
	}
}
END_TEST

START_TEST(test_table_ranges_match_the_model_citations)
{
	for (guint i = 0; i < table->len; i++) {
		struct fn *t = g_ptr_array_index(table, i);
		struct fn *m = find_fn(model, t->name);
		struct fn *u = find_fn(upstream, t->name);

		if (m == NULL || u == NULL)
			continue;	/* reported by another test */
		ck_assert_msg(t->start == m->start && t->end == m->end,
		    "%s:%d: %s listed as %d-%d, the model cites %d-%d",
		    TABLE_PATH, t->line, t->name, t->start, t->end, m->start,
		    m->end);
		ck_assert_msg(t->start == u->start && t->end == u->end,
		    "%s:%d: %s listed as %d-%d, upstream is %d-%d",
		    TABLE_PATH, t->line, t->name, t->start, t->end, u->start,
		    u->end);
	}
}
END_TEST

START_TEST(test_model_keeps_the_upstream_function_order)
{
	guint j = 0;

	for (guint i = 0; i < upstream->len; i++) {
		struct fn *u = g_ptr_array_index(upstream, i);
		struct fn *m;

		if (j >= model->len)
			break;
		m = g_ptr_array_index(model, j);
		ck_assert_msg(strcmp(u->name, m->name) == 0,
		    "function %u is %s upstream but %s in the model", i,
		    u->name, m->name);
		j++;
	}
}
END_TEST

Suite *
fidelity_suite(void)
{
	Suite *s = suite_create("fidelity");
	TCase *tc;

	tc = tcase_create("parser");
	tcase_add_test(tc, test_parser_finds_knf_definitions_and_their_ranges);
	tcase_add_test(tc, test_parser_reads_the_citation_of_the_header_comment);
	tcase_add_test(tc, test_missing_names_a_renamed_function);
	tcase_add_test(tc, test_table_parser_reads_only_the_functions_section);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_unchecked_fixture(tc, load, unload);
	tcase_add_test(tc, test_upstream_has_the_expected_number_of_functions);
	tcase_add_test(tc, test_every_upstream_function_is_in_the_model);
	tcase_add_test(tc, test_every_model_function_is_upstream);
	tcase_add_test(tc, test_every_upstream_function_is_in_the_table);
	tcase_add_test(tc, test_every_table_function_is_upstream);
	tcase_add_test(tc, test_table_model_column_names_the_same_function);
	tcase_add_test(tc, test_model_functions_cite_their_upstream_range);
	tcase_add_test(tc, test_table_ranges_match_the_model_citations);
	tcase_add_test(tc, test_model_keeps_the_upstream_function_order);
	suite_add_tcase(s, tc);
	return (s);
}
