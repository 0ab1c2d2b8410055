/*
 * minimize.c - shrinking a failing schedule (see minimize.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine_int.h"
#include "minimize.h"

struct mz {
	const struct tsn_scenario *sc;
	const char	*sig;
	char		*site;
	enum mz_keep	keep;
	uint64_t	seed;		/* fault streams follow the seed */
	uint64_t	replays, limit;
	GHashTable	*f;		/* prefix length -> preemptions + 1 */
	/* the best so far: executed schedule and its cost */
	GArray		*best;
	uint64_t	best_pre, best_steps;
	uint64_t	crashes;
	char		*first_crash;	/* schedule text */
};

/* What a replay in a child process sends back. */
struct probe {
	bool		same;		/* the signature we want */
	bool		crashed;	/* the child died */
	uint64_t	preemptions, steps;
	GArray		*sched;		/* executed schedule */
};

static GArray *copy_sched(const GArray *s, guint len);

/* Does res fail the way we keep (the interestingness test)? */
static bool
keeps(const struct mz *z, const struct sim_result *res)
{

	switch (z->keep) {
	case MZ_SAME_SIGNATURE:
		return (g_strcmp0(res->signature, z->sig) == 0);
	case MZ_SAME_SITE:
		return (g_strcmp0(res->site, z->site) == 0);
	case MZ_ANY_VIOLATION:
		return (res->kind != SIM_V_NONE);
	}
	return (false);
}

static GQuark
mz_quark(void)
{

	return (g_quark_from_static_string("tunsim-minimize"));
}

/* Replay the first len decisions of s in this process. */
static void
replay_here(struct mz *z, const GArray *s, guint len, bool trace,
    struct sim_result *res)
{
	GArray *a = g_array_sized_new(FALSE, FALSE, sizeof(int), len);
	struct run_params rp;
	struct sim_config cfg;

	g_array_append_vals(a, s->data, MIN(len, s->len));
	run_params_init(&rp);
	rp.strategy = SIM_STRAT_REPLAY;
	rp.seed = z->seed;
	rp.replay = a;
	runner_config(&cfg, &rp, z->sc);
	cfg.trace = trace;
	runner_execute(z->sc, &cfg, res);
	g_array_free(a, TRUE);
}

/*
 * Run fn in a child process and return what it wrote to `out`, or NULL if
 * the child died: a schedule nobody ran before may crash a simulator bug,
 * and that must not take minimize down with it.
 */
static char *
isolated(struct mz *z, void (*fn)(struct mz *, void *, GString *), void *arg)
{
	GString *in = g_string_new("");
	char buf[4096];
	int fds[2], st;
	ssize_t n;
	pid_t pid;

	z->replays++;
	fflush(stdout);
	fflush(stderr);
	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		g_string_free(in, TRUE);
		return (NULL);
	}
	if (pid == 0) {
		GString *out = g_string_new("");
		const char *p;
		size_t left;

		close(fds[0]);
		fn(z, arg, out);
		for (p = out->str, left = out->len; left > 0; ) {
			n = write(fds[1], p, left);
			if (n <= 0)
				_exit(3);
			p += n;
			left -= (size_t)n;
		}
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		g_string_append_len(in, buf, n);
	}
	close(fds[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		g_string_free(in, TRUE);
		return (NULL);
	}
	return (g_string_free(in, FALSE));
}

struct probe_arg {
	const GArray	*s;
	guint		len;
};

static void
probe_child(struct mz *z, void *arg, GString *out)
{
	struct probe_arg *pa = arg;
	struct sim_result res;
	char *sched;

	replay_here(z, pa->s, pa->len, false, &res);
	sched = sim_schedule_format(res.schedule);
	g_string_printf(out, "%d %llu %llu\n%s\n",
	    keeps(z, &res), (unsigned long long)res.preemptions,
	    (unsigned long long)res.steps, sched);
	g_free(sched);
	sim_result_clear(&res);
}

/* Replay the first len decisions of s (in a child).  True: same violation. */
static bool
probe(struct mz *z, const GArray *s, guint len, struct probe *pr)
{
	struct probe_arg pa = { s, MIN(len, s->len) };
	unsigned long long pre, steps;
	char *text = isolated(z, probe_child, &pa), *nl;
	int same;

	memset(pr, 0, sizeof(*pr));
	if (text == NULL || sscanf(text, "%d %llu %llu", &same, &pre,
	    &steps) != 3 || (nl = strchr(text, '\n')) == NULL ||
	    (pr->sched = sim_schedule_parse(nl + 1, NULL)) == NULL) {
		GArray *a = copy_sched(s, pa.len);

		pr->crashed = true;
		if (z->crashes++ == 0)
			z->first_crash = sim_schedule_format(a);
		g_array_free(a, TRUE);
		g_free(text);
		return (false);
	}
	pr->same = same != 0;
	pr->preemptions = pre;
	pr->steps = steps;
	g_free(text);
	return (pr->same);
}

/* Preemptions among the first len decisions of s (memoized per s). */
static uint64_t
prefix_preemptions(struct mz *z, const GArray *s, guint len, uint64_t dflt)
{
	gpointer v = g_hash_table_lookup(z->f, GUINT_TO_POINTER(len));
	struct probe pr;
	uint64_t p;

	if (v != NULL)
		return ((uint64_t)GPOINTER_TO_SIZE(v) - 1);
	probe(z, s, len, &pr);
	/* A prefix that crashes: count it as adding no preemption. */
	p = pr.crashed ? dflt : pr.preemptions;
	if (pr.sched != NULL)
		g_array_free(pr.sched, TRUE);
	g_hash_table_insert(z->f, GUINT_TO_POINTER(len),
	    GSIZE_TO_POINTER((gsize)p + 1));
	return (p);
}

/* Decisions in [lo, hi) that preempt, given f(lo) and f(hi). */
static void
find_preemptions(struct mz *z, const GArray *s, guint lo, guint hi,
    uint64_t flo, uint64_t fhi, GArray *out)
{
	guint mid;
	uint64_t fm;

	if (flo >= fhi || z->replays >= z->limit)
		return;
	if (hi - lo == 1) {
		g_array_append_val(out, lo);
		return;
	}
	mid = lo + (hi - lo) / 2;
	fm = prefix_preemptions(z, s, mid, flo);
	find_preemptions(z, s, lo, mid, flo, fm, out);
	find_preemptions(z, s, mid, hi, fm, fhi, out);
}

static GArray *
preemption_points(struct mz *z, const GArray *s, uint64_t total)
{
	GArray *p = g_array_new(FALSE, FALSE, sizeof(guint));

	g_hash_table_remove_all(z->f);
	g_hash_table_insert(z->f, GUINT_TO_POINTER(0), GSIZE_TO_POINTER(1));
	g_hash_table_insert(z->f, GUINT_TO_POINTER(s->len),
	    GSIZE_TO_POINTER((gsize)total + 1));
	find_preemptions(z, s, 0, s->len, 0, total, p);
	return (p);
}

/* Keep the candidate's execution as the best if it fails the same way
 * with (preemptions, steps, decisions) smaller. */
static bool
consider(struct mz *z, struct probe *pr)
{
	bool better;

	if (!pr->same) {
		if (pr->sched != NULL)
			g_array_free(pr->sched, TRUE);
		return (false);
	}
	if (pr->preemptions != z->best_pre)
		better = pr->preemptions < z->best_pre;
	else if (pr->steps != z->best_steps)
		better = pr->steps < z->best_steps;
	else
		better = pr->sched->len < z->best->len;
	if (!better) {
		g_array_free(pr->sched, TRUE);
		return (false);
	}
	g_array_free(z->best, TRUE);
	/* From now on work on what was executed: it replays exactly. */
	z->best = pr->sched;
	z->best_pre = pr->preemptions;
	z->best_steps = pr->steps;
	return (true);
}

/* Try the first len decisions of cand (freed here) as the new best. */
static bool
try_candidate(struct mz *z, GArray *cand, guint len)
{
	struct probe pr;

	probe(z, cand, len, &pr);
	g_array_free(cand, TRUE);
	return (consider(z, &pr));
}

static bool
events_equal(const struct sim_event *a, const struct sim_event *b)
{

	return (a->kind == b->kind && a->tid == b->tid && a->step == b->step &&
	    a->ev == b->ev && a->obj == b->obj && a->line == b->line &&
	    a->arg == b->arg && g_strcmp0(a->note, b->note) == 0);
}

static const char *
tname(const struct sim_result *r, int tid)
{

	if (tid < 0 || r->trace_threads == NULL ||
	    (guint)tid >= r->trace_threads->len)
		return ("engine");
	return (g_ptr_array_index(r->trace_threads, tid));
}

/*
 * Name the preemption at decision p of s (in a child): where the preempted
 * thread was (its last scheduling point before the switch) and who ran
 * instead.  The traces of s[0..p) and s[0..p] agree up to that switch; the
 * thread the shorter one continues with is the one preempted.
 */
static void
name_child(struct mz *z, void *arg, GString *out)
{
	struct probe_arg *pa = arg;
	const GArray *s = pa->s;
	guint p = pa->len, i, n;
	struct sim_result a, b;
	int victim, d;

	replay_here(z, s, p + 1, true, &a);
	replay_here(z, s, p, true, &b);
	victim = b.schedule != NULL && p < b.schedule->len ?
	    g_array_index(b.schedule, int, p) : -1;
	n = MIN(a.trace->len, b.trace->len);
	for (i = 0; i < n; i++)
		if (!events_equal(&g_array_index(a.trace, struct sim_event, i),
		    &g_array_index(b.trace, struct sim_event, i)))
			break;
	for (d = (int)i - 1; d >= 0; d--) {
		const struct sim_event *e = &g_array_index(a.trace,
		    struct sim_event, d);

		if (e->tid == victim && e->kind == SIM_EV_POINT)
			break;
	}
	if (d >= 0) {
		const struct sim_event *e = &g_array_index(a.trace,
		    struct sim_event, d);
		char *where = trace_where(e->file, e->line);

		g_string_printf(out, "preempted %s after %s%s%s at %s; %s ran "
		    "(decision %u, step %llu)", tname(&a, victim), e->ev,
		    e->obj != NULL ? " " : "", e->obj != NULL ? e->obj : "",
		    where, tname(&a, g_array_index(s, int, p)), p,
		    (unsigned long long)e->step);
		g_free(where);
	} else
		g_string_printf(out, "preempted %s at decision %u; %s ran",
		    tname(&a, victim), p, tname(&a, g_array_index(s, int, p)));
	sim_result_clear(&a);
	sim_result_clear(&b);
}

static char *
name_point(struct mz *z, const GArray *s, guint p)
{
	struct probe_arg pa = { s, p };
	char *t = isolated(z, name_child, &pa);

	return (t != NULL ? t : g_strdup_printf("preemption at decision %u "
	    "(naming it crashed the simulator)", p));
}

static GArray *
copy_sched(const GArray *s, guint len)
{
	GArray *a = g_array_sized_new(FALSE, FALSE, sizeof(int), len);

	g_array_append_vals(a, s->data, MIN(len, s->len));
	return (a);
}

/* Start of each run of equal tids in s, and s->len at the end. */
static GArray *
runs_of(const GArray *s)
{
	GArray *r = g_array_new(FALSE, FALSE, sizeof(guint));
	guint i;

	for (i = 0; i < s->len; i++)
		if (i == 0 || g_array_index(s, int, i) !=
		    g_array_index(s, int, i - 1))
			g_array_append_val(r, i);
	g_array_append_val(r, i);
	return (r);
}

/*
 * Candidates built from runs (one thread chosen at consecutive decisions).
 * With runs X Y Z: "swap" gives X Z Y (when Z is X's thread, X goes on
 * instead of being preempted by Y: one or two switches fewer) and "drop"
 * gives X Z (Y's steps happen wherever the rest of the schedule lets
 * them).  Latest runs first, going on after every accepted change.
 */
static bool
shrink_runs(struct mz *z)
{
	GArray *r = runs_of(z->best);
	bool any = false;
	guint j, kind;

	/* r holds nruns + 1 entries; run j is [r[j], r[j+1]). */
	for (j = r->len - 2; j >= 1 && r->len >= 3 && z->replays < z->limit;) {
		guint b = g_array_index(r, guint, j);
		guint c = g_array_index(r, guint, j + 1);
		guint d = j + 2 < r->len ? g_array_index(r, guint, j + 2) : c;
		bool took = false;

		for (kind = 0; kind < 2 && !took; kind++) {
			const GArray *s = z->best;
			GArray *cand;

			if (kind == 0 && d == c)
				continue;	/* no Z to swap with */
			cand = copy_sched(s, b);
			if (kind == 0) {
				g_array_append_vals(cand, &g_array_index(s, int,
				    c), d - c);
				g_array_append_vals(cand, &g_array_index(s, int,
				    b), c - b);
				g_array_append_vals(cand, &g_array_index(s, int,
				    d), s->len - d);
			} else
				g_array_append_vals(cand, &g_array_index(s, int,
				    c), s->len - c);
			took = try_candidate(z, cand, cand->len);
		}
		if (took) {
			any = true;
			g_array_free(r, TRUE);
			r = runs_of(z->best);
			if (r->len < 3)
				break;
			if (j > r->len - 2)
				j = r->len - 2;
			continue;
		}
		j--;
	}
	g_array_free(r, TRUE);
	return (any);
}

bool
minimize_run(const struct tsn_scenario *sc, const struct run_params *rp,
    const char *signature, const char *site, enum mz_keep keep,
    uint64_t max_replays, struct minimize_result *m, GError **err)
{
	struct mz z;
	struct sim_config cfg;
	struct sim_result res;
	struct probe pr;
	GArray *pts;
	bool improved;
	guint i, len;

	memset(m, 0, sizeof(*m));
	memset(&z, 0, sizeof(z));
	z.sc = sc;
	z.sig = signature;
	z.keep = keep;
	z.seed = rp->seed;
	z.limit = max_replays;
	z.f = g_hash_table_new(g_direct_hash, g_direct_equal);
	/* The report's own execution, here: it ran before. */
	runner_config(&cfg, rp, sc);
	runner_execute(sc, &cfg, &res);
	z.replays++;
	if (g_strcmp0(res.signature, signature) != 0) {
		g_set_error(err, mz_quark(), 1, "the execution does not fail as "
		    "the report says (%s, now %s)", signature,
		    res.signature != NULL ? res.signature : "no violation");
		sim_result_clear(&res);
		goto bad;
	}
	z.site = g_strdup(site != NULL ? site : res.site);
	m->orig_preemptions = res.preemptions;
	m->orig_steps = res.steps;
	z.best = copy_sched(res.schedule, res.schedule->len);
	z.best_pre = res.preemptions;
	z.best_steps = res.steps;
	sim_result_clear(&res);
	/* The executed schedule must replay the same way. */
	if (!probe(&z, z.best, z.best->len, &pr)) {
		g_set_error(err, mz_quark(), 1, "the schedule does not replay to "
		    "the same violation%s", pr.crashed ? " (the replay crashed)" :
		    "");
		if (pr.sched != NULL)
			g_array_free(pr.sched, TRUE);
		goto bad;
	}
	g_array_free(pr.sched, TRUE);
	do {
		improved = false;
		pts = preemption_points(&z, z.best, z.best_pre);
		/* Cut before a preemption: it and all later ones go. */
		for (i = 0; i < pts->len && !improved; i++) {
			guint p = g_array_index(pts, guint, i);

			if (z.replays >= z.limit)
				break;
			improved = try_candidate(&z, copy_sched(z.best, p), p);
		}
		g_array_free(pts, TRUE);
		/* Move or drop whole runs of one thread, latest first. */
		if (shrink_runs(&z))
			improved = true;
	} while (improved && z.replays < z.limit);
	m->limit_hit = z.replays >= z.limit;
	/* Drop the tail after the last preemption if it changes nothing. */
	pts = preemption_points(&z, z.best, z.best_pre);
	len = pts->len > 0 ? g_array_index(pts, guint, pts->len - 1) + 1 : 0;
	m->schedule = copy_sched(z.best, z.best->len);
	if (len < z.best->len) {
		if (probe(&z, z.best, len, &pr) &&
		    pr.preemptions == z.best_pre && pr.steps == z.best_steps)
			g_array_set_size(m->schedule, len);
		if (pr.sched != NULL)
			g_array_free(pr.sched, TRUE);
	}
	m->points = g_ptr_array_new_with_free_func(g_free);
	for (i = 0; i < pts->len; i++)
		g_ptr_array_add(m->points, name_point(&z, m->schedule,
		    g_array_index(pts, guint, i)));
	g_array_free(pts, TRUE);
	/* The result, here: this schedule ran cleanly in a child. */
	replay_here(&z, m->schedule, m->schedule->len, false, &m->res);
	m->replays = z.replays;
	m->crashes = z.crashes;
	m->first_crash = z.first_crash;
	g_array_free(z.best, TRUE);
	g_hash_table_destroy(z.f);
	g_free(z.site);
	return (true);
bad:
	g_free(z.site);
	if (z.best != NULL)
		g_array_free(z.best, TRUE);
	g_free(z.first_crash);
	g_hash_table_destroy(z.f);
	minimize_result_clear(m);
	return (false);
}

void
minimize_result_clear(struct minimize_result *m)
{

	if (m->schedule != NULL)
		g_array_free(m->schedule, TRUE);
	sim_result_clear(&m->res);
	if (m->points != NULL)
		g_ptr_array_free(m->points, TRUE);
	g_free(m->first_crash);
	memset(m, 0, sizeof(*m));
}
