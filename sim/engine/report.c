/*
 * report.c - writing and reading race reports (see report.h and
 * docs/reproducing.md).
 *
 * Everything written is derived from the execution's result and its
 * parameters, so two runs of the same scenario and seed write the same
 * bytes.  Values that could hold a newline (the message) are escaped C
 * style (g_strescape) and read back with g_strcompress.
 */
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
	fprintf(f, "reproduce: tunsim replay %s\n", self);
	g_free(sched);
	g_free(where);
	g_free(msg);
}

bool
report_save(const char *path, const struct tsn_scenario *sc,
    const struct run_params *rp, const struct sim_result *res,
    const GPtrArray *preemptions, GError **err)
{
	char *dir = g_path_get_dirname(path);
	FILE *f;

	if (g_mkdir_with_parents(dir, 0777) != 0) {
		g_set_error(err, report_quark(), 1, "%s: cannot create "
		    "directory", dir);
		g_free(dir);
		return (false);
	}
	g_free(dir);
	f = fopen(path, "w");
	if (f == NULL) {
		g_set_error(err, report_quark(), 1, "%s: cannot write", path);
		return (false);
	}
	report_write(f, path, sc, rp, res, preemptions);
	if (fclose(f) != 0) {
		g_set_error(err, report_quark(), 1, "%s: write failed", path);
		return (false);
	}
	return (true);
}

static bool
get_u64(const char *v, uint64_t *out)
{
	char *end;

	if (v == NULL || *v == '\0')
		return (false);
	*out = g_ascii_strtoull(v, &end, 10);
	return (*end == '\0');
}

bool
report_load(const char *path, struct report *r, GError **err)
{
	char *text = NULL, **lines, *v;
	GHashTable *kv;
	uint64_t u;
	const char *s;
	guint i;
	int st;

	memset(r, 0, sizeof(*r));
	run_params_init(&r->rp);
	if (!g_file_get_contents(path, &text, NULL, NULL)) {
		g_set_error(err, report_quark(), 1, "%s: cannot read the "
		    "report", path);
		return (false);
	}
	if (!g_str_has_prefix(text, REPORT_MAGIC "\n")) {
		g_set_error(err, report_quark(), 1, "%s: not a tunsim race "
		    "report (no \"%s\" line)", path, REPORT_MAGIC);
		g_free(text);
		return (false);
	}
	kv = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	lines = g_strsplit(text, "\n", -1);
	g_free(text);
	for (i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		char *colon = strstr(lines[i], ": ");

		if (colon == NULL) {
			if (g_str_has_suffix(lines[i], ":")) {
				/* A key with an empty value. */
				g_hash_table_replace(kv, g_strndup(lines[i],
				    strlen(lines[i]) - 1), g_strdup(""));
				continue;
			}
			g_set_error(err, report_quark(), 1, "%s:%u: expected "
			    "\"key: value\"", path, i + 1);
			goto bad;
		}
		g_hash_table_replace(kv, g_strndup(lines[i],
		    (gsize)(colon - lines[i])), g_strdup(colon + 2));
	}
#define	TAKE(key)	(g_strdup(g_hash_table_lookup(kv, (key))))
	r->version = TAKE("tunsim-version");
	r->model_rev = TAKE("model-revision");
	r->model_sha256 = TAKE("model-sha256");
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
	s = g_hash_table_lookup(kv, "strategy");
	if (s == NULL || (st = sim_strategy_parse(s)) < 0) {
		g_set_error(err, report_quark(), 1, "%s: bad strategy \"%s\"",
		    path, s != NULL ? s : "");
		goto bad;
	}
	r->rp.strategy = (enum sim_strategy)st;
	if (!get_u64(g_hash_table_lookup(kv, "seed"), &r->rp.seed)) {
		g_set_error(err, report_quark(), 1, "%s: bad seed", path);
		goto bad;
	}
	if (get_u64(g_hash_table_lookup(kv, "pct-depth"), &u))
		r->rp.pct_depth = (int)u;
	if (get_u64(g_hash_table_lookup(kv, "pct-steps"), &u))
		r->rp.pct_steps = u;
	if (get_u64(g_hash_table_lookup(kv, "preemption-bound"), &u))
		r->rp.preemption_bound = (int)u;
	get_u64(g_hash_table_lookup(kv, "steps"), &r->steps);
	get_u64(g_hash_table_lookup(kv, "decisions"), &r->decisions);
	get_u64(g_hash_table_lookup(kv, "preemptions"), &r->preemptions);
	s = g_hash_table_lookup(kv, "replay-by");
	r->by_schedule = s != NULL && strcmp(s, "schedule") == 0;
	s = g_hash_table_lookup(kv, "schedule");
	r->schedule = sim_schedule_parse(s != NULL ? s : "", err);
	if (r->schedule == NULL) {
		g_prefix_error(err, "%s: ", path);
		goto bad;
	}
	if (r->by_schedule)
		r->rp.replay = r->schedule;
	g_strfreev(lines);
	g_hash_table_destroy(kv);
	return (true);
bad:
	g_strfreev(lines);
	g_hash_table_destroy(kv);
	report_clear(r);
	return (false);
}

void
report_clear(struct report *r)
{

	g_free(r->version);
	g_free(r->model_rev);
	g_free(r->model_sha256);
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
