/*
 * cli_bench.c - `tunsim bench [--json]`: what the engine costs here.
 *
 * switch_ns: one coroutine switch as the scheduler makes it (FP control
 * words saved); bare_switch_ns: registers only; swapcontext_ns: glibc's
 * (a system call each); then a fixed synthetic program, 3 threads x 200
 * lock/unlock points on one mutex emulated with sim_block/sim_unblock,
 * run many times: decisions_per_s, steps_per_s, executions_per_s.  Besides
 * coro.c and explore's --time, the only place reading the host clock.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "coro.h"

#define	BENCH_THREADS	3
#define	BENCH_POINTS	200		/* per thread: 100 lock + 100 unlock */

/* A mutex with the semantics of a sleep mutex, built on sim_block. */
static struct {
	int	owner;
	int	nwait;
	int	waiters[BENCH_THREADS + 1];
} bm;

static void
bm_lock(void)
{

	sim_point("mtx_lock", &bm, SIM_ACC_WRITE, __FILE__, __LINE__);
	while (bm.owner >= 0) {
		bm.waiters[bm.nwait++] = sim_curthread();
		sim_block(&bm, "benchmtx", bm.owner, 0, 0, __FILE__, __LINE__);
	}
	bm.owner = sim_curthread();
}

static void
bm_unlock(void)
{
	int i;

	sim_point("mtx_unlock", &bm, SIM_ACC_WRITE, __FILE__, __LINE__);
	bm.owner = -1;
	for (i = 0; i < bm.nwait; i++)
		sim_unblock(bm.waiters[i], SIM_WOKEN);
	bm.nwait = 0;
}

static void
bench_setup(void *arg)
{

	(void)arg;
	memset(&bm, 0, sizeof(bm));
	bm.owner = -1;
	sim_label_set(&bm, "bench_mtx");
}

static void
bench_thread(void *arg, int index)
{
	int i;

	(void)arg;
	(void)index;
	for (i = 0; i < BENCH_POINTS / 2; i++) {
		bm_lock();
		bm_unlock();
	}
}

static const char *const bench_names[BENCH_THREADS] = { "a", "b", "c" };

struct bench_out {
	double		switch_ns, bare_ns, swapctx_ns;
	double		decisions_per_s, steps_per_s, executions_per_s;
	long		executions;
	int		violations;
};

static void
bench_program(long n, struct bench_out *bo)
{
	struct sim_program p;
	struct sim_config cfg;
	struct sim_result res;
	uint64_t decisions = 0, steps = 0;
	gint64 t0, t1;
	long i;
	double s;

	memset(&p, 0, sizeof(p));
	p.setup = bench_setup;
	p.nthreads = BENCH_THREADS;
	p.thread_names = bench_names;
	p.thread_fn = bench_thread;
	sim_config_init(&cfg);
	for (i = 0; i < 20; i++) {	/* warm the stack pool */
		cfg.seed = (uint64_t)i;
		sim_execute(&p, &cfg, &res);
		sim_result_clear(&res);
	}
	t0 = g_get_monotonic_time();
	for (i = 0; i < n; i++) {
		cfg.seed = (uint64_t)i;
		if (sim_execute(&p, &cfg, &res) != SIM_V_NONE)
			bo->violations++;
		decisions += res.decisions;
		steps += res.steps;
		sim_result_clear(&res);
	}
	t1 = g_get_monotonic_time();
	s = (double)(t1 - t0) / 1e6;
	if (s <= 0)
		s = 1e-6;
	bo->executions = n;
	bo->decisions_per_s = (double)decisions / s;
	bo->steps_per_s = (double)steps / s;
	bo->executions_per_s = (double)n / s;
}

int
cli_bench(int argc, char **argv)
{
	gboolean json = FALSE;
	gchar *exec_s = NULL, *iters_s = NULL;
	uint64_t executions = 3000, iters = 2000000;
	GOptionEntry entries[] = {
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json,
		  "Print one JSON object", NULL },
		{ "executions", 'n', 0, G_OPTION_ARG_STRING, &exec_s,
		  "Executions of the synthetic program (default 3000)", "N" },
		{ "iterations", 0, 0, G_OPTION_ARG_STRING, &iters_s,
		  "Round trips per switch probe (default 2000000)", "N" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *ctx = g_option_context_new("- measure the engine");
	struct bench_out bo;
	int rc = TSN_EXIT_USAGE;

	memset(&bo, 0, sizeof(bo));
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx, "Targets: switch_ns within 2x "
	    "of bare_switch_ns; at least 5 million decisions/s.");
	if (!cli_parse(ctx, "bench", &argc, &argv))
		goto out;
	if (argc != 1) {
		rc = cli_usage_error("bench", "takes no arguments");
		goto out;
	}
	if ((exec_s != NULL && !cli_count("bench", "-n", exec_s, 1, INT32_MAX,
	    &executions)) || (iters_s != NULL && !cli_count("bench",
	    "--iterations", iters_s, 1, INT32_MAX, &iters)))
		goto out;
	bo.switch_ns = coro_bench_switch_ns((long)iters);
	bo.bare_ns = coro_bench_bare_switch_ns((long)iters);
	bo.swapctx_ns = coro_bench_swapcontext_ns((long)iters / 10 + 1);
	bench_program((long)executions, &bo);
	if (json) {
		printf("{\"switch_ns\": %.2f, \"bare_switch_ns\": %.2f, "
		    "\"swapcontext_ns\": %.2f, \"decisions_per_s\": %.0f, "
		    "\"steps_per_s\": %.0f, \"executions_per_s\": %.0f, "
		    "\"executions\": %ld, \"program\": \"%d threads x %d "
		    "lock/unlock points\"}\n", bo.switch_ns, bo.bare_ns,
		    bo.swapctx_ns, bo.decisions_per_s, bo.steps_per_s,
		    bo.executions_per_s, bo.executions, BENCH_THREADS,
		    BENCH_POINTS);
	} else {
		printf("coroutine switch      %8.2f ns (bare registers %.2f ns, "
		    "glibc swapcontext %.2f ns)\n", bo.switch_ns, bo.bare_ns,
		    bo.swapctx_ns);
		printf("synthetic program     %d threads x %d lock/unlock "
		    "points, %ld executions\n", BENCH_THREADS, BENCH_POINTS,
		    bo.executions);
		printf("decisions             %12.0f /s\n", bo.decisions_per_s);
		printf("scheduling points     %12.0f /s\n", bo.steps_per_s);
		printf("executions            %12.0f /s\n", bo.executions_per_s);
	}
	if (bo.violations > 0) {
		fprintf(stderr, "tunsim bench: %d executions of the synthetic "
		    "program reported a violation\n", bo.violations);
		rc = TSN_EXIT_VIOLATION;
	} else
		rc = TSN_EXIT_OK;
out:
	g_free(exec_s);
	g_free(iters_s);
	g_option_context_free(ctx);
	return (rc);
}
