/*
 * summary.c - an exploration's summary: text, JSON, reading JSON back and
 * merging shard summaries (see summary.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"
#include "minijson.h"
#include "summary.h"

static GQuark
summary_quark(void)
{

	return (g_quark_from_static_string("tunsim-summary"));
}

static void
scenario_free(gpointer p)
{
	struct explore_scenario *s = p;

	g_free(s->path);
	g_free(s->sha256);
	g_free(s);
}

static void
violation_free(gpointer p)
{
	struct explore_violation *v = p;

	g_free(v->kind);
	g_free(v->signature);
	g_free(v->report);
	g_free(v->message);
	g_free(v);
}

void
summary_init(struct explore_summary *s)
{

	memset(s, 0, sizeof(*s));
	s->scenarios = g_ptr_array_new_with_free_func(scenario_free);
	s->violations = g_ptr_array_new_with_free_func(violation_free);
}

void
summary_clear(struct explore_summary *s)
{

	g_free(s->strategy);
	g_free(s->seeds);
	g_free(s->shard);
	g_free(s->por);
	if (s->scenarios != NULL)
		g_ptr_array_free(s->scenarios, TRUE);
	if (s->violations != NULL)
		g_ptr_array_free(s->violations, TRUE);
	memset(s, 0, sizeof(*s));
}

static gint
violation_cmp(gconstpointer a, gconstpointer b)
{
	const struct explore_violation *x = *(struct explore_violation *const *)a;
	const struct explore_violation *y = *(struct explore_violation *const *)b;

	if (x->scenario != y->scenario)
		return (x->scenario < y->scenario ? -1 : 1);
	if (x->seed != y->seed)
		return (x->seed < y->seed ? -1 : 1);
	return (strcmp(x->signature, y->signature));
}

void
summary_sort(struct explore_summary *s)
{

	g_ptr_array_sort(s->violations, violation_cmp);
}

static guint
count_violations(const struct explore_summary *s, int scenario)
{
	guint i, n = 0;

	for (i = 0; i < s->violations->len; i++)
		if (((struct explore_violation *)g_ptr_array_index(
		    s->violations, i))->scenario == scenario)
			n++;
	return (n);
}

char *
summary_claim(const struct explore_summary *s,
    const struct explore_scenario *sc)
{
	char bound[64];

	if (!sc->complete)
		return (g_strdup_printf("incomplete: %s reached after %llu "
		    "executions", sc->timed_out ? "time limit" : "budget",
		    (unsigned long long)sc->executions));
	if (s->preemption_bound >= 0)
		g_snprintf(bound, sizeof(bound), " with <= %d preemption%s",
		    s->preemption_bound, s->preemption_bound == 1 ? "" : "s");
	else
		bound[0] = '\0';
	return (g_strdup_printf("complete: every schedule%s explored (%llu "
	    "executions, %llu pruned)", bound,
	    (unsigned long long)sc->executions,
	    (unsigned long long)sc->pruned));
}

void
summary_write_json(FILE *f, const struct explore_summary *s)
{
	guint i;

	fprintf(f, "{\n  \"executions\": %llu,\n",
	    (unsigned long long)s->executions);
	/* The only two fields that depend on timing. */
	fprintf(f, "  \"elapsed_s\": %.3f,\n", s->elapsed_s);
	fprintf(f, "  \"executions_per_s\": %.1f,\n", s->elapsed_s > 0 ?
	    (double)s->executions / s->elapsed_s : 0.0);
	fputs("  \"strategy\": ", f);
	mj_write_string(f, s->strategy);
	if (s->strategy != NULL && strcmp(s->strategy, "pct") == 0)
		fprintf(f, ",\n  \"pct_depth\": %d", s->pct_depth);
	if (s->strategy != NULL && strcmp(s->strategy, "dfs") == 0) {
		fprintf(f, ",\n  \"preemptions\": %d", s->preemption_bound);
		if (s->preemption_bound >= 0)
			fprintf(f, ",\n  \"preemption_bound\": %d",
			    s->preemption_bound);
		else
			fputs(",\n  \"preemption_bound\": null", f);
		fputs(",\n  \"por\": ", f);
		mj_write_string(f, s->por);
	}
	fputs(",\n  \"seeds\": ", f);
	mj_write_string(f, s->seeds);
	if (s->shard != NULL) {
		fputs(",\n  \"shard\": ", f);
		mj_write_string(f, s->shard);
	}
	fputs(",\n  \"scenarios\": [", f);
	for (i = 0; i < s->scenarios->len; i++) {
		const struct explore_scenario *sc = g_ptr_array_index(
		    s->scenarios, i);

		fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
		mj_write_string(f, sc->path);
		fputs(", \"sha256\": ", f);
		mj_write_string(f, sc->sha256);
		fprintf(f, ", \"executions\": %llu, \"violations\": %u",
		    (unsigned long long)sc->executions,
		    count_violations(s, (int)i));
		if (sc->pct_steps != 0)
			fprintf(f, ", \"pct_steps\": %llu",
			    (unsigned long long)sc->pct_steps);
		if (s->strategy != NULL && strcmp(s->strategy, "dfs") == 0) {
			char *claim = summary_claim(s, sc);

			fprintf(f, ", \"exhausted\": %s", sc->exhausted ?
			    "true" : "false");
			fprintf(f, ", \"complete\": %s, \"pruned\": %llu, "
			    "\"bound_reached\": %s, \"claim\": ", sc->complete ?
			    "true" : "false", (unsigned long long)sc->pruned,
			    sc->bound_reached ? "true" : "false");
			mj_write_string(f, claim);
			g_free(claim);
		}
		fputc('}', f);
	}
	fprintf(f, "%s],\n  \"violations\": [", s->scenarios->len ? "\n  " :
	    "");
	for (i = 0; i < s->violations->len; i++) {
		const struct explore_violation *v = g_ptr_array_index(
		    s->violations, i);
		const struct explore_scenario *sc = g_ptr_array_index(
		    s->scenarios, v->scenario);

		fprintf(f, "%s\n    {\"kind\": ", i ? "," : "");
		mj_write_string(f, v->kind);
		fputs(", \"signature\": ", f);
		mj_write_string(f, v->signature);
		fputs(", \"scenario\": ", f);
		mj_write_string(f, sc->path);
		fprintf(f, ", \"seed\": %llu, \"report\": ",
		    (unsigned long long)v->seed);
		mj_write_string(f, v->report);
		fputs(", \"message\": ", f);
		mj_write_string(f, v->message);
		fputc('}', f);
	}
	fprintf(f, "%s]\n}\n", s->violations->len ? "\n  " : "");
}

void
summary_write_text(FILE *f, const struct explore_summary *s)
{
	guint i, j;

	fprintf(f, "explored %u scenario%s with %s%s%s: %llu executions in "
	    "%.2f s (%.0f/s), %u distinct violation%s\n", s->scenarios->len,
	    s->scenarios->len == 1 ? "" : "s", s->strategy,
	    s->shard != NULL ? ", shard " : "", s->shard != NULL ? s->shard :
	    "", (unsigned long long)s->executions, s->elapsed_s,
	    s->elapsed_s > 0 ? (double)s->executions / s->elapsed_s : 0.0,
	    s->violations->len, s->violations->len == 1 ? "" : "s");
	for (i = 0; i < s->scenarios->len; i++) {
		const struct explore_scenario *sc = g_ptr_array_index(
		    s->scenarios, i);
		guint nv = count_violations(s, (int)i);

		fprintf(f, "  %s: %llu executions%s, %u violation%s\n",
		    sc->path, (unsigned long long)sc->executions,
		    sc->exhausted ? " (search exhausted)" : "", nv,
		    nv == 1 ? "" : "s");
		if (g_strcmp0(s->strategy, "dfs") == 0) {
			char *claim = summary_claim(s, sc);

			fprintf(f, "    %s\n", claim);
			g_free(claim);
		}
		for (j = 0; j < s->violations->len; j++) {
			const struct explore_violation *v = g_ptr_array_index(
			    s->violations, j);

			if (v->scenario != (int)i)
				continue;
			fprintf(f, "    %s at %s %llu: %s\n", v->kind,
			    g_strcmp0(s->strategy, "dfs") == 0 ? "execution" :
			    "seed", (unsigned long long)v->seed, v->message);
			fprintf(f, "      signature %s\n", v->signature);
			if (v->report != NULL)
				fprintf(f, "      reproduce: %s replay %s\n",
				    tunsim_program, v->report);
		}
	}
}

bool
summary_read_json(const char *path, struct explore_summary *s,
    GError **err)
{
	char *text = NULL;
	gsize len;
	struct mj *root;
	const struct mj *a;
	const char *str;
	uint64_t u;
	guint i, k;

	summary_init(s);
	if (!g_file_get_contents(path, &text, &len, err))
		return (false);
	root = mj_parse(text, len, err);
	g_free(text);
	if (root == NULL) {
		g_prefix_error(err, "%s: ", path);
		return (false);
	}
	if (root->type != MJ_OBJECT ||
	    !mj_get_u64(root, "executions", &s->executions) ||
	    (str = mj_get_str(root, "strategy")) == NULL ||
	    mj_get_str(root, "seeds") == NULL ||
	    (a = mj_get(root, "scenarios")) == NULL || a->type != MJ_ARRAY)
		goto bad;
	s->strategy = g_strdup(str);
	s->seeds = g_strdup(mj_get_str(root, "seeds"));
	s->shard = g_strdup(mj_get_str(root, "shard"));
	mj_get_num(root, "elapsed_s", &s->elapsed_s);
	if (mj_get_u64(root, "pct_depth", &u))
		s->pct_depth = (int)u;
	if (mj_get_u64(root, "preemptions", &u))
		s->preemption_bound = (int)u;
	if (mj_get(root, "preemption_bound") != NULL &&
	    mj_get(root, "preemption_bound")->type == MJ_NULL)
		s->preemption_bound = -1;
	s->por = g_strdup(mj_get_str(root, "por"));
	for (i = 0; i < a->items->len; i++) {
		const struct mj *o = g_ptr_array_index(a->items, i);
		struct explore_scenario *sc = g_new0(struct explore_scenario, 1);
		const struct mj *ex;

		g_ptr_array_add(s->scenarios, sc);
		if (mj_get_str(o, "path") == NULL ||
		    !mj_get_u64(o, "executions", &sc->executions))
			goto bad;
		sc->path = g_strdup(mj_get_str(o, "path"));
		sc->sha256 = g_strdup(mj_get_str(o, "sha256"));
		mj_get_u64(o, "pct_steps", &sc->pct_steps);
		ex = mj_get(o, "exhausted");
		sc->exhausted = ex != NULL && ex->type == MJ_BOOL && ex->boolean;
		ex = mj_get(o, "complete");
		sc->complete = ex != NULL && ex->type == MJ_BOOL && ex->boolean;
		ex = mj_get(o, "bound_reached");
		sc->bound_reached = ex != NULL && ex->type == MJ_BOOL &&
		    ex->boolean;
		mj_get_u64(o, "pruned", &sc->pruned);
	}
	a = mj_get(root, "violations");
	if (a == NULL || a->type != MJ_ARRAY)
		goto bad;
	for (i = 0; i < a->items->len; i++) {
		const struct mj *o = g_ptr_array_index(a->items, i);
		struct explore_violation *v = g_new0(struct explore_violation, 1);

		g_ptr_array_add(s->violations, v);
		str = mj_get_str(o, "scenario");
		v->scenario = -1;
		for (k = 0; str != NULL && k < s->scenarios->len; k++)
			if (strcmp(((struct explore_scenario *)
			    g_ptr_array_index(s->scenarios, k))->path, str) == 0)
				v->scenario = (int)k;
		if (v->scenario < 0 || mj_get_str(o, "kind") == NULL ||
		    mj_get_str(o, "signature") == NULL ||
		    !mj_get_u64(o, "seed", &v->seed))
			goto bad;
		v->kind = g_strdup(mj_get_str(o, "kind"));
		v->signature = g_strdup(mj_get_str(o, "signature"));
		v->report = g_strdup(mj_get_str(o, "report"));
		v->message = g_strdup(mj_get_str(o, "message"));
	}
	mj_free(root);
	return (true);
bad:
	mj_free(root);
	summary_clear(s);
	g_set_error(err, summary_quark(), 1, "%s: not a tunsim explore --json "
	    "summary", path);
	return (false);
}

static bool
parse_shard(const char *s, int *k, int *n)
{

	return (s != NULL && sscanf(s, "%d/%d", k, n) == 2 && *n >= 1 &&
	    *k >= 1 && *k <= *n);
}

bool
summary_merge(struct explore_summary *const *parts, int n,
    struct explore_summary *out, GError **err)
{
	const struct explore_summary *p0 = parts[0];
	bool *seen = NULL;
	int i, k, nn = 0, sn;
	guint j, m;

	summary_init(out);
	for (i = 0; i < n; i++) {
		const struct explore_summary *p = parts[i];

		if (!parse_shard(p->shard, &k, &sn)) {
			g_set_error(err, summary_quark(), 1, "summary %d is not "
			    "a shard (no \"shard\": \"K/N\")", i + 1);
			goto bad;
		}
		if (i == 0) {
			nn = sn;
			seen = g_new0(bool, nn + 1);
		}
		if (sn != nn || seen[k]) {
			g_set_error(err, summary_quark(), 1, "shard %s: %s",
			    p->shard, sn != nn ? "another N than the first "
			    "summary" : "given twice");
			goto bad;
		}
		seen[k] = true;
		if (strcmp(p->strategy, p0->strategy) != 0 ||
		    strcmp(p->seeds, p0->seeds) != 0 ||
		    p->pct_depth != p0->pct_depth ||
		    p->preemption_bound != p0->preemption_bound ||
		    p->scenarios->len != p0->scenarios->len) {
			g_set_error(err, summary_quark(), 1, "shard %s was run "
			    "with other options or scenarios than shard %s",
			    p->shard, p0->shard);
			goto bad;
		}
		for (j = 0; j < p->scenarios->len; j++) {
			const struct explore_scenario *a = g_ptr_array_index(
			    p->scenarios, j), *b = g_ptr_array_index(
			    p0->scenarios, j);

			if (strcmp(a->path, b->path) != 0 ||
			    g_strcmp0(a->sha256, b->sha256) != 0) {
				g_set_error(err, summary_quark(), 1, "shard %s: "
				    "scenario %s differs from shard %s's",
				    p->shard, a->path, p0->shard);
				goto bad;
			}
		}
	}
	for (k = 1; k <= nn; k++)
		if (!seen[k]) {
			g_set_error(err, summary_quark(), 1, "shard %d/%d is "
			    "missing", k, nn);
			goto bad;
		}
	out->strategy = g_strdup(p0->strategy);
	out->seeds = g_strdup(p0->seeds);
	out->pct_depth = p0->pct_depth;
	out->preemption_bound = p0->preemption_bound;
	for (j = 0; j < p0->scenarios->len; j++) {
		const struct explore_scenario *a = g_ptr_array_index(
		    p0->scenarios, j);
		struct explore_scenario *sc = g_new0(struct explore_scenario, 1);

		sc->path = g_strdup(a->path);
		sc->sha256 = g_strdup(a->sha256);
		sc->pct_steps = a->pct_steps;
		g_ptr_array_add(out->scenarios, sc);
	}
	for (i = 0; i < n; i++) {
		const struct explore_summary *p = parts[i];

		out->executions += p->executions;
		if (p->elapsed_s > out->elapsed_s)
			out->elapsed_s = p->elapsed_s;
		for (j = 0; j < p->scenarios->len; j++) {
			const struct explore_scenario *a = g_ptr_array_index(
			    p->scenarios, j);
			struct explore_scenario *o = g_ptr_array_index(
			    out->scenarios, j);

			o->executions += a->executions;
			o->exhausted = o->exhausted || a->exhausted;
		}
		for (j = 0; j < p->violations->len; j++) {
			const struct explore_violation *v = g_ptr_array_index(
			    p->violations, j);
			struct explore_violation *o = NULL;

			for (m = 0; m < out->violations->len; m++) {
				o = g_ptr_array_index(out->violations, m);
				if (o->scenario == v->scenario &&
				    strcmp(o->signature, v->signature) == 0)
					break;
				o = NULL;
			}
			if (o != NULL && o->seed <= v->seed)
				continue;
			if (o == NULL) {
				o = g_new0(struct explore_violation, 1);
				g_ptr_array_add(out->violations, o);
			}
			g_free(o->kind);
			g_free(o->signature);
			g_free(o->report);
			g_free(o->message);
			o->scenario = v->scenario;
			o->kind = g_strdup(v->kind);
			o->signature = g_strdup(v->signature);
			o->seed = v->seed;
			o->report = g_strdup(v->report);
			o->message = g_strdup(v->message);
		}
	}
	summary_sort(out);
	g_free(seen);
	return (true);
bad:
	g_free(seen);
	summary_clear(out);
	return (false);
}
