/*
 * cli_bench.c - `tunsim bench [--json]`: what the engine costs here.
 *
 * Three layers, measured in the same run so they can be compared:
 *  - the floor: 3 threads x 200 scheduling points that do nothing else
 *    (no object, no kernel), the cost of one decision through the
 *    scheduler: choose a thread, switch to it, keep the ring and counters;
 *  - the synthetic program: the same threads, 100 lock/unlock pairs each
 *    on one mutex emulated with sim_block/sim_unblock;
 *  - real scenarios as `explore` runs them (random strategy, seeds 0..N-1,
 *    kernel boot, kldload, setup, threads, teardown, unload, every check):
 *    destroy-vs-rename, create-vs-open and a tap one.
 * Each gives executions/s and ns per scheduling point; the coroutine switch
 * probes (switch_ns with the FP control words saved, bare_switch_ns,
 * glibc's swapcontext_ns) are kept for reference, and ledger_find's cost
 * (the instrumented driver's every access) is measured on a miss and a
 * hit.  Targets (docs/performance.md) are printed with the measured
 * figures and whether they are met; a miss does not change the exit
 * status (the host's load does not make the engine wrong), a violation in
 * the synthetic programs does.
 * Rates are per second of the process's CPU time (per core), so other
 * load on the machine disturbs them less than wall time would.  Besides
 * coro.c and explore's --time, the only place reading a clock.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "coro.h"
#include "driver_info.h"
#include "minijson.h"
#include "engine_int.h"
#include "runner.h"

#define	BENCH_THREADS	3
#define	BENCH_POINTS	200		/* per thread: 100 lock + 100 unlock */

/* Targets; docs/performance.md says where they come from. */
#define	TARGET_DVR_EXEC_PER_S	50000.0	/* destroy-vs-rename, one core */
#define	TARGET_REAL_OVER_SYNTH	2.0	/* real ns/step / synthetic ns/step */
#define	TARGET_SYNTH_OVER_FLOOR	2.0	/* synthetic ns/step / floor ns/step */

static const char *const bench_scenarios[] = {
	"destroy/destroy-vs-rename.tsn",
	"create/create-vs-open.tsn",
	"tap/tap-open-vs-destroy.tsn",
};
#define	NSCEN	((int)G_N_ELEMENTS(bench_scenarios))

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

/* The floor: scheduling points and nothing else. */
static void
floor_thread(void *arg, int index)
{
	int i;

	(void)arg;
	(void)index;
	for (i = 0; i < BENCH_POINTS; i++)
		sim_point("point", NULL, SIM_ACC_NONE, __FILE__, __LINE__);
}

static const char *const bench_names[BENCH_THREADS] = { "a", "b", "c" };

/*
 * ledger_find, which the instrumented driver build calls at every load
 * and store: ns per call for an address in no object (a stack, static
 * data: most of them) and inside one, among 40 objects.
 */
#define	FIND_OBJS	40
static struct {
	long		n;
	double		miss_stack_ns, miss_static_ns, hit_ns;
} lf;
static int lf_static;
static volatile int lf_sink;

static double cpu_seconds(void);

static double
lf_time(const char *p)
{
	struct ledger_span sp;
	double t0 = cpu_seconds();
	long k;

	for (k = 0; k < lf.n; k++)
		lf_sink += ledger_find(p + (k & 7), &sp);
	return ((cpu_seconds() - t0) * 1e9 / (double)lf.n);
}

static void
lf_setup(void *arg)
{
	char *objs[FIND_OBJS], local[8];
	int i;

	(void)arg;
	for (i = 0; i < FIND_OBJS; i++)
		objs[i] = sim_obj_alloc(64 + (size_t)i * 24, "bench", false,
		    NULL, __FILE__, __LINE__);
	lf.miss_stack_ns = lf_time(local);
	lf.miss_static_ns = lf_time((const char *)&lf_static);
	lf.hit_ns = lf_time(objs[FIND_OBJS / 2] + 30);
	for (i = 0; i < FIND_OBJS; i++)
		sim_obj_free(objs[i], __FILE__, __LINE__);
}

static void
bench_find(long n)
{
	struct sim_program p;
	struct sim_config cfg;
	struct sim_result res;

	memset(&p, 0, sizeof(p));
	p.setup = lf_setup;
	sim_config_init(&cfg);
	lf.n = n;
	sim_execute(&p, &cfg, &res);
	sim_result_clear(&res);
}

/* What one timed series of executions gave. */
struct series {
	long		executions;
	uint64_t	steps, decisions;
	int		violations;
	double		seconds;
};

static double
per_s(const struct series *s, double n)
{

	return (s->seconds > 0 ? n / s->seconds : 0);
}

static double
ns_per_step(const struct series *s)
{

	return (s->steps > 0 ? s->seconds * 1e9 / (double)s->steps : 0);
}

/*
 * CPU time of the process, not the wall clock: on a shared machine it is
 * what the engine itself spent, the per-core figure the targets are in.
 */
static double
cpu_seconds(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return ((double)g_get_monotonic_time() / 1e6);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

static double
seconds_since(double t0)
{
	double s = cpu_seconds() - t0;

	return (s > 0 ? s : 1e-6);
}

/* Run a synthetic program n times (seeds 0..n-1) after warming the pool. */
static void
bench_program(void (*fn)(void *, int), long n, struct series *out)
{
	struct sim_program p;
	struct sim_config cfg;
	struct sim_result res;
	double t0;
	long i;

	memset(&p, 0, sizeof(p));
	memset(out, 0, sizeof(*out));
	p.setup = bench_setup;
	p.nthreads = BENCH_THREADS;
	p.thread_names = bench_names;
	p.thread_fn = fn;
	sim_config_init(&cfg);
	for (i = 0; i < 20; i++) {	/* warm the stack pool */
		cfg.seed = (uint64_t)i;
		sim_execute(&p, &cfg, &res);
		sim_result_clear(&res);
	}
	t0 = cpu_seconds();
	for (i = 0; i < n; i++) {
		cfg.seed = (uint64_t)i;
		if (sim_execute(&p, &cfg, &res) != SIM_V_NONE)
			out->violations++;
		out->decisions += res.decisions;
		out->steps += res.steps;
		sim_result_clear(&res);
	}
	out->seconds = seconds_since(t0);
	out->executions = n;
}

/*
 * A scenario as explore runs it: random, seeds 0..n-1, no trace, verdicts
 * only (cfg.brief); with the snapshot of the prefix (`snapshot`) or
 * booting every execution.
 */
static bool
bench_scenario(const char *path, long n, bool snapshot, struct series *out)
{
	struct tsn_scenario *sc = runner_load(path);
	struct run_params rp;
	struct sim_config cfg;
	struct sim_result res;
	double t0;
	long i;

	memset(out, 0, sizeof(*out));
	if (sc == NULL)
		return (false);
	runner_snapshots = snapshot;
	run_params_init(&rp);
	rp.strategy = SIM_STRAT_RANDOM;
	for (i = 0; i < 20; i++) {	/* warm the stack pool and the ledger */
		rp.seed = (uint64_t)i;
		runner_config(&cfg, &rp, sc);
		runner_execute(sc, &cfg, &res);
		sim_result_clear(&res);
	}
	t0 = cpu_seconds();
	for (i = 0; i < n; i++) {
		rp.seed = (uint64_t)i;
		runner_config(&cfg, &rp, sc);
		cfg.brief = true;	/* as explore: verdicts only */
		if (runner_execute(sc, &cfg, &res) != SIM_V_NONE)
			out->violations++;
		out->decisions += res.decisions;
		out->steps += res.steps;
		sim_result_clear(&res);
	}
	out->seconds = seconds_since(t0);
	out->executions = n;
	tsn_free(sc);
	runner_snapshots = true;
	return (true);
}

struct bench_out {
	double		switch_ns, bare_ns, swapctx_ns;
	struct series	floor, synth, real[NSCEN];
	struct series	booted[NSCEN];	/* --no-snapshot's */
	char		*paths[NSCEN];
	double		upstream_dvr;	/* tunsim-upstream's, or -1 */
};

struct target {
	const char	*name;
	const char	*what;
	double		measured, target;
	bool		at_least;	/* else: at most */
};

static void
targets(const struct bench_out *bo, struct target t[3])
{
	double synth = ns_per_step(&bo->synth), fl = ns_per_step(&bo->floor);
	double worst = 0, r;
	int i;

	for (i = 0; i < NSCEN; i++) {
		r = synth > 0 ? ns_per_step(&bo->real[i]) / synth : 0;
		if (r > worst)
			worst = r;
	}
	t[0] = (struct target){ "destroy_vs_rename_executions_per_s",
	    "destroy-vs-rename executions/s", per_s(&bo->real[0],
	    (double)bo->real[0].executions), TARGET_DVR_EXEC_PER_S, true };
	t[1] = (struct target){ "real_over_synthetic_ns_per_step",
	    "worst real ns/step over synthetic", worst,
	    TARGET_REAL_OVER_SYNTH, false };
	t[2] = (struct target){ "synthetic_over_floor_ns_per_step",
	    "synthetic ns/step over the floor", fl > 0 ? synth / fl : 0,
	    TARGET_SYNTH_OVER_FLOOR, false };
}

/*
 * The real driver beside the model (DESIGN section 9): a model binary
 * runs its sibling build/tunsim-upstream's own bench and reads back its
 * destroy-vs-rename rate, so one command prints both, measured the same
 * way in the same minute.  -1 when there is no such binary (or this is
 * one).
 */
static double
bench_upstream(const char *dir, uint64_t n)
{
	gchar *self, *bin, *out = NULL, *ns, *argv[12];
	const struct mj *sc, *first, *rnd;
	struct mj *j;
	double rate = -1;
	gint status;

	if (driver_present())
		return (-1);
	self = g_file_read_link("/proc/self/exe", NULL);
	if (self == NULL)
		return (-1);
	ns = g_path_get_dirname(self);
	bin = g_build_filename(ns, "tunsim-upstream", NULL);
	g_free(ns);
	ns = g_strdup_printf("%llu", (unsigned long long)n);
	argv[0] = bin; argv[1] = "bench"; argv[2] = "--json";
	argv[3] = "--scenario-executions"; argv[4] = ns;
	argv[5] = "-n"; argv[6] = "10"; argv[7] = "--iterations";
	argv[8] = "1000"; argv[9] = "--scenarios"; argv[10] = (gchar *)dir;
	argv[11] = NULL;
	if (g_file_test(bin, G_FILE_TEST_IS_EXECUTABLE) &&
	    g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
	    NULL, &out, NULL, &status, NULL) && status == 0 &&
	    (j = mj_parse(out, strlen(out), NULL)) != NULL) {
		if ((sc = mj_get(j, "scenarios")) != NULL &&
		    sc->type == MJ_ARRAY && sc->items->len > 0 &&
		    (first = g_ptr_array_index(sc->items, 0)) != NULL &&
		    (rnd = mj_get(first, "random")) != NULL)
			(void)mj_get_num(rnd, "executions_per_s", &rate);
		mj_free(j);
	}
	g_free(out);
	g_free(ns);
	g_free(bin);
	g_free(self);
	return (rate);
}

static bool
met(const struct target *t)
{

	return (t->at_least ? t->measured >= t->target :
	    t->measured <= t->target);
}

static void
json_series(const char *key, const struct series *s)
{

	printf("\"%s\": {\"executions\": %ld, \"executions_per_s\": %.0f, "
	    "\"ns_per_step\": %.1f, \"steps_per_execution\": %.1f, "
	    "\"violations\": %d}", key, s->executions,
	    per_s(s, (double)s->executions), ns_per_step(s),
	    s->executions > 0 ? (double)s->steps / (double)s->executions : 0,
	    s->violations);
}

static void
print_json(const struct bench_out *bo)
{
	struct target t[3];
	int i;

	targets(bo, t);
	/* The first keys are the ones earlier versions printed. */
	printf("{\"switch_ns\": %.2f, \"bare_switch_ns\": %.2f, "
	    "\"swapcontext_ns\": %.2f, \"decisions_per_s\": %.0f, "
	    "\"steps_per_s\": %.0f, \"executions_per_s\": %.0f, "
	    "\"executions\": %ld, \"program\": \"%d threads x %d "
	    "lock/unlock points\", ", bo->switch_ns, bo->bare_ns,
	    bo->swapctx_ns, per_s(&bo->synth, (double)bo->synth.decisions),
	    per_s(&bo->synth, (double)bo->synth.steps),
	    per_s(&bo->synth, (double)bo->synth.executions),
	    bo->synth.executions, BENCH_THREADS, BENCH_POINTS);
	json_series("floor", &bo->floor);
	printf(", ");
	json_series("synthetic", &bo->synth);
	printf(", \"scenarios\": [");
	for (i = 0; i < NSCEN; i++) {
		printf("%s{\"path\": \"%s\", ", i ? ", " : "", bo->paths[i]);
		json_series("random", &bo->real[i]);
		printf(", ");
		json_series("random_no_snapshot", &bo->booted[i]);
		printf(", \"snapshot_speedup\": %.2f}", per_s(&bo->booted[i],
		    (double)bo->booted[i].executions) > 0 ? per_s(&bo->real[i],
		    (double)bo->real[i].executions) / per_s(&bo->booted[i],
		    (double)bo->booted[i].executions) : 0);
	}
	printf("], \"upstream\": ");
	if (bo->upstream_dvr > 0) {
		double model = per_s(&bo->real[0], (double)bo->real[0].executions);

		printf("{\"binary\": \"tunsim-upstream\", \"scenario\": \"%s\", "
		    "\"executions_per_s\": %.0f, \"model_executions_per_s\": "
		    "%.0f, \"model_over_upstream\": %.2f, \"within_3x\": %s}",
		    bo->paths[0], bo->upstream_dvr, model,
		    model / bo->upstream_dvr,
		    model <= 3 * bo->upstream_dvr ? "true" : "false");
	} else
		printf("null");
	printf(", \"ledger_find_ns\": {\"miss_stack\": %.2f, "
	    "\"miss_static\": %.2f, \"hit\": %.2f}", lf.miss_stack_ns,
	    lf.miss_static_ns, lf.hit_ns);
	printf(", \"targets\": {");
	for (i = 0; i < 3; i++)
		printf("%s\"%s\": {\"measured\": %.2f, \"%s\": %.2f, "
		    "\"met\": %s}", i ? ", " : "", t[i].name, t[i].measured,
		    t[i].at_least ? "at_least" : "at_most", t[i].target,
		    met(&t[i]) ? "true" : "false");
	printf("}}\n");
}

static void
text_series(const char *what, const struct series *s)
{

	printf("%-40s %9.0f executions/s %8.1f ns/step (%.0f steps each)\n",
	    what, per_s(s, (double)s->executions), ns_per_step(s),
	    s->executions > 0 ? (double)s->steps / (double)s->executions : 0);
}

static void
print_text(const struct bench_out *bo)
{
	struct target t[3];
	int i;

	targets(bo, t);
	printf("coroutine switch      %8.2f ns (bare registers %.2f ns, "
	    "glibc swapcontext %.2f ns)\n", bo->switch_ns, bo->bare_ns,
	    bo->swapctx_ns);
	text_series("floor (bare scheduling points)", &bo->floor);
	text_series("synthetic (lock/unlock points)", &bo->synth);
	for (i = 0; i < NSCEN; i++) {
		text_series(bo->paths[i], &bo->real[i]);
		text_series("  the same, booting every execution",
		    &bo->booted[i]);
	}
	if (bo->upstream_dvr > 0)
		printf("%-40s %9.0f executions/s (the model %.2fx of it)\n",
		    "tunsim-upstream destroy-vs-rename", bo->upstream_dvr,
		    per_s(&bo->real[0], (double)bo->real[0].executions) /
		    bo->upstream_dvr);
	printf("ledger_find           %8.2f ns miss (stack), %.2f ns miss "
	    "(static), %.2f ns hit\n", lf.miss_stack_ns, lf.miss_static_ns,
	    lf.hit_ns);
	for (i = 0; i < 3; i++)
		printf("target: %-36s %10.2f (%s %.2f) %s\n", t[i].what,
		    t[i].measured, t[i].at_least ? "at least" : "at most",
		    t[i].target, met(&t[i]) ? "met" : "NOT met");
}

int
cli_bench(int argc, char **argv)
{
	gboolean json = FALSE;
	gchar *exec_s = NULL, *iters_s = NULL, *real_s = NULL;
	uint64_t executions = 3000, iters = 2000000, real_n = 5000;
	gchar *dir = NULL;
	GOptionEntry entries[] = {
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json,
		  "Print one JSON object", NULL },
		{ "executions", 'n', 0, G_OPTION_ARG_STRING, &exec_s,
		  "Executions of each synthetic program (default 3000)", "N" },
		{ "scenario-executions", 0, 0, G_OPTION_ARG_STRING, &real_s,
		  "Executions of each real scenario (default 5000)", "N" },
		{ "scenarios", 0, 0, G_OPTION_ARG_FILENAME, &dir,
		  "Where the bundled scenarios are (default scenarios)",
		  "DIR" },
		{ "iterations", 0, 0, G_OPTION_ARG_STRING, &iters_s,
		  "Round trips per switch probe (default 2000000)", "N" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *ctx = g_option_context_new("- measure the engine");
	struct bench_out bo;
	int i, rc = TSN_EXIT_USAGE;

	memset(&bo, 0, sizeof(bo));
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx, "Targets (docs/performance.md): "
	    "destroy-vs-rename at least 50000 executions/s on one core; real "
	    "ns/step at most 2x the synthetic program's, the synthetic at "
	    "most 2x the floor's.");
	if (!cli_parse(ctx, "bench", &argc, &argv))
		goto out;
	if (argc != 1) {
		rc = cli_usage_error("bench", "takes no arguments");
		goto out;
	}
	if ((exec_s != NULL && !cli_count("bench", "-n", exec_s, 1, INT32_MAX,
	    &executions)) || (iters_s != NULL && !cli_count("bench",
	    "--iterations", iters_s, 1, INT32_MAX, &iters)) ||
	    (real_s != NULL && !cli_count("bench", "--scenario-executions",
	    real_s, 1, INT32_MAX, &real_n)))
		goto out;
	for (i = 0; i < NSCEN; i++) {
		bo.paths[i] = g_build_filename(dir != NULL ? dir : "scenarios",
		    bench_scenarios[i], NULL);
		if (!g_file_test(bo.paths[i], G_FILE_TEST_IS_REGULAR)) {
			rc = cli_usage_error("bench", "%s not found (run from "
			    "the source tree or give --scenarios DIR)",
			    bo.paths[i]);
			goto out;
		}
	}
	bo.switch_ns = coro_bench_switch_ns((long)iters);
	bo.bare_ns = coro_bench_bare_switch_ns((long)iters);
	bo.swapctx_ns = coro_bench_swapcontext_ns((long)iters / 10 + 1);
	bench_find((long)iters);
	bench_program(floor_thread, (long)executions, &bo.floor);
	bench_program(bench_thread, (long)executions, &bo.synth);
	for (i = 0; i < NSCEN; i++)
		if (!bench_scenario(bo.paths[i], (long)real_n, true,
		    &bo.real[i]) || !bench_scenario(bo.paths[i], (long)real_n,
		    false, &bo.booted[i]))
			goto out;	/* runner_load said why */
	bo.upstream_dvr = bench_upstream(dir != NULL ? dir : "scenarios",
	    real_n);
	if (json)
		print_json(&bo);
	else
		print_text(&bo);
	if (bo.synth.violations + bo.floor.violations > 0) {
		fprintf(stderr, "tunsim bench: %d executions of the synthetic "
		    "programs reported a violation\n", bo.synth.violations +
		    bo.floor.violations);
		rc = TSN_EXIT_VIOLATION;
	} else
		rc = TSN_EXIT_OK;
out:
	for (i = 0; i < NSCEN; i++)
		g_free(bo.paths[i]);
	g_free(dir);
	g_free(exec_s);
	g_free(iters_s);
	g_free(real_s);
	g_option_context_free(ctx);
	return (rc);
}
