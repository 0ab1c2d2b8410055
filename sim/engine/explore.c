/*
 * explore.c - the exploration loop (see explore.h).
 *
 * Besides coro.c and `tunsim bench`, the one place that reads the host's
 * clock: for --time (stopping only) and the progress line and elapsed
 * time.  No decision an execution makes depends on it.
 *
 * SIGINT and SIGTERM stop an exploration the way --time does: every worker
 * finishes the execution it is in and stops, and only the completed
 * prefix of each scenario's seed range counts (its reports are written,
 * each to a temporary name first).  A second signal in the parent ends it
 * at once, as the default action would.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dfs.h"
#include "explore.h"
#include "report.h"

#define	PROGRESS_US	200000		/* progress line refresh */
#define	FLUSH_US	100000		/* worker record flush */

/* The lowest failing execution seen for one signature. */
struct best {
	uint64_t	index;		/* position in the seed range */
	uint64_t	seed;
	GArray		*fails;		/* uint64_t: indices failing this way */
	char		*kind;
	char		*signature;
	char		*message;
	GArray		*schedule;	/* dfs: to replay it */
};

/*
 * A lock order seen by this process (sim_lock_order), for the graph of all
 * executions: the lowest execution index that showed it.
 */
struct seen_order {
	const char	*first, *second;	/* interned */
	char		*where1, *where2;
	uint64_t	index;
};

struct explorer {
	const struct explore_opts *o;
	const struct tsn_scenario *sc;
	struct run_params rp;
	/* the seed range of this scenario (after sharding) */
	uint64_t	first, stride, count;
	GHashTable	*best;		/* signature -> struct best * */
	/*
	 * Interned first name -> (interned second name -> struct seen_order
	 * *): this scenario's lock orders.  Keyed by pointer for lookups
	 * only; finish_scenario hands them to the summary, which sorts.
	 */
	GHashTable	*orders;
	gint64		start, deadline; /* monotonic us; deadline 0: none */
	gint64		last_progress;
	uint64_t	done_before;	/* executions of earlier scenarios */
	int		index, nscenarios;
};

/* The first SIGINT/SIGTERM seen, 0 if none. */
static volatile sig_atomic_t stop_sig;
static volatile sig_atomic_t in_worker;

static void
on_stop_signal(int sig)
{

	if (stop_sig != 0 && !in_worker) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	if (stop_sig == 0)
		stop_sig = sig;
}

int
explore_interrupted(void)
{

	return (stop_sig);
}

static void
best_free(gpointer p)
{
	struct best *b = p;

	g_free(b->kind);
	g_free(b->signature);
	g_free(b->message);
	if (b->schedule != NULL)
		g_array_free(b->schedule, TRUE);
	if (b->fails != NULL)
		g_array_free(b->fails, TRUE);
	g_free(b);
}

void
explore_opts_init(struct explore_opts *o)
{

	memset(o, 0, sizeof(*o));
	run_params_init(&o->rp);
	o->seed_hi = 999;
	o->jobs = 1;
	o->report_dir = "reports";
	o->por = -1;
}

static bool
time_up(const struct explorer *ex)
{

	return (stop_sig != 0 || (ex->deadline != 0 &&
	    g_get_monotonic_time() >= ex->deadline));
}

/* Keep (index, ...) if it is the lowest failing index of its signature. */
static void
collect(struct explorer *ex, uint64_t index, const char *kind,
    const char *sig, const char *msg, const GArray *sched)
{
	struct best *b = g_hash_table_lookup(ex->best, sig);

	if (b != NULL)
		g_array_append_val(b->fails, index);
	if (b != NULL && b->index <= index)
		return;
	if (b == NULL) {
		b = g_new0(struct best, 1);
		b->signature = g_strdup(sig);
		b->fails = g_array_new(FALSE, FALSE, sizeof(uint64_t));
		g_array_append_val(b->fails, index);
		g_hash_table_insert(ex->best, b->signature, b);
	}
	b->index = index;
	b->seed = ex->first + index * ex->stride;
	g_free(b->kind);
	g_free(b->message);
	b->kind = g_strdup(kind);
	b->message = g_strdup(msg != NULL ? msg : "");
	if (b->schedule != NULL)
		g_array_free(b->schedule, TRUE);
	b->schedule = NULL;
	if (sched != NULL) {
		b->schedule = g_array_sized_new(FALSE, FALSE, sizeof(int),
		    sched->len);
		g_array_append_vals(b->schedule, sched->data, sched->len);
	}
}

static void
seen_order_free(gpointer p)
{
	struct seen_order *o = p;

	g_free(o->where1);
	g_free(o->where2);
	g_free(o);
}

/*
 * Note a lock order of execution `index` (names interned); keeps the lowest
 * index.  Returns true when the order is new to this process.
 */
static bool
collect_order(struct explorer *ex, uint64_t index, const char *first,
    const char *second, const char *where1, const char *where2)
{
	GHashTable *inner = g_hash_table_lookup(ex->orders, first);
	struct seen_order *o;

	if (inner == NULL) {
		inner = g_hash_table_new_full(g_direct_hash, g_direct_equal,
		    NULL, seen_order_free);
		g_hash_table_insert(ex->orders, (gpointer)first, inner);
	}
	o = g_hash_table_lookup(inner, second);
	if (o != NULL) {
		if (o->index > index) {
			o->index = index;
			g_free(o->where1);
			g_free(o->where2);
			o->where1 = g_strdup(where1);
			o->where2 = g_strdup(where2);
		}
		return (false);
	}
	o = g_new0(struct seen_order, 1);
	o->first = first;
	o->second = second;
	o->where1 = g_strdup(where1);
	o->where2 = g_strdup(where2);
	o->index = index;
	g_hash_table_insert(inner, (gpointer)second, o);
	return (true);
}

/*
 * The lock orders of one execution into this process's table; a worker
 * (w != NULL) also sends each order new to it to the parent, before the
 * execution's own record, tagged with the scenario's index si.  Only the first sighting is formatted: the
 * names are interned, so a known order costs two pointer lookups.
 */
static void
execution_orders(struct explorer *ex, uint64_t index,
    const struct sim_result *res, FILE *w, int si)
{
	guint i;

	if (res->lock_orders == NULL)
		return;
	for (i = 0; i < res->lock_orders->len; i++) {
		const struct sim_lock_order *lo = &g_array_index(
		    res->lock_orders, struct sim_lock_order, i);
		GHashTable *inner = g_hash_table_lookup(ex->orders, lo->first);
		char w1[512], w2[512];

		if (inner != NULL && g_hash_table_contains(inner, lo->second))
			continue;	/* Seen at a lower index already. */
		snprintf(w1, sizeof(w1), "%s:%d", lo->file1, lo->line1);
		snprintf(w2, sizeof(w2), "%s:%d", lo->file2, lo->line2);
		(void)collect_order(ex, index, lo->first, lo->second, w1, w2);
		if (w != NULL)
			fprintf(w, "O\t%d\t%llu\t%s\t%s\t%s\t%s\n", si,
			    (unsigned long long)index, lo->first, lo->second,
			    w1, w2);
	}
}

static void
progress(struct explorer *ex, uint64_t done, bool force)
{
	gint64 now;
	double el;

	if (!ex->o->progress)
		return;
	now = g_get_monotonic_time();
	if (!force && now - ex->last_progress < PROGRESS_US)
		return;
	ex->last_progress = now;
	el = (double)(now - ex->start) / 1e6;
	fprintf(stderr, "\r\033[K[%d/%d] %s: %llu executions, %.0f/s, %u "
	    "distinct violation%s", ex->index + 1, ex->nscenarios,
	    ex->sc->path, (unsigned long long)done, el > 0 ?
	    (double)(ex->done_before + done) / el : 0.0,
	    g_hash_table_size(ex->best),
	    g_hash_table_size(ex->best) == 1 ? "" : "s");
}

static void
execute_one(struct explorer *ex, uint64_t index, struct sim_result *res)
{
	struct run_params rp = ex->rp;
	struct sim_config cfg;

	rp.seed = ex->first + index * ex->stride;
	runner_config(&cfg, &rp, ex->sc);
	cfg.trace = ex->o->trace;
	cfg.brief = true;	/* a kept seed is re-run for its report */
	runner_execute(ex->sc, &cfg, res);
	if (ex->o->on_execution != NULL)
		ex->o->on_execution(ex->sc, res, ex->o->on_execution_arg);
}

/* One process, seeds in order.  Returns how many were run. */
static uint64_t
run_serial(struct explorer *ex)
{
	struct sim_result res;
	uint64_t i;

	for (i = 0; i < ex->count; i++) {
		if (time_up(ex))
			break;
		execute_one(ex, i, &res);
		if (res.kind != SIM_V_NONE)
			collect(ex, i, sim_violation_name(res.kind),
			    res.signature, res.message, NULL);
		execution_orders(ex, i, &res, NULL, -1);
		sim_result_clear(&res);
		progress(ex, i + 1, false);
	}
	return (i);
}

/*
 * A worker of the pool: every scenario in order, and of each the indices
 * j, j+jobs, ...; one record line per execution, tagged with the
 * scenario's index.  It calibrates pct itself (the same k in every
 * process: calibration is one deterministic execution) and says so in a
 * "P" record that also opens the scenario.  So no worker waits for
 * another between scenarios.
 */
static void __attribute__((noreturn))
pool_worker(struct explorer *exs, int nsc, int j, int jobs, int fd)
{
	FILE *w = fdopen(fd, "w");
	struct sim_result res;
	gint64 last = g_get_monotonic_time(), now;
	uint64_t i;
	bool failed;
	int s;

	if (w == NULL)
		_exit(3);
	for (s = 0; s < nsc && stop_sig == 0; s++) {
		struct explorer *ex = &exs[s];

		if (ex->o->rp.strategy == SIM_STRAT_PCT && ex->rp.pct_steps == 0)
			ex->rp.pct_steps = runner_calibrate_pct(ex->sc);
		fprintf(w, "P\t%d\t%llu\n", s,
		    (unsigned long long)ex->rp.pct_steps);
		for (i = (uint64_t)j; i < ex->count; i += (uint64_t)jobs) {
			if (time_up(ex))
				break;
			execute_one(ex, i, &res);
			execution_orders(ex, i, &res, w, s);
			failed = res.kind != SIM_V_NONE;
			if (failed) {
				char *sig = g_strescape(res.signature, NULL);
				char *msg = g_strescape(res.message != NULL ?
				    res.message : "", NULL);

				fprintf(w, "V\t%d\t%llu\t%s\t%s\t%s\n", s,
				    (unsigned long long)i,
				    sim_violation_name(res.kind), sig, msg);
				g_free(sig);
				g_free(msg);
			} else
				fprintf(w, "D\t%d\t%llu\n", s,
				    (unsigned long long)i);
			sim_result_clear(&res);
			/*
			 * Flush by time only: a write per failing execution
			 * (a quarter of them in the bundled suite) woke the
			 * parent thousands of times a second.
			 */
			now = g_get_monotonic_time();
			if (now - last >= FLUSH_US) {
				fflush(w);
				last = now;
			}
		}
	}
	fclose(w);
	_exit(0);
}

struct wstate {
	pid_t		pid;
	int		fd;
	GString		*buf;
	int		cur;		/* scenario of the last "P", -1 */
	uint64_t	*done;		/* per scenario: executions received */
	bool		bad;		/* a record out of order */
};

/*
 * One record of worker j into the scenario tables.  Records must come in
 * the worker's own order (scenarios ascending, each opened by "P", its
 * indices j, j+jobs, ...), which is what makes the prefix computable.
 */
static void
worker_line(struct explorer *exs, int nsc, struct wstate *w, int j, int jobs,
    char *line)
{
	char **f = g_strsplit(line, "\t", 7);
	struct explorer *ex;
	uint64_t idx;
	int s;

	if (f[0] == NULL || f[1] == NULL || f[2] == NULL)
		goto bad;
	s = atoi(f[1]);
	idx = g_ascii_strtoull(f[2], NULL, 10);
	if (strcmp(f[0], "P") == 0) {
		if (s != w->cur + 1 || s >= nsc)
			goto bad;
		w->cur = s;
		ex = &exs[s];
		if (ex->rp.pct_steps == 0)
			ex->rp.pct_steps = idx;
		else if (ex->rp.pct_steps != idx)
			goto bad;	/* calibration differed: nondeterminism */
		g_strfreev(f);
		return;
	}
	if (s != w->cur || s < 0)
		goto bad;
	ex = &exs[s];
	if (idx != (uint64_t)j + w->done[s] * (uint64_t)jobs)
		goto bad;
	if (strcmp(f[0], "O") == 0) {
		/* A lock order of the execution whose record follows. */
		if (f[3] == NULL || f[4] == NULL || f[5] == NULL ||
		    f[6] == NULL)
			goto bad;
		(void)collect_order(ex, idx, sim_intern(f[3]),
		    sim_intern(f[4]), f[5], f[6]);
		g_strfreev(f);
		return;
	}
	if (strcmp(f[0], "V") == 0) {
		char *sig, *msg;

		if (f[3] == NULL || f[4] == NULL || f[5] == NULL)
			goto bad;
		sig = g_strcompress(f[4]);
		msg = g_strcompress(f[5]);
		collect(ex, idx, f[3], sig, msg, NULL);
		g_free(sig);
		g_free(msg);
	} else if (strcmp(f[0], "D") != 0)
		goto bad;
	w->done[s]++;
	g_strfreev(f);
	return;
bad:
	w->bad = true;
	g_strfreev(f);
}

/*
 * Fork `n` workers running fn(j, arg) with SIGINT/SIGTERM held over the
 * fork, so a worker is one (handles a signal as one) from its first
 * instant.  With fds != NULL each worker gets the write end of a pipe and
 * fds[j] the read end.  Returns how many were started (pids[]).
 */
static int
fork_workers(int n, pid_t *pids, int *fds,
    void (*fn)(int j, int fd, void *arg), void *arg)
{
	int j, k, pfds[2] = { -1, -1 };
	sigset_t stop, old;

	fflush(stdout);
	fflush(stderr);
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);
	for (j = 0; j < n; j++) {
		if (fds != NULL && pipe(pfds) != 0) {
			fprintf(stderr, "tunsim: pipe: %s\n", strerror(errno));
			break;
		}
		pids[j] = fork();
		if (pids[j] == 0) {
			in_worker = 1;
			sigprocmask(SIG_SETMASK, &old, NULL);
			if (fds != NULL) {
				close(pfds[0]);
				for (k = 0; k < j; k++)
					close(fds[k]);
			}
			fn(j, pfds[1], arg);
			_exit(0);
		}
		if (fds != NULL)
			close(pfds[1]);
		if (pids[j] < 0) {
			fprintf(stderr, "tunsim: fork: %s\n", strerror(errno));
			if (fds != NULL)
				close(pfds[0]);
			break;
		}
		if (fds != NULL)
			fds[j] = pfds[0];
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return (j);
}

struct pool_arg {
	struct explorer	*exs;
	int		nsc, jobs;
};

/* fork_workers' entry for worker j of the seed pool (never returns). */
static void
pool_start(int j, int fd, void *arg)
{
	struct pool_arg *a = arg;

	pool_worker(a->exs, a->nsc, j, a->jobs, fd);
}

/*
 * Every scenario of exs[] (random, pct) with `jobs` worker processes,
 * forked once for the whole run.  Fills prefix[s]: how much of scenario
 * s's range counts.  That is the longest prefix every execution of which
 * finished, for the first scenario not completely run (--time, a signal);
 * later scenarios get none, as with one process.  *ok false if a worker
 * failed.
 */
static void
run_pool(struct explorer *exs, int nsc, int jobs, uint64_t *prefix, bool *ok)
{
	struct wstate *ws = g_new0(struct wstate, jobs);
	struct pollfd *pfd = g_new0(struct pollfd, jobs);
	pid_t *pids = g_new0(pid_t, jobs);
	int *fds = g_new0(int, jobs);
	struct pool_arg pa = { exs, nsc, jobs };
	int j, k, s, open_n, st;
	bool forwarded = false, cut = false;
	char chunk[8192];
	gint64 lastp = 0;

	open_n = fork_workers(jobs, pids, fds, pool_start, &pa);
	if (open_n < jobs)
		*ok = false;
	jobs = open_n;
	for (j = 0; j < jobs; j++) {
		ws[j].pid = pids[j];
		ws[j].fd = fds[j];
		ws[j].buf = g_string_new("");
		ws[j].cur = -1;
		ws[j].done = g_new0(uint64_t, nsc);
	}
	while (open_n > 0) {
		uint64_t total = 0;
		int n = 0, low = nsc - 1;

		/* A signal the workers may not have had (kill PARENT). */
		if (stop_sig != 0 && !forwarded) {
			for (j = 0; j < jobs; j++)
				if (ws[j].fd >= 0)
					kill(ws[j].pid, stop_sig);
			forwarded = true;
		}

		for (j = 0; j < jobs; j++)
			if (ws[j].fd >= 0) {
				pfd[n].fd = ws[j].fd;
				pfd[n].events = POLLIN;
				pfd[n].revents = 0;
				n++;
			}
		if (poll(pfd, (nfds_t)n, PROGRESS_US / 1000) < 0 &&
		    errno != EINTR)
			break;
		for (j = 0; j < jobs; j++) {
			ssize_t r;
			char *nl;

			if (ws[j].fd < 0)
				continue;
			for (k = 0; k < n && pfd[k].fd != ws[j].fd; k++)
				;
			if (k == n || pfd[k].revents == 0)
				continue;
			r = read(ws[j].fd, chunk, sizeof(chunk));
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				close(ws[j].fd);
				ws[j].fd = -1;
				open_n--;
				continue;
			}
			g_string_append_len(ws[j].buf, chunk, r);
			while ((nl = memchr(ws[j].buf->str, '\n',
			    ws[j].buf->len)) != NULL) {
				*nl = '\0';
				worker_line(exs, nsc, &ws[j], j, jobs,
				    ws[j].buf->str);
				g_string_erase(ws[j].buf, 0,
				    nl - ws[j].buf->str + 1);
			}
		}
		/* The progress line names the lowest scenario still running. */
		for (j = 0; j < jobs; j++) {
			if (ws[j].fd >= 0 && ws[j].cur >= 0 && ws[j].cur < low)
				low = ws[j].cur;
		}
		for (s = 0; s < low; s++)
			total += exs[s].count;
		exs[low].done_before = total;
		exs[low].last_progress = lastp;
		total = 0;
		for (j = 0; j < jobs; j++)
			total += ws[j].done[low];
		progress(&exs[low], total, false);
		lastp = exs[low].last_progress;
	}
	for (s = 0; s < nsc; s++) {
		uint64_t p = exs[s].count;

		for (j = 0; j < jobs; j++) {
			uint64_t first_missing = (uint64_t)j + ws[j].done[s] *
			    (uint64_t)jobs;

			if (first_missing < p)
				p = first_missing;
		}
		prefix[s] = cut ? 0 : p;
		if (p < exs[s].count)
			cut = true;
	}
	for (j = 0; j < jobs; j++) {
		while (waitpid(ws[j].pid, &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || ws[j].bad ||
		    ws[j].buf->len != 0) {
			fprintf(stderr, "tunsim: worker %d failed (%s %d) in "
			    "%s\n", j + 1,
			    WIFSIGNALED(st) ? "signal" : "exit status",
			    WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st),
			    ws[j].cur >= 0 ? exs[ws[j].cur].sc->path :
			    "its first scenario");
			*ok = false;
		}
		g_string_free(ws[j].buf, TRUE);
		g_free(ws[j].done);
	}
	if (jobs == 0)
		for (s = 0; s < nsc; s++)
			prefix[s] = 0;
	g_free(ws);
	g_free(pfd);
	g_free(pids);
	g_free(fds);
}

/* dfs: one process, until the tree is exhausted or the budget spent. */
static uint64_t
run_dfs(struct explorer *ex, struct explore_scenario *es)
{
	struct sim_dfs *d = sim_dfs_new(ex->o->rp.preemption_bound);
	bool *exhausted = &es->exhausted;
	struct sim_config cfg;
	struct sim_result res;
	uint64_t i;

	*exhausted = false;
	if (ex->o->por >= 0)
		sim_dfs_set_reduction(d, (enum sim_por)ex->o->por);
	for (i = 0; ex->o->budget == 0 || i < ex->o->budget; i++) {
		struct run_params rp = ex->rp;
		bool more;

		if (time_up(ex)) {
			es->timed_out = true;
			break;
		}
		rp.seed = i;
		runner_config(&cfg, &rp, ex->sc);
		cfg.dfs = d;
		cfg.trace = ex->o->trace;
		cfg.brief = true;	/* reports re-run their execution */
		runner_execute(ex->sc, &cfg, &res);
		if (ex->o->on_execution != NULL)
			ex->o->on_execution(ex->sc, &res,
			    ex->o->on_execution_arg);
		if (res.kind != SIM_V_NONE)
			collect(ex, i, sim_violation_name(res.kind),
			    res.signature, res.message, res.schedule);
		execution_orders(ex, i, &res, NULL, -1);
		sim_result_clear(&res);
		more = sim_dfs_next(d);
		progress(ex, i + 1, false);
		if (!more) {
			*exhausted = true;
			i++;
			break;
		}
	}
	/* The claim: every schedule within the bound, up to equivalence. */
	es->complete = *exhausted;
	es->pruned = sim_dfs_pruned(d);
	es->bound_reached = sim_dfs_bound_reached(d);
	sim_dfs_free(d);
	return (i);
}

static gint
best_cmp(gconstpointer a, gconstpointer b)
{
	const struct best *x = *(struct best *const *)a;
	const struct best *y = *(struct best *const *)b;

	return (x->index < y->index ? -1 : x->index > y->index);
}

/* A report to write: the kept execution of one signature. */
struct rerun {
	const struct explorer		*ex;
	const struct best		*b;
	const struct explore_violation	*ev;
};

/*
 * Add the kept execution of each signature (below `prefix`) and the lock
 * orders of the counted executions to the summary; each report to write
 * joins `todo` (struct rerun *).
 */
static void
finish_scenario(struct explorer *ex, uint64_t prefix,
    struct explore_summary *out, int si, GPtrArray *todo)
{
	GPtrArray *kept = g_ptr_array_new();
	GHashTableIter it;
	gpointer v;
	guint i, k;

	g_hash_table_iter_init(&it, ex->best);
	while (g_hash_table_iter_next(&it, NULL, &v))
		if (((struct best *)v)->index < prefix)
			g_ptr_array_add(kept, v);
	g_ptr_array_sort(kept, best_cmp);
	/* The lock orders of the counted executions join the whole graph. */
	g_hash_table_iter_init(&it, ex->orders);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		GHashTableIter in;
		gpointer ov;

		/* Any order: the summary keeps them sorted, lowest seed. */
		g_hash_table_iter_init(&in, v);
		while (g_hash_table_iter_next(&in, NULL, &ov)) {
			struct seen_order *o = ov;

			if (o->index < prefix)
				summary_add_lock_order(out, o->first,
				    o->second, o->where1, o->where2, si,
				    ex->first + o->index * ex->stride);
		}
	}
	for (i = 0; i < kept->len; i++) {
		struct best *b = g_ptr_array_index(kept, i);
		struct explore_violation *ev = g_new0(struct explore_violation,
		    1);
		struct rerun *r;

		ev->scenario = si;
		ev->kind = g_strdup(b->kind);
		ev->signature = g_strdup(b->signature);
		ev->seed = b->seed;
		/* Only the executions of the prefix (--time cuts workers). */
		for (k = 0; k < b->fails->len; k++)
			if (g_array_index(b->fails, uint64_t, k) < prefix)
				ev->count++;
		ev->message = g_strdup(b->message);
		g_ptr_array_add(out->violations, ev);
		if (ex->o->report_dir == NULL)
			continue;
		ev->report = report_path(ex->o->report_dir, ex->sc->path,
		    b->kind, b->seed);
		r = g_new0(struct rerun, 1);
		r->ex = ex;
		r->b = b;
		r->ev = ev;
		g_ptr_array_add(todo, r);
	}
	g_ptr_array_free(kept, TRUE);
}

/* Re-run one kept execution and write its report (to ev->report). */
static void
rerun_one(const struct rerun *r)
{
	const struct explorer *ex = r->ex;
	const struct best *b = r->b;
	struct run_params rp = ex->rp;
	struct sim_config cfg;
	struct sim_result res;
	GError *err = NULL;

	rp.seed = b->seed;
	rp.replay = b->schedule;
	runner_config(&cfg, &rp, ex->sc);
	runner_execute(ex->sc, &cfg, &res);
	if (g_strcmp0(res.signature, b->signature) != 0)
		fprintf(stderr, "tunsim: %s seed %llu did not fail the "
		    "same way again (%s, then %s): nondeterminism\n",
		    ex->sc->path, (unsigned long long)b->seed,
		    b->signature, res.signature ? res.signature :
		    "no violation");
	if (res.kind != SIM_V_NONE && !report_save(r->ev->report, ex->sc,
	    &rp, &res, NULL, &err)) {
		fprintf(stderr, "tunsim: %s\n", err->message);
		g_clear_error(&err);
	}
	sim_result_clear(&res);
}

struct rerun_arg {
	GPtrArray	*todo;
	int		jobs;
};

/* A report worker: reports j, j+jobs, ... of the list. */
static void
rerun_start(int j, int fd, void *arg)
{
	struct rerun_arg *a = arg;
	guint i;

	(void)fd;
	for (i = (guint)j; i < a->todo->len; i += (guint)a->jobs)
		rerun_one(g_ptr_array_index(a->todo, i));
	fflush(stderr);
	_exit(0);
}

/*
 * Write every report of `todo`, with `jobs` processes.  Each report is a
 * file of its own, written from the kept seed alone, so which process
 * writes it changes nothing.  False if a worker failed.
 */
static bool
write_reports(GPtrArray *todo, int jobs)
{
	struct rerun_arg a = { todo, jobs };
	pid_t *pids;
	bool ok = true;
	guint i;
	int j, n, st;

	if ((guint)jobs > todo->len)
		jobs = (int)todo->len;
	if (jobs <= 1) {
		for (i = 0; i < todo->len; i++)
			rerun_one(g_ptr_array_index(todo, i));
		return (true);
	}
	a.jobs = jobs;
	pids = g_new0(pid_t, jobs);
	n = fork_workers(jobs, pids, NULL, rerun_start, &a);
	/* The share of a worker that could not be started: here. */
	for (i = 0; n < jobs && i < todo->len; i++)
		if ((int)(i % (guint)jobs) >= n)
			rerun_one(g_ptr_array_index(todo, i));
	for (j = 0; j < n; j++) {
		while (waitpid(pids[j], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "tunsim: report worker %d failed\n",
			    j + 1);
			ok = false;
		}
	}
	g_free(pids);
	return (ok);
}

bool
explore_run(GPtrArray *scenarios, const struct explore_opts *o,
    struct explore_summary *out)
{
	struct explorer *exs;
	struct sigaction sa, old_int, old_term;
	GPtrArray *todo = g_ptr_array_new_with_free_func(g_free);
	uint64_t *prefix;
	uint64_t done_before = 0;
	gint64 start;
	guint i, nsc = scenarios->len;
	bool ok = true, pool;
	int jobs = o->jobs < 1 ? 1 : o->jobs;

	stop_sig = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	summary_init(out);
	out->strategy = g_strdup(sim_strategy_name(o->rp.strategy));
	out->pct_depth = o->rp.pct_depth;
	out->preemption_bound = o->rp.preemption_bound;
	if (o->rp.strategy == SIM_STRAT_DFS)
		out->por = g_strdup(sim_por_name(o->por >= 0 ?
		    (enum sim_por)o->por :
		    sim_por_default(o->rp.preemption_bound)));
	if (o->rp.strategy == SIM_STRAT_DFS)
		out->seeds = o->budget ? g_strdup_printf("0..%llu",
		    (unsigned long long)(o->budget - 1)) : g_strdup("all");
	else
		out->seeds = g_strdup_printf("%llu..%llu",
		    (unsigned long long)o->seed_lo,
		    (unsigned long long)o->seed_hi);
	if (o->shard_n > 0)
		out->shard = g_strdup_printf("%d/%d", o->shard_k, o->shard_n);
	if (o->on_execution != NULL)
		jobs = 1;	/* the callback runs where the executions do */
	pool = jobs > 1 && o->rp.strategy != SIM_STRAT_DFS;
	start = g_get_monotonic_time();
	exs = g_new0(struct explorer, nsc > 0 ? nsc : 1);
	prefix = g_new0(uint64_t, nsc > 0 ? nsc : 1);
	/* Every scenario's seed range, known before any worker starts. */
	for (i = 0; i < nsc; i++) {
		struct explorer *ex = &exs[i];
		struct explore_scenario *es = g_new0(struct explore_scenario, 1);
		uint64_t n = o->shard_n > 0 ? (uint64_t)o->shard_n : 1;
		uint64_t k = o->shard_n > 0 ? (uint64_t)o->shard_k - 1 : 0;

		ex->o = o;
		ex->sc = g_ptr_array_index(scenarios, i);
		ex->index = (int)i;
		ex->nscenarios = (int)nsc;
		ex->rp = o->rp;
		ex->start = start;
		ex->deadline = o->time_limit > 0 ? start +
		    (gint64)(o->time_limit * 1e6) : 0;
		ex->best = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
		    best_free);
		ex->orders = g_hash_table_new_full(g_direct_hash,
		    g_direct_equal, NULL, (GDestroyNotify)g_hash_table_unref);
		if (o->rp.strategy != SIM_STRAT_DFS) {
			ex->stride = n;
			ex->first = o->seed_lo + (k + n - o->seed_lo % n) % n;
			ex->count = ex->first < o->seed_lo ||
			    ex->first > o->seed_hi ? 0 :
			    (o->seed_hi - ex->first) / n + 1;
		} else {
			ex->first = 0;
			ex->stride = 1;
		}
		es->path = g_strdup(ex->sc->path);
		es->sha256 = g_strdup(ex->sc->sha256);
		g_ptr_array_add(out->scenarios, es);
	}
	if (pool && nsc > 0)
		run_pool(exs, (int)nsc, jobs, prefix, &ok);
	for (i = 0; i < nsc; i++) {
		struct explorer *ex = &exs[i];
		struct explore_scenario *es = g_ptr_array_index(out->scenarios,
		    i);

		if (pool) {
			/* A scenario no worker reached (--time) calibrates. */
			if (o->rp.strategy == SIM_STRAT_PCT &&
			    ex->rp.pct_steps == 0 && stop_sig == 0)
				ex->rp.pct_steps = runner_calibrate_pct(ex->sc);
		} else if (stop_sig != 0) {
			/* Interrupted before this scenario: none of it ran. */
			prefix[i] = 0;
		} else if (o->rp.strategy == SIM_STRAT_DFS) {
			prefix[i] = run_dfs(ex, es);
		} else {
			if (o->rp.strategy == SIM_STRAT_PCT &&
			    ex->rp.pct_steps == 0)
				ex->rp.pct_steps = runner_calibrate_pct(ex->sc);
			ex->done_before = done_before;
			prefix[i] = run_serial(ex);
		}
		es->pct_steps = o->rp.strategy == SIM_STRAT_PCT ?
		    ex->rp.pct_steps : 0;
		es->executions = prefix[i];
		out->executions += prefix[i];
		ex->done_before = done_before;
		progress(ex, prefix[i], true);
		done_before += prefix[i];
		finish_scenario(ex, prefix[i], out, (int)i, todo);
	}
	if (!write_reports(todo, jobs))
		ok = false;
	for (i = 0; i < nsc; i++) {
		g_hash_table_destroy(exs[i].best);
		g_hash_table_destroy(exs[i].orders);
	}
	g_ptr_array_free(todo, TRUE);
	g_free(exs);
	g_free(prefix);
	if (o->progress)
		fputs("\r\033[K", stderr);
	out->elapsed_s = (double)(g_get_monotonic_time() - start) / 1e6;
	summary_sort(out);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return (ok);
}
