/*
 * check_coverage_tools.c - tools/upstream_coverage.py on a fabricated
 * model, upstream file and lcov tracefile.
 *
 * The upstream file has six executable lines by the tool's heuristic (a
 * declaration, a continuation line and a line compiled out by #ifdef MAC
 * do not count); the model ports them with one added line (SIM_READ) and
 * one line gcov did not instrument (CURVNET_SET, which takes the count of
 * the line above it).  One ported line never ran.
 */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static const char upstream_c[] =
    "/* header */\n"			/* 1 */
    "static int x;\n"
    "\n"
    "int\n"
    "f(int a)\n"			/* 5 */
    "{\n"
    "\tint b;\n"
    "\n"
    "\tCURVNET_SET(a);\n"		/* 9 */
    "\tb = a + 1;\n"			/* 10 */
    "\tif (b > 2)\n"			/* 11 */
    "\t\treturn (b);\n"			/* 12 */
    "\tg(a,\n"				/* 13 */
    "\t    b);\n"
    "#ifdef MAC\n"			/* 15 */
    "\tmac(a);\n"
    "#endif\n"
    "\treturn (0);\n"			/* 18 */
    "}\n";

static const char model_c[] =
    "/* model */\n"			/* 1 */
    "/* f: (if_tuntap.c:4-19) */\n"
    "int\n"
    "f(int a)\n"
    "{\n"				/* 5 */
    "\tint b;\n"
    "\n"
    "\t/* if_tuntap.c:9-18 */\n"
    "\tSIM_READ(a);\n"			/* 9 */
    "\tCURVNET_SET(a);\n"		/* 10 */
    "\tb = a + 1;\n"
    "\tif (b > 2)\n"
    "\t\treturn (b);\n"			/* 13 */
    "\tg(a,\n"
    "\t    b);\n"
    "\treturn (0);\n"			/* 16 */
    "}\n";

static const char model_info[] =
    "TN:\n"
    "SF:/somewhere/sim/kern/other.c\n"
    "DA:13,0\n"
    "end_of_record\n"
    "SF:/somewhere/model/if_tuntap.c\n"
    "DA:5,1\n"
    "DA:9,1\n"
    "DA:11,1\n"
    "DA:12,1\n"
    "DA:13,0\n"
    "DA:14,1\n"
    "DA:16,1\n"
    "DA:17,1\n"
    "LF:8\n"
    "LH:7\n"
    "end_of_record\n";

/* Run the tool on the fabricated files; its stdout and upstream.txt. */
static void
run_tool(char **out, char **listing)
{
	GError *err = NULL;
	char *dir = g_dir_make_tmp("tunsim-cov-XXXXXX", &err);
	char *up, *model, *info, *txt, *tool;
	int status;

	ck_assert_ptr_nonnull(dir);
	up = g_build_filename(dir, "up.c", NULL);
	model = g_build_filename(dir, "model.c", NULL);
	info = g_build_filename(dir, "model.info", NULL);
	txt = g_build_filename(dir, "upstream.txt", NULL);
	tool = g_build_filename(TUNSIM_SOURCE_DIR, "tools",
	    "upstream_coverage.py", NULL);
	ck_assert(g_file_set_contents(up, upstream_c, -1, NULL));
	ck_assert(g_file_set_contents(model, model_c, -1, NULL));
	ck_assert(g_file_set_contents(info, model_info, -1, NULL));
	{
		const char *argv[] = { "python3", tool, "--info", info,
		    "--model", model, "--upstream", up, "--out", txt, NULL };

		ck_assert(g_spawn_sync(NULL, (char **)argv, NULL,
		    G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
		    NULL, out, NULL, &status, &err));
	}
	ck_assert_int_eq(status, 0);
	ck_assert(g_file_get_contents(txt, listing, NULL, NULL));
	g_unlink(up);
	g_unlink(model);
	g_unlink(info);
	g_unlink(txt);
	g_rmdir(dir);
	g_free(up);
	g_free(model);
	g_free(info);
	g_free(txt);
	g_free(tool);
	g_free(dir);
}

START_TEST(test_upstream_share_counts_ported_lines_that_ran)
{
	char *out, *listing;

	run_tool(&out, &listing);
	/* 5 of 6: 9 (inherited), 10, 11, 13, 18; not 12. */
	ck_assert_str_eq(out, "83.3\n");
	g_free(out);
	g_free(listing);
}
END_TEST

START_TEST(test_listing_names_the_upstream_line_that_never_ran)
{
	char *out, *listing;

	run_tool(&out, &listing);
	ck_assert_ptr_nonnull(strstr(listing,
	    "# not reached: 1\nif_tuntap.c:12: return (b);\n"));
	ck_assert_ptr_nonnull(strstr(listing, "# not ported: 0\n"));
	/* Declarations, continuations, compiled-out code are not listed. */
	ck_assert_ptr_null(strstr(listing, "if_tuntap.c:7:"));
	ck_assert_ptr_null(strstr(listing, "if_tuntap.c:14:"));
	ck_assert_ptr_null(strstr(listing, "if_tuntap.c:16:"));
	ck_assert_ptr_nonnull(strstr(listing, "5 of 6 executable"));
	g_free(out);
	g_free(listing);
}
END_TEST

Suite *
coverage_tools_suite(void)
{
	Suite *s = suite_create("coverage_tools");
	TCase *tc = tcase_create("upstream");

	tcase_add_test(tc, test_upstream_share_counts_ported_lines_that_ran);
	tcase_add_test(tc,
	    test_listing_names_the_upstream_line_that_never_ran);
	suite_add_tcase(s, tc);
	return (s);
}
