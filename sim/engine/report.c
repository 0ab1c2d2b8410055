/*
 * report.c - writing and reading race reports (see report.h and
 * docs/reproducing.md).
 *
 * Everything written is derived from the execution's result and its
 * parameters, so two runs of the same scenario and seed write the same
 * bytes.  Values that could hold a newline (the message) are escaped C
 * style (g_strescape) and read back with g_strcompress.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"
#include "report.h"
#include "version.h"

#define	REPORT_MAGIC	"# tunsim race report"

static GQuark
report_quark(void)
{

	return (g_quark_from_static_string("tunsim-report"));
}

static const char *
res_thread_name(const struct sim_result *res)
{

	if (res->tid < 0 || res->threads == NULL ||
	    (guint)res->tid >= res->threads->len)
		return ("engine");
	return (((struct sim_thread_summary *)g_ptr_array_index(res->threads,
	    res->tid))->name);
}

static bool
replays_by_schedule(enum sim_strategy s)
{

	return (s == SIM_STRAT_DFS || s == SIM_STRAT_REPLAY);
}

void
report_write(FILE *f, const char *self, const struct tsn_scenario *sc,
    const struct run_params *rp, const struct sim_result *res,
    const GPtrArray *preemptions)
{
	bool by_sched = replays_by_schedule(rp->strategy);
	char *sched, *where, *msg;
	guint i, j;

	sched = sim_schedule_format(by_sched && rp->replay != NULL ?
	    rp->replay : res->schedule);
	where = trace_where(res->file, res->line);
	msg = g_strescape(res->message != NULL ? res->message : "", NULL);
	fprintf(f, "%s\n", REPORT_MAGIC);
	fprintf(f, "tunsim-version: %s\n", TUNSIM_VERSION);
	fprintf(f, "model-revision: %s\n", TUNSIM_UPSTREAM_REV);
	fprintf(f, "model-sha256: %s\n", TUNSIM_MODEL_SHA256);
	if (tunsim_model_variant[0] != '\0')
		fprintf(f, "model-variant: %s\n", tunsim_model_variant);
	if (tunsim_driver_file[0] != '\0')
		fprintf(f, "driver: %s sha256 %s\n", tunsim_driver_file,
		    tunsim_driver_sha256);
	fprintf(f, "scenario: %s\n", sc->path);
	fprintf(f, "scenario-name: %s\n", sc->name != NULL ? sc->name : "");
	fprintf(f, "scenario-sha256: %s\n", sc->sha256);
	fprintf(f, "strategy: %s\n", sim_strategy_name(rp->strategy));
	fprintf(f, "seed: %llu\n", (unsigned long long)rp->seed);
	if (rp->strategy == SIM_STRAT_PCT)
		fprintf(f, "pct-depth: %d\npct-steps: %llu\n", rp->pct_depth,
		    (unsigned long long)rp->pct_steps);
	if (rp->strategy == SIM_STRAT_DFS)
		fprintf(f, "preemption-bound: %d\n", rp->preemption_bound);
	if (tunsim_driver_file[0] != '\0') {
		fprintf(f, "points: %s\n",
		    runner_points_name(runner_points_of(rp)));
		fprintf(f, "check: %s\n", runner_check_races_of(rp) ?
		    "races" : "none");
	}
	fprintf(f, "replay-by: %s\n", by_sched ? "schedule" : "seed");
	fprintf(f, "steps: %llu\n", (unsigned long long)res->steps);
	fprintf(f, "decisions: %llu\n", (unsigned long long)res->decisions);
	fprintf(f, "preemptions: %llu\n", (unsigned long long)res->preemptions);
	fprintf(f, "schedule: %s\n", sched);
	fprintf(f, "violation: %s\n", sim_violation_name(res->kind));
	fprintf(f, "signature: %s\n", res->signature != NULL ?
	    res->signature : "");
	if (res->site != NULL)
		fprintf(f, "site: %s\n", res->site);
	fprintf(f, "where: %s\n", where);
	fprintf(f, "thread: %s\n", res_thread_name(res));
	fprintf(f, "message: %s\n", msg);
	fputc('\n', f);
	if (res->cause != NULL && res->cause[0] != '\0')
		fprintf(f, "cause (driver frames, innermost first):\n%s\n",
		    res->cause);
	if (preemptions != NULL && preemptions->len > 0) {
		fprintf(f, "preemption points:\n");
		for (i = 0; i < preemptions->len; i++)
			fprintf(f, "  %s\n", (const char *)g_ptr_array_index(
			    preemptions, i));
		fputc('\n', f);
	}
	fprintf(f, "last steps of every thread (oldest first):\n");
	for (i = 0; res->threads != NULL && i < res->threads->len; i++) {
		const struct sim_thread_summary *ts =
		    g_ptr_array_index(res->threads, i);

		if (ts->blocked)
			fprintf(f, "  %s (asleep on \"%s\")\n", ts->name,
			    ts->wmesg != NULL ? ts->wmesg : "?");
		else
			fprintf(f, "  %s (%s)\n", ts->name, ts->finished ?
			    "finished" : "runnable");
		for (j = 0; j < ts->last_steps->len; j++) {
			char *s = runner_step_text(g_ptr_array_index(
			    ts->last_steps, j));

			fprintf(f, "    %s\n", s);
			g_free(s);
		}
	}
	fputc('\n', f);
	fprintf(f, "reproduce: %s replay %s\n", tunsim_program, self);
	g_free(sched);
	g_free(where);
	g_free(msg);
}

/*
 * Written to "PATH.tmp" and renamed, so a report is either complete or
 * absent, even when tunsim is interrupted while writing it.
 */
bool
report_save(const char *path, const struct tsn_scenario *sc,
    const struct run_params *rp, const struct sim_result *res,
    const GPtrArray *preemptions, GError **err)
{
	char *dir = g_path_get_dirname(path), *tmp;
	FILE *f;
	int serr;

	if (g_mkdir_with_parents(dir, 0777) != 0) {
		serr = errno;
		g_set_error(err, report_quark(), 1, "%s: cannot create "
		    "directory: %s", dir, g_strerror(serr));
		g_free(dir);
		return (false);
	}
	g_free(dir);
	tmp = g_strdup_printf("%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL) {
		serr = errno;
		g_set_error(err, report_quark(), 1, "%s: cannot write: %s", tmp,
		    g_strerror(serr));
		g_free(tmp);
		return (false);
	}
	report_write(f, path, sc, rp, res, preemptions);
	if (ferror(f) | (fclose(f) != 0) || rename(tmp, path) != 0) {
		serr = errno;
		g_set_error(err, report_quark(), 1, "%s: write failed: %s",
		    path, g_strerror(serr));
		remove(tmp);
		g_free(tmp);
		return (false);
	}
	g_free(tmp);
	return (true);
}

int
report_parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	const char *q;

	if (s == NULL || *s == '\0')
		return (1);
	for (q = s; *q != '\0'; q++) {
		unsigned d;

		if (*q < '0' || *q > '9')
			return (1);
		d = (unsigned)(*q - '0');
		if (v > (UINT64_MAX - d) / 10)
			return (2);
		v = v * 10 + d;
	}
	*out = v;
	return (0);
}

/* One schedule entry, TID or TID*COUNT, appended to a. */
static bool
sched_entry(GArray *a, const char *tok, GError **err)
{
	const char *star = strchr(tok, '*');
	char *tid_s = star != NULL ? g_strndup(tok, (gsize)(star - tok)) :
	    g_strdup(tok);
	uint64_t tid, n = 1;
	int rt, rn = 0, v;
	bool ok = false;

	rt = report_parse_u64(tid_s, &tid);
	if (star != NULL)
		rn = report_parse_u64(star + 1, &n);
	if (rt == 1 || rn == 1)
		g_set_error(err, report_quark(), 1, "bad schedule entry \"%s\" "
		    "(expected TID or TID*COUNT, decimal)", tok);
	else if (rt == 2 || tid > REPORT_MAX_TID)
		g_set_error(err, report_quark(), 1, "schedule entry \"%s\": "
		    "there is no thread %s (the engine runs at most %d "
		    "threads: 0..%d)", tok, tid_s, REPORT_MAX_TID + 1,
		    REPORT_MAX_TID);
	else if (rn == 0 && n == 0)
		g_set_error(err, report_quark(), 1, "schedule entry \"%s\": a "
		    "count must be at least 1", tok);
	else if (rn == 2 || n > REPORT_MAX_DECISIONS - a->len)
		g_set_error(err, report_quark(), 1, "schedule entry \"%s\": "
		    "the schedule would be longer than %d decisions, more "
		    "than an execution can make (the step limit)", tok,
		    REPORT_MAX_DECISIONS);
	else
		ok = true;
	g_free(tid_s);
	if (!ok)
		return (false);
	v = (int)tid;
	while (n-- > 0)
		g_array_append_val(a, v);
	return (true);
}

bool
report_schedule_add(GArray *a, const char *text, GError **err)
{
	char **tok = g_strsplit_set(text, " \t\r\n", -1);
	guint i;
	bool ok = true;

	for (i = 0; ok && tok[i] != NULL; i++)
		if (tok[i][0] != '\0')
			ok = sched_entry(a, tok[i], err);
	g_strfreev(tok);
	return (ok);
}

bool
report_read_file(const char *path, size_t max, const char *what,
    char **text, size_t *len, GError **err)
{
	GString *buf;
	char chunk[8192];
	size_t n;
	FILE *f;
	int serr;

	if ((f = fopen(path, "rb")) == NULL) {
		serr = errno;
		g_set_error(err, report_quark(), 1, "%s: cannot read: %s", path,
		    g_strerror(serr));
		return (false);
	}
	buf = g_string_new(NULL);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf->len + n > max) {
			fclose(f);
			g_string_free(buf, TRUE);
			g_set_error(err, report_quark(), 1, "%s: larger than "
			    "%zu bytes, the limit of %s", path, max, what);
			return (false);
		}
		g_string_append_len(buf, chunk, (gssize)n);
	}
	if (ferror(f)) {
		serr = errno;
		fclose(f);
		g_string_free(buf, TRUE);
		g_set_error(err, report_quark(), 1, "%s: cannot read: %s", path,
		    g_strerror(serr));
		return (false);
	}
	fclose(f);
	*len = buf->len;
	*text = g_string_free(buf, FALSE);
	return (true);
}

/* The header field `key`, NULL if absent; *line its line number. */
static const char *
field(GHashTable *kv, GHashTable *at, const char *key, guint *line)
{

	*line = GPOINTER_TO_UINT(g_hash_table_lookup(at, key));
	return (g_hash_table_lookup(kv, key));
}

/*
 * An optional number field in [lo, hi]: false (and *err naming the line
 * and the range) if present and not such a number.
 */
static bool
num_field(const char *path, GHashTable *kv, GHashTable *at, const char *key,
    uint64_t lo, uint64_t hi, bool *present, uint64_t *out, GError **err)
{
	guint line;
	const char *v = field(kv, at, key, &line);

	*present = v != NULL;
	if (v == NULL)
		return (true);
	if (report_parse_u64(v, out) == 0 && *out >= lo && *out <= hi)
		return (true);
	g_set_error(err, report_quark(), 1, "%s:%u: bad %s \"%s\" (expected "
	    "a decimal number %llu..%llu)", path, line, key, v,
	    (unsigned long long)lo, (unsigned long long)hi);
	return (false);
}

bool
report_parse(const char *path, const char *text, size_t len,
    struct report *r, GError **err)
{
	char **lines, *v;
	GHashTable *kv, *at;
	uint64_t u;
	const char *s;
	guint i, line;
	bool have;
	int st;

	memset(r, 0, sizeof(*r));
	run_params_init(&r->rp);
	if (memchr(text, '\0', len) != NULL) {
		g_set_error(err, report_quark(), 1, "%s: not a tunsim race "
		    "report (it holds a NUL byte)", path);
		return (false);
	}
	if (!g_str_has_prefix(text, REPORT_MAGIC "\n")) {
		g_set_error(err, report_quark(), 1, "%s: not a tunsim race "
		    "report (no \"%s\" line)", path, REPORT_MAGIC);
		return (false);
	}
	kv = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	at = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	lines = g_strsplit(text, "\n", -1);
	for (i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		char *colon = strstr(lines[i], ": ");
		char *key;

		if (colon == NULL) {
			if (g_str_has_suffix(lines[i], ":")) {
				/* A key with an empty value. */
				key = g_strndup(lines[i], strlen(lines[i]) - 1);
				g_hash_table_replace(at, g_strdup(key),
				    GUINT_TO_POINTER(i + 1));
				g_hash_table_replace(kv, key, g_strdup(""));
				continue;
			}
			g_set_error(err, report_quark(), 1, "%s:%u: expected "
			    "\"key: value\"", path, i + 1);
			goto bad;
		}
		key = g_strndup(lines[i], (gsize)(colon - lines[i]));
		g_hash_table_replace(at, g_strdup(key), GUINT_TO_POINTER(i + 1));
		g_hash_table_replace(kv, key, g_strdup(colon + 2));
	}
#define	TAKE(key)	(g_strdup(g_hash_table_lookup(kv, (key))))
	r->version = TAKE("tunsim-version");
	r->model_rev = TAKE("model-revision");
	r->model_sha256 = TAKE("model-sha256");
	r->driver = TAKE("driver");
	r->scenario = TAKE("scenario");
	r->scenario_name = TAKE("scenario-name");
	r->scenario_sha256 = TAKE("scenario-sha256");
	r->kind = TAKE("violation");
	r->signature = TAKE("signature");
	r->site = TAKE("site");
	r->where = TAKE("where");
	r->thread = TAKE("thread");
#undef TAKE
	v = g_hash_table_lookup(kv, "message");
	r->message = v != NULL ? g_strcompress(v) : NULL;
	if (r->model_sha256 == NULL || r->scenario == NULL ||
	    r->scenario_sha256 == NULL || r->signature == NULL) {
		g_set_error(err, report_quark(), 1, "%s: incomplete report "
		    "(model-sha256, scenario, scenario-sha256 and signature are "
		    "required)", path);
		goto bad;
	}
	s = field(kv, at, "strategy", &line);
	if (s == NULL || (st = sim_strategy_parse(s)) < 0) {
		g_set_error(err, report_quark(), 1, "%s:%u: bad strategy "
		    "\"%s\" (random, pct, dfs or replay)", path, line,
		    s != NULL ? s : "");
		goto bad;
	}
	r->rp.strategy = (enum sim_strategy)st;
	s = field(kv, at, "seed", &line);
	if (s == NULL) {
		g_set_error(err, report_quark(), 1, "%s: incomplete report (no "
		    "seed)", path);
		goto bad;
	}
	if (!num_field(path, kv, at, "seed", 0, UINT64_MAX, &have,
	    &r->rp.seed, err))
		goto bad;
	if (!num_field(path, kv, at, "pct-depth", 1, REPORT_MAX_PCT_DEPTH,
	    &have, &u, err))
		goto bad;
	if (have)
		r->rp.pct_depth = (int)u;
	if (!num_field(path, kv, at, "pct-steps", 1, REPORT_MAX_DECISIONS,
	    &have, &u, err))
		goto bad;
	if (have)
		r->rp.pct_steps = u;
	/* -1: explored with no bound (--preemptions -1), written as such. */
	if ((s = field(kv, at, "preemption-bound", &line)) != NULL &&
	    strcmp(s, "-1") == 0)
		r->rp.preemption_bound = -1;
	else if (!num_field(path, kv, at, "preemption-bound", 0,
	    REPORT_MAX_DECISIONS, &have, &u, err))
		goto bad;
	else if (have)
		r->rp.preemption_bound = (int)u;
	/* A real driver's point policy and checks (absent: the defaults). */
	if ((s = field(kv, at, "points", &line)) != NULL) {
		if ((st = runner_points_parse(s)) < 0) {
			g_set_error(err, report_quark(), 1, "%s:%u: bad points "
			    "\"%s\" (expected sync, races or all)", path, line, s);
			goto bad;
		}
		r->rp.points = st;
	}
	if ((s = g_hash_table_lookup(kv, "check")) != NULL)
		r->rp.check_races = strcmp(s, "races") == 0;
	if (!num_field(path, kv, at, "steps", 0, REPORT_MAX_STEPS + 1, &have,
	    &r->steps, err) ||
	    !num_field(path, kv, at, "decisions", 0, REPORT_MAX_DECISIONS,
	    &have, &r->decisions, err) ||
	    !num_field(path, kv, at, "preemptions", 0, REPORT_MAX_DECISIONS,
	    &have, &r->preemptions, err))
		goto bad;
	s = g_hash_table_lookup(kv, "replay-by");
	r->by_schedule = s != NULL && strcmp(s, "schedule") == 0;
	s = field(kv, at, "schedule", &line);
	r->schedule = g_array_new(FALSE, FALSE, sizeof(int));
	if (!report_schedule_add(r->schedule, s != NULL ? s : "", err)) {
		g_prefix_error(err, "%s:%u: ", path, line);
		goto bad;
	}
	if (r->by_schedule)
		r->rp.replay = r->schedule;
	g_strfreev(lines);
	g_hash_table_destroy(kv);
	g_hash_table_destroy(at);
	return (true);
bad:
	g_strfreev(lines);
	g_hash_table_destroy(kv);
	g_hash_table_destroy(at);
	report_clear(r);
	return (false);
}

bool
report_load(const char *path, struct report *r, GError **err)
{
	char *text;
	size_t len;
	bool ok;

	memset(r, 0, sizeof(*r));
	run_params_init(&r->rp);
	if (!report_read_file(path, REPORT_MAX_BYTES, "a report", &text, &len,
	    err))
		return (false);
	ok = report_parse(path, text, len, r, err);
	g_free(text);
	return (ok);
}

void
report_clear(struct report *r)
{

	g_free(r->version);
	g_free(r->model_rev);
	g_free(r->model_sha256);
	g_free(r->driver);
	g_free(r->scenario);
	g_free(r->scenario_name);
	g_free(r->scenario_sha256);
	g_free(r->kind);
	g_free(r->signature);
	g_free(r->site);
	g_free(r->where);
	g_free(r->thread);
	g_free(r->message);
	if (r->schedule != NULL)
		g_array_free(r->schedule, TRUE);
	memset(r, 0, sizeof(*r));
}

bool
report_check(const struct report *r, const struct tsn_scenario *sc,
    GError **err)
{

	char *mine;
	bool same;

	/* A real driver's report names its file: say so when it is another. */
	mine = tunsim_driver_file[0] != '\0' ? g_strdup_printf("%s sha256 %s",
	    tunsim_driver_file, tunsim_driver_sha256) : NULL;
	same = (r->driver == NULL && mine == NULL) || (r->driver != NULL &&
	    mine != NULL && strcmp(r->driver, mine) == 0);
	if (!same) {
		g_set_error(err, report_quark(), 2, "the report comes from %s%s, "
		    "this binary (%s) is built from %s", r->driver != NULL ?
		    "driver " : "the model", r->driver != NULL ? r->driver : "",
		    tunsim_program, mine != NULL ? mine : "the model");
		g_free(mine);
		return (false);
	}
	g_free(mine);
	if (strcmp(r->model_sha256, TUNSIM_MODEL_SHA256) != 0) {
		g_set_error(err, report_quark(), 2, "model changed since the "
		    "report (model/ or the simulated kernel): it was written with model sha256 %s "
		    "(tunsim %s), this tunsim has %s", r->model_sha256,
		    r->version != NULL ? r->version : "?",
		    TUNSIM_MODEL_SHA256);
		return (false);
	}
	if (strcmp(r->scenario_sha256, sc->sha256) != 0) {
		g_set_error(err, report_quark(), 2, "scenario changed since "
		    "the report: %s had sha256 %s, it now has %s", r->scenario,
		    r->scenario_sha256, sc->sha256);
		return (false);
	}
	return (true);
}

char *
report_path(const char *dir, const char *scenario_path, const char *kind,
    uint64_t seed)
{
	char *base = runner_scenario_base(scenario_path);
	char *name = g_strdup_printf("%s.%s.seed%llu.report", base, kind,
	    (unsigned long long)seed);
	char *p = g_build_filename(dir, name, NULL);

	g_free(base);
	g_free(name);
	return (p);
}
