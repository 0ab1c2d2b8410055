/*
 * check_triage.c - triage by root cause (issue 9, DESIGN section 10):
 * what a violation's "cause" says (allocation and free stacks, sleepers,
 * KASSERT conditions), the root-cause signature, minimize keeping its own
 * bug, `tunsim triage`, and explore/merge grouping by signature.
 *
 * The in-process tests replay the saved reports of traces/reports (real
 * bugs of docs/findings.md; traces/regen.sh pins each one's signature);
 * the command-line ones run scenarios of scenarios/ at fixed seeds.  Run
 * from the project root (CTest's WORKING_DIRECTORY).
 */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "engine_int.h"
#include "minijson.h"
#include "report.h"
#include "runner.h"
#include "testlib.h"

#define	REPORTS		"traces/reports/"
#define	UAF_REPORT	REPORTS "tunoutput-vs-destroy-softc-uaf.report"
#define	HANG_REPORT	REPORTS "last-close-skipped-busy-leak.report"
#define	DEVREL_REPORT	REPORTS "tunclone-dev-rel-negative.report"

/* Replay a saved report in this process. */
static void
run_report(const char *path, struct sim_result *res, struct report *r)
{
	struct tsn_scenario *sc;
	struct sim_config cfg;
	GError *err = NULL;

	ck_assert_msg(report_load(path, r, &err), "%s: %s", path,
	    err != NULL ? err->message : "?");
	sc = runner_load(r->scenario);
	ck_assert_ptr_nonnull(sc);
	ck_assert_msg(report_check(r, sc, &err), "%s: %s (traces/regen.sh)",
	    path, err != NULL ? err->message : "?");
	runner_config(&cfg, &r->rp, sc);
	runner_execute(sc, &cfg, res);
	tsn_free(sc);
}

static char *
tmpdir(void)
{
	char *d = g_dir_make_tmp("tunsim-triage-XXXXXX", NULL);

	ck_assert_ptr_nonnull(d);
	return (d);
}

/* The value of "key: value" in a report's text (g_free). */
static char *
field(const char *path, const char *key)
{
	char *text = NULL, *k, *v = NULL;
	const char *p, *e;

	ck_assert_msg(g_file_get_contents(path, &text, NULL, NULL), "%s", path);
	k = g_strdup_printf("\n%s: ", key);
	if ((p = strstr(text, k)) != NULL) {
		p += strlen(k);
		e = strchr(p, '\n');
		v = g_strndup(p, e ? (gsize)(e - p) : strlen(p));
	}
	g_free(k);
	g_free(text);
	return (v);
}

START_TEST(test_a_use_after_free_names_the_allocation_and_the_free_with_stacks)
{
	struct sim_result res;
	struct report r;

	run_report(UAF_REPORT, &res, &r);
	ck_assert_int_eq(res.kind, SIM_V_USE_AFTER_FREE);
	ck_assert_str_eq(res.signature, "use-after-free: tunoutput mtx_lock on "
	    "tun freed by tun_destroy (send ∥ destroy)");
	ck_assert_msg(g_str_has_prefix(res.site,
	    "use-after-free@model/if_tuntap.c:"), "%s", res.site);
	ck_assert_ptr_nonnull(res.cause);
	/* The access, with the sender's driver chain and its operation. */
	ck_assert_msg(strstr(res.cause, "detected by sender at model/"
	    "if_tuntap.c:") != NULL, "%s", res.cause);
	ck_assert_msg(strstr(res.cause, "    tunoutput\n    [op] send tun0")
	    != NULL, "%s", res.cause);
	/* Where the softc was allocated, and who freed it, by which chain. */
	ck_assert_msg(strstr(res.cause, "allocated by main at model/"
	    "if_tuntap.c:") != NULL, "%s", res.cause);
	ck_assert_msg(strstr(res.cause, "    tuncreate\n    tun_clone_create\n")
	    != NULL, "%s", res.cause);
	ck_assert_msg(strstr(res.cause, "freed by destroyer at model/"
	    "if_tuntap.c:") != NULL, "%s", res.cause);
	ck_assert_msg(strstr(res.cause, "    tun_destroy\n    tun_clone_destroy"
	    "\n    [op] ifconfig tun0 destroy\n") != NULL, "%s", res.cause);
	sim_result_clear(&res);
	report_clear(&r);
}
END_TEST

START_TEST(test_a_hang_shows_every_sleeper_its_stack_and_what_it_waits_for)
{
	struct sim_result res;
	struct report r;

	run_report(HANG_REPORT, &res, &r);
	ck_assert_int_eq(res.kind, SIM_V_HANG);
	ck_assert_str_eq(res.signature, "hang: tun_destroy (teardown)");
	ck_assert_msg(strstr(res.cause, "threads asleep:\n  main waits on "
	    "\"tun_condvar\" tun_condvar@tun#") != NULL, "%s", res.cause);
	ck_assert_msg(strstr(res.cause, "    tun_destroy\n    tun_clone_destroy"
	    "\n") != NULL, "%s", res.cause);
	ck_assert_msg(strstr(res.cause, "[op] teardown") != NULL, "%s",
	    res.cause);
	sim_result_clear(&res);
	report_clear(&r);
}
END_TEST

START_TEST(test_a_failed_kassert_carries_its_condition)
{
	struct sim_result res;
	struct report r;

	run_report(DEVREL_REPORT, &res, &r);
	ck_assert_int_eq(res.kind, SIM_V_PANIC);
	ck_assert_msg(strstr(res.cause, "  condition: dev->si_refcount >= 0\n")
	    != NULL, "%s", res.cause);
	/* No driver function on the stack: the kernel function names it. */
	ck_assert_str_eq(res.signature, "panic: dev_rel \"dev_rel() "
	    "gave negative count\" (open)");
	sim_result_clear(&res);
	report_clear(&r);
}
END_TEST

/* Every saved report: same cause twice, no address, in the report file. */
START_TEST(test_causes_are_deterministic_and_hold_no_address)
{
	GDir *d = g_dir_open(REPORTS, 0, NULL);
	const char *n;
	int seen = 0;

	ck_assert_ptr_nonnull(d);
	while ((n = g_dir_read_name(d)) != NULL) {
		char *path = g_build_filename(REPORTS, n, NULL), *text = NULL;
		struct sim_result a, b;
		struct report ra, rb;

		if (!g_str_has_suffix(n, ".report")) {
			g_free(path);
			continue;
		}
		run_report(path, &a, &ra);
		run_report(path, &b, &rb);
		ck_assert_str_eq(a.signature, b.signature);
		ck_assert_str_eq(a.cause, b.cause);
		ck_assert_msg(strstr(a.cause, "0x") == NULL, "%s: %s", path,
		    a.cause);
		ck_assert_str_eq(a.signature, ra.signature);
		ck_assert_str_eq(a.site, ra.site);
		ck_assert(g_file_get_contents(path, &text, NULL, NULL));
		ck_assert_msg(strstr(text, a.cause) != NULL,
		    "%s: the report's cause section differs", path);
		g_free(text);
		sim_result_clear(&a);
		sim_result_clear(&b);
		report_clear(&ra);
		report_clear(&rb);
		g_free(path);
		seen++;
	}
	g_dir_close(d);
	ck_assert_int_ge(seen, 10);
}
END_TEST

START_TEST(test_operation_names_are_verbs)
{
	static const char *const cases[][2] = {
		{ "open /dev/tun0 as f", "open" },
		{ "ifconfig tun0 destroy", "destroy" },
		{ "ifconfig tun0 name vpn0", "rename" },
		{ "ioctl f TUNSIFINFO mtu=1400", "TUNSIFINFO" },
		{ "kldunload", "kldunload" },
		{ "teardown", "teardown" },
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *v = cause_op_name(cases[i][0]);

		ck_assert_str_eq(v, cases[i][1]);
		g_free(v);
	}
}
END_TEST

/*
 * The real-driver build feeds the shadow stacks with sstack_push/pop (from
 * __tsan_func_entry/exit): named frames with call sites, driver frames all.
 */
static bool pushed_frames_ok;

static void
pushed_frames(void)
{
	const char *func, *file;
	int line, tid = sim_curthread();

	sstack_push("tunopen", "if_tuntap.c", 1010);
	sstack_push("tun_busy", "if_tuntap.c", 1020);
	sstack_push("tun_busy_locked", "if_tuntap.c", 330);
	sstack_pop();
	pushed_frames_ok = sstack_depth(tid) == 2 &&
	    sstack_frame(tid, 0, &func, &file, &line) &&
	    strcmp(func, "tun_busy") == 0 && line == 1020 &&
	    sstack_frame(tid, 1, &func, &file, &line) &&
	    strcmp(func, "tunopen") == 0 &&
	    !sstack_frame(tid, 2, &func, &file, &line);
	sim_violation(SIM_V_PANIC, "if_tuntap.c", 345, "tun_busy: bad count %d",
	    7);
}

START_TEST(test_pushed_frames_make_the_stack_and_the_signature)
{
	struct sim_result res;

	ck_assert_int_eq(test_run1(pushed_frames, &res), SIM_V_PANIC);
	ck_assert(pushed_frames_ok);
	ck_assert_str_eq(res.signature, "panic: tun_busy \"tun_busy: bad count "
	    "N\" (setup)");
	ck_assert_str_eq(res.site, "panic@if_tuntap.c:345");
	ck_assert_msg(strstr(res.cause, "    tun_busy (if_tuntap.c:1020)\n"
	    "    tunopen (if_tuntap.c:1010)\n    [op] setup\n") != NULL, "%s",
	    res.cause);
	sim_result_clear(&res);
}
END_TEST

/* `tunsim run SC --seed N --report-dir D`: the report's path. */
static char *
report_of(const char *d, const char *sc, const char *seed)
{
	struct tunsim_out o;
	const char *p;
	char *path;

	test_tunsim_v(NULL, &o, "run", sc, "--seed", seed, "--report-dir", d,
	    NULL);
	ck_assert_int_eq(o.status, 1);
	p = strstr(o.out, "\nreport: ");
	ck_assert_msg(p != NULL, "%s", o.out);
	p += 9;
	path = g_strndup(p, strcspn(p, "\n"));
	test_tunsim_clear(&o);
	return (path);
}

/* minimize REPORT -o OUT [opt]: OUT's signature (g_free). */
static char *
minimized(const char *rep, const char *out, const char *opt)
{
	struct tunsim_out o;

	test_tunsim_v(NULL, &o, "minimize", rep, "-o", out, "--max-replays",
	    "3000", opt, NULL);
	ck_assert_msg(o.status == 1, "minimize %s: %d %s", opt ? opt : "",
	    o.status, o.err);
	test_tunsim_clear(&o);
	return (field(out, "signature"));
}

/*
 * create-vs-open seed 0 (since lazy devfs, issue 12 item 3: finding 2's
 * over-released cdev met by teardown's populate, 2b): shrunk to "any
 * violation" it drifts to another root cause.  By default minimize keeps
 * its own.
 */
START_TEST(test_minimize_keeps_its_own_bug_where_any_violation_drifts)
{
	char *d = tmpdir(), *rep, *orig, *def, *any, *o1, *o2;

	rep = report_of(d, "scenarios/create/create-vs-open.tsn", "0");
	orig = field(rep, "signature");
	o1 = g_build_filename(d, "default.report", NULL);
	o2 = g_build_filename(d, "any.report", NULL);
	def = minimized(rep, o1, NULL);
	any = minimized(rep, o2, "--any-violation");
	ck_assert_str_eq(def, orig);
	ck_assert_msg(strcmp(any, orig) != 0, "--any-violation kept %s: "
	    "pick another report that can drift", orig);
	/* Both still replay to what they say. */
	{
		struct tunsim_out o;

		test_tunsim_v(NULL, &o, "replay", o1, NULL);
		ck_assert_int_eq(o.status, 1);
		test_tunsim_clear(&o);
		test_tunsim_v(NULL, &o, "replay", o2, NULL);
		ck_assert_int_eq(o.status, 1);
		test_tunsim_clear(&o);
	}
	g_free(orig);
	g_free(def);
	g_free(any);
	g_free(o1);
	g_free(o2);
	g_free(rep);
	test_rm_rf(d);
	g_free(d);
}
END_TEST

/*
 * Two root causes surface in if_clone_addif in unload-vs-create: a mutex
 * of a destroyed if_clone, and the freed if_clone itself.  The old test
 * (same kind@file:line) lets one become the other; the default does not.
 */
START_TEST(test_minimize_by_site_merges_two_causes_at_one_line)
{
	char *d = tmpdir(), *rep, *orig, *site, *def, *ss, *o1, *o2, *s2;

	rep = report_of(d, "scenarios/unload/unload-vs-create.tsn", "4");
	orig = field(rep, "signature");
	site = field(rep, "site");
	o1 = g_build_filename(d, "default.report", NULL);
	o2 = g_build_filename(d, "site.report", NULL);
	def = minimized(rep, o1, NULL);
	ss = minimized(rep, o2, "--same-site");
	s2 = field(o2, "site");
	ck_assert_str_eq(def, orig);
	ck_assert_str_eq(s2, site);
	ck_assert_msg(strcmp(ss, orig) != 0, "--same-site kept %s", orig);
	g_free(orig);
	g_free(site);
	g_free(def);
	g_free(ss);
	g_free(s2);
	g_free(o1);
	g_free(o2);
	g_free(rep);
	test_rm_rf(d);
	g_free(d);
}
END_TEST

START_TEST(test_triage_prints_one_line_per_root_cause)
{
	char *d = tmpdir(), *a, *b, *c, *html, *text = NULL, *want;
	struct tunsim_out o;
	struct mj *j;
	const struct mj *rc, *first;

	a = report_of(d, "scenarios/create/create-vs-open.tsn", "0");
	b = report_of(d, "scenarios/create/clone-open-vs-create.tsn", "1");
	c = report_of(d, "scenarios/create/create-vs-open.tsn", "46");
	test_tunsim_v(NULL, &o, "triage", d, NULL);
	ck_assert_int_eq(o.status, 1);
	ck_assert_msg(g_str_has_prefix(o.out, "3 reports, 2 root causes"),
	    "%s", o.out);
	/* The bug of two reports first, its shortest report's replay. */
	ck_assert_msg(strstr(o.out, "\n   2  use-after-free: dev_rel on "
	    "cdev freed by devfs_free (teardown)  [first ") != NULL, "%s",
	    o.out);
	ck_assert_msg(strstr(o.out, "\n   1  panic: tun_destroy "
	    "\"WARNING: Driver mistake") != NULL, "%s", o.out);
	want = g_strdup_printf("tunsim replay %s\n", c);
	ck_assert_msg(strstr(o.out, want) != NULL, "%s", o.out);
	g_free(want);
	/* A header and one line per root cause. */
	{
		const char *p;
		int lines = 0;

		for (p = o.out; *p != '\0'; p++)
			lines += *p == '\n';
		ck_assert_int_eq(lines, 3);
	}
	test_tunsim_clear(&o);

	/* Each root cause named by its finding of docs/findings.md. */
	test_tunsim_v(NULL, &o, "triage", d, "--findings", "docs/findings.md",
	    NULL);
	ck_assert_int_eq(o.status, 1);
	ck_assert_msg(strstr(o.out, "\n2b     2  use-after-free: dev_rel")
	    != NULL, "%s", o.out);
	ck_assert_msg(strstr(o.out, "\n1      1  panic: tun_destroy "
	    "\"WARNING: Driver mistake") != NULL, "%s", o.out);
	ck_assert_ptr_nonnull(strstr(o.out, "\n0 root causes not in the "
	    "findings file"));
	test_tunsim_clear(&o);
	{
		char *ff = g_build_filename(d, "f.md", NULL);

		ck_assert(g_file_set_contents(ff, "### 1. one\n- `panic: "
		    "tun_destroy *`\n", -1, NULL));
		test_tunsim_v(NULL, &o, "triage", d, "--findings", ff, NULL);
		ck_assert_msg(strstr(o.out, "\nNEW    2  use-after-free:") !=
		    NULL, "%s", o.out);
		ck_assert_msg(strstr(o.out, "\n1      1  panic:") !=
		    NULL, "%s", o.out);
		ck_assert_ptr_nonnull(strstr(o.out, "\n1 root cause not in"));
		test_tunsim_clear(&o);
		g_unlink(ff);
		g_free(ff);
	}

	test_tunsim_v(NULL, &o, "triage", d, "--json", NULL);
	ck_assert_int_eq(o.status, 1);
	j = mj_parse(o.out, strlen(o.out), NULL);
	ck_assert_ptr_nonnull(j);
	rc = mj_get(j, "root_causes");
	ck_assert(rc != NULL && rc->type == MJ_ARRAY && rc->items->len == 2);
	first = g_ptr_array_index(rc->items, 0);
	ck_assert_str_eq(mj_get_str(first, "signature"), "use-after-free: "
	    "dev_rel on cdev freed by devfs_free (teardown)");
	ck_assert_str_eq(mj_get_str(mj_get(first, "first"), "report"), a);
	mj_free(j);
	test_tunsim_clear(&o);

	html = g_build_filename(d, "t.html", NULL);
	test_tunsim_v(NULL, &o, "triage", d, "--html", html, NULL);
	ck_assert_int_eq(o.status, 1);
	ck_assert(g_file_get_contents(html, &text, NULL, NULL));
	ck_assert_ptr_nonnull(strstr(text, "<details"));
	ck_assert_ptr_nonnull(strstr(text, "\"traceEvents\""));
	ck_assert_msg(strstr(strstr(text, "\"traceEvents\"") + 1,
	    "\"traceEvents\"") != NULL, "one timeline per bug");
	ck_assert_ptr_null(strstr(text, "no timeline"));
	g_free(text);
	test_tunsim_clear(&o);
	g_free(html);
	g_free(a);
	g_free(b);
	g_free(c);
	test_rm_rf(d);
	g_free(d);
}
END_TEST

START_TEST(test_triage_of_nothing_exits_0_and_of_a_bad_report_2)
{
	char *d = tmpdir(), *bad = g_build_filename(d, "x.report", NULL);
	struct tunsim_out o;

	test_tunsim_v(NULL, &o, "triage", d, NULL);
	ck_assert_int_eq(o.status, 0);
	ck_assert_msg(g_str_has_prefix(o.out, "0 reports, 0 root causes"), "%s",
	    o.out);
	test_tunsim_clear(&o);
	ck_assert(g_file_set_contents(bad, "not a report\n", -1, NULL));
	test_tunsim_v(NULL, &o, "triage", d, NULL);
	ck_assert_int_eq(o.status, 2);
	ck_assert_ptr_nonnull(strstr(o.err, "x.report"));
	test_tunsim_clear(&o);
	test_tunsim_v(NULL, &o, "triage", "--help", NULL);
	ck_assert_int_eq(o.status, 0);
	test_tunsim_clear(&o);
	test_tunsim_v(NULL, &o, "triage", NULL);
	ck_assert_int_eq(o.status, 2);
	test_tunsim_clear(&o);
	g_free(bad);
	test_rm_rf(d);
	g_free(d);
}
END_TEST

/* Run tools/check_findings.py --audit FINDINGS EXPECTED: its exit status. */
static int
audit(const char *findings, const char *expected, char **out)
{
	const char *argv[] = { "python3", "tools/check_findings.py", "--audit",
	    findings, expected, NULL };
	GError *err = NULL;
	int st = -1;

	ck_assert_msg(g_spawn_sync(NULL, (char **)argv, NULL,
	    G_SPAWN_SEARCH_PATH, NULL, NULL, out, NULL, &st, &err), "%s",
	    err != NULL ? err->message : "?");
	return (WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/*
 * The findings audit fails on a signature of a list that the findings file
 * does not name, and on a named one no list finds.
 */
START_TEST(test_the_findings_audit_fails_on_unlisted_and_on_gone)
{
	char *d = tmpdir(), *f = g_build_filename(d, "f.md", NULL);
	char *e = g_build_filename(d, "x.expected", NULL), *out = NULL;

	ck_assert(g_file_set_contents(e, "# comment\n"
	    "scenarios/a.tsn hang: tun_destroy (teardown)\n"
	    "scenarios/b.tsn panic: tun_busy \"x@tun#N\" (open)\n", -1, NULL));
	ck_assert(g_file_set_contents(f, "### 1. one\n"
	    "- `hang: tun_destroy (teardown)`\n"
	    "### 2. two\n- `panic: tun_busy * (open)`\n", -1, NULL));
	ck_assert_int_eq(audit(f, e, &out), 0);
	g_free(out);
	ck_assert(g_file_set_contents(f, "### 1. one\n"
	    "- `hang: tun_destroy (teardown)`\n", -1, NULL));
	ck_assert_int_eq(audit(f, e, &out), 1);
	ck_assert_msg(strstr(out, "NOT IN") != NULL, "%s", out);
	g_free(out);
	ck_assert(g_file_set_contents(f, "### 1. one\n"
	    "- `hang: tun_destroy (teardown)`\n- `panic: tun_busy * (open)`\n"
	    "- `lock: gone (close)`\n", -1, NULL));
	ck_assert_int_eq(audit(f, e, &out), 1);
	ck_assert_msg(strstr(out, "NO LONGER FOUND by any list: lock: gone") !=
	    NULL, "%s", out);
	g_free(out);
	g_free(f);
	g_free(e);
	test_rm_rf(d);
	g_free(d);
}
END_TEST

/* From "\"violations\": [" on: what must not depend on sharding. */
static const char *
violations_of(const char *json)
{
	const char *v = strstr(json, "\"violations\": [");

	ck_assert_ptr_nonnull(v);
	return (v);
}

START_TEST(test_merge_of_shards_groups_and_counts_like_one_run)
{
	char *d = tmpdir(), *s1, *s2;
	struct tunsim_out w, a, b, m;
	const char *sc = "scenarios/create/create-vs-open.tsn";

	test_tunsim_v(NULL, &w, "explore", sc, "--budget", "200",
	    "--report-dir", d, "--json", NULL);
	ck_assert_int_eq(w.status, 1);
	ck_assert_ptr_nonnull(strstr(w.out, "\"count\": "));
	test_tunsim_v(NULL, &a, "explore", sc, "--budget", "200",
	    "--shard", "1/2", "--report-dir", d, "--json", NULL);
	test_tunsim_v(NULL, &b, "explore", sc, "--budget", "200",
	    "--shard", "2/2", "--report-dir", d, "--json", NULL);
	s1 = g_build_filename(d, "1.json", NULL);
	s2 = g_build_filename(d, "2.json", NULL);
	ck_assert(g_file_set_contents(s1, a.out, -1, NULL));
	ck_assert(g_file_set_contents(s2, b.out, -1, NULL));
	test_tunsim_v(NULL, &m, "merge", s1, s2, NULL);
	ck_assert_int_eq(m.status, 1);
	ck_assert_str_eq(violations_of(m.out), violations_of(w.out));
	test_tunsim_clear(&m);
	test_tunsim_v(NULL, &m, "merge", s1, s2, "--text", NULL);
	ck_assert_msg(strstr(m.out, "by root cause (") != NULL, "%s", m.out);
	test_tunsim_clear(&m);
	test_tunsim_clear(&w);
	test_tunsim_clear(&a);
	test_tunsim_clear(&b);
	g_free(s1);
	g_free(s2);
	test_rm_rf(d);
	g_free(d);
}
END_TEST

Suite *
triage_suite(void)
{
	Suite *s = suite_create("triage");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc,
	    test_a_use_after_free_names_the_allocation_and_the_free_with_stacks);
	tcase_add_test(tc,
	    test_a_hang_shows_every_sleeper_its_stack_and_what_it_waits_for);
	tcase_add_test(tc, test_a_failed_kassert_carries_its_condition);
	tcase_add_test(tc, test_causes_are_deterministic_and_hold_no_address);
	tcase_add_test(tc, test_operation_names_are_verbs);
	tcase_add_test(tc, test_pushed_frames_make_the_stack_and_the_signature);
	tcase_add_test(tc,
	    test_minimize_keeps_its_own_bug_where_any_violation_drifts);
	tcase_add_test(tc, test_minimize_by_site_merges_two_causes_at_one_line);
	tcase_add_test(tc, test_triage_prints_one_line_per_root_cause);
	tcase_add_test(tc,
	    test_triage_of_nothing_exits_0_and_of_a_bad_report_2);
	tcase_add_test(tc, test_merge_of_shards_groups_and_counts_like_one_run);
	tcase_add_test(tc,
	    test_the_findings_audit_fails_on_unlisted_and_on_gone);
	suite_add_tcase(s, tc);
	return (s);
}
