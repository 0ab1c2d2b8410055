/*
 * testlib.c - see testlib.h.
 */
#include <check.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "testlib.h"

static const struct test_prog *cur_tp;
static void (*cur_fn)(void);
static bool cur_load;

static const char *const thread_names[] = {
	"t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7",
};

static void
tp_setup(void *arg)
{

	(void)arg;
	if (cur_load && sim_sys_kldload("if_tuntap") != 0)
		sim_violation(SIM_V_PANIC, __FILE__, __LINE__,
		    "test: kldload if_tuntap failed");
	if (cur_tp != NULL && cur_tp->setup != NULL)
		cur_tp->setup();
	if (cur_fn != NULL)
		cur_fn();
}

static void
tp_thread(void *arg, int i)
{

	(void)arg;
	cur_tp->thread(i);
}

static void
tp_teardown(void *arg)
{

	(void)arg;
	if (cur_tp != NULL && cur_tp->teardown != NULL)
		cur_tp->teardown();
	/*
	 * devfs collects destroyed nodes lazily, at the next lookup: stand
	 * for it, as the engine's teardown does, before the leak judgement.
	 */
	sim_devfs_settle();
}

static enum sim_violation_kind
run(const struct test_prog *tp, void (*fn)(void), bool load, uint64_t seed,
    struct sim_result *res)
{
	struct sim_program p;
	struct sim_config cfg;

	cur_tp = tp;
	cur_fn = fn;
	cur_load = load;
	memset(&p, 0, sizeof(p));
	p.setup = tp_setup;
	p.teardown = tp_teardown;
	if (tp != NULL) {
		p.nthreads = tp->nthreads;
		p.thread_names = thread_names;
		p.thread_fn = tp_thread;
	}
	sim_config_init(&cfg);
	cfg.seed = seed;
	if (tp != NULL) {
		cfg.trace = tp->trace;
		cfg.fault_signals = tp->fault_signals;
		cfg.fault_malloc = tp->fault_malloc;
	} else {
		cfg.trace = true;
	}
	return (sim_execute(&p, &cfg, res));
}

enum sim_violation_kind
test_run(const struct test_prog *tp, uint64_t seed, struct sim_result *res)
{

	return (run(tp, NULL, tp->load_module, seed, res));
}

enum sim_violation_kind
test_run1(void (*fn)(void), struct sim_result *res)
{

	return (run(NULL, fn, false, 0, res));
}

enum sim_violation_kind
test_run1_module(void (*fn)(void), struct sim_result *res)
{

	return (run(NULL, fn, true, 0, res));
}

int
test_explore(const struct test_prog *tp, int nseeds,
    enum sim_violation_kind want, struct sim_result *first)
{
	struct sim_result r;
	int s, n = 0;

	if (first != NULL)
		memset(first, 0, sizeof(*first));
	for (s = 0; s < nseeds; s++) {
		if (test_run(tp, (uint64_t)s, &r) == want) {
			if (n++ == 0 && first != NULL) {
				*first = r;
				continue;
			}
		}
		sim_result_clear(&r);
	}
	return (n);
}

static bool
trace_has(const struct sim_result *res, enum sim_evkind kind,
    const char *text)
{
	guint i;

	if (res->trace == NULL)
		return (false);
	for (i = 0; i < res->trace->len; i++) {
		const struct sim_event *e = &g_array_index(res->trace,
		    struct sim_event, i);

		if (e->kind != kind)
			continue;
		if (kind == SIM_EV_NOTE && e->note != NULL &&
		    strstr(e->note, text) != NULL)
			return (true);
		if (kind == SIM_EV_POINT && e->ev != NULL &&
		    strcmp(e->ev, text) == 0)
			return (true);
	}
	return (false);
}

bool
test_trace_has_note(const struct sim_result *res, const char *text)
{

	return (trace_has(res, SIM_EV_NOTE, text));
}

bool
test_trace_has_point(const struct sim_result *res, const char *ev)
{

	return (trace_has(res, SIM_EV_POINT, ev));
}

static void
print_violation(const struct sim_result *r)
{

	fprintf(stderr, "%s: %s (%s:%d)\n", sim_violation_name(r->kind),
	    r->message != NULL ? r->message : "", r->file != NULL ? r->file :
	    "", r->line);
}

enum sim_violation_kind
test_kind1(void (*fn)(void))
{
	struct sim_result r;
	enum sim_violation_kind k;

	k = test_run1(fn, &r);
	if (k != SIM_V_NONE)
		print_violation(&r);
	sim_result_clear(&r);
	return (k);
}

void
test_expect(void (*fn)(void), double fault_p, enum sim_violation_kind want)
{
	struct test_prog tp = { .setup = fn, .fault_malloc = fault_p };
	struct sim_result r;
	enum sim_violation_kind got;

	got = test_run(&tp, 1, &r);
	if (got != want)
		print_violation(&r);
	sim_result_clear(&r);
	ck_assert_msg(got == want, "got %s, want %s", sim_violation_name(got),
	    sim_violation_name(want));
}

void
test_tunsim(const char *cwd, struct tunsim_out *o, const char *const *args)
{
	GPtrArray *argv = g_ptr_array_new();
	GError *err = NULL;
	int ws;

	g_ptr_array_add(argv, (gpointer)TUNSIM_BINARY);
	for (; *args != NULL; args++)
		g_ptr_array_add(argv, (gpointer)*args);
	g_ptr_array_add(argv, NULL);
	memset(o, 0, sizeof(*o));
	if (!g_spawn_sync(cwd, (char **)argv->pdata, NULL, 0, NULL, NULL,
	    &o->out, &o->err, &ws, &err))
		ck_abort_msg("cannot run %s: %s", TUNSIM_BINARY, err->message);
	o->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	g_ptr_array_free(argv, TRUE);
}

void
test_tunsim_v(const char *cwd, struct tunsim_out *o, ...)
{
	GPtrArray *args = g_ptr_array_new();
	const char *a;
	va_list ap;

	va_start(ap, o);
	while ((a = va_arg(ap, const char *)) != NULL)
		g_ptr_array_add(args, (gpointer)a);
	va_end(ap);
	g_ptr_array_add(args, NULL);
	test_tunsim(cwd, o, (const char *const *)args->pdata);
	g_ptr_array_free(args, TRUE);
}

void
test_tunsim_clear(struct tunsim_out *o)
{

	g_free(o->out);
	g_free(o->err);
	memset(o, 0, sizeof(*o));
}

void
test_rm_rf(const char *path)
{
	GDir *d;
	const char *n;

	if (g_file_test(path, G_FILE_TEST_IS_DIR) &&
	    (d = g_dir_open(path, 0, NULL)) != NULL) {
		while ((n = g_dir_read_name(d)) != NULL) {
			char *p = g_build_filename(path, n, NULL);

			test_rm_rf(p);
			g_free(p);
		}
		g_dir_close(d);
	}
	g_remove(path);
}
