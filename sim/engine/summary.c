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

static void
lock_order_free(gpointer p)
{
	struct explore_lock_order *o = p;

	g_free(o->first);
	g_free(o->second);
	g_free(o->where1);
	g_free(o->where2);
	g_free(o);
}

void
summary_init(struct explore_summary *s)
{

	memset(s, 0, sizeof(*s));
	s->scenarios = g_ptr_array_new_with_free_func(scenario_free);
	s->violations = g_ptr_array_new_with_free_func(violation_free);
	s->lock_orders = g_ptr_array_new_with_free_func(lock_order_free);
}

/* Order of lock orders: by first name, then second. */
static int
lock_order_cmp_names(const struct explore_lock_order *o, const char *first,
    const char *second)
{
	int c;

	c = strcmp(o->first, first);
	return (c != 0 ? c : strcmp(o->second, second));
}

void
summary_add_lock_order(struct explore_summary *s, const char *first,
    const char *second, const char *where1, const char *where2, int scenario,
    uint64_t seed)
{
	struct explore_lock_order *o;
	guint lo, hi, mid;
	int c;

	/* Binary search in the sorted array. */
	lo = 0;
	hi = s->lock_orders->len;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = lock_order_cmp_names(g_ptr_array_index(s->lock_orders, mid),
		    first, second);
		if (c == 0) {
			o = g_ptr_array_index(s->lock_orders, mid);
			if (o->scenario < scenario || (o->scenario == scenario &&
			    o->seed <= seed))
				return;
			g_free(o->where1);
			g_free(o->where2);
			o->where1 = g_strdup(where1);
			o->where2 = g_strdup(where2);
			o->scenario = scenario;
			o->seed = seed;
			return;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	o = g_new0(struct explore_lock_order, 1);
	o->first = g_strdup(first);
	o->second = g_strdup(second);
	o->where1 = g_strdup(where1);
	o->where2 = g_strdup(where2);
	o->scenario = scenario;
	o->seed = seed;
	g_ptr_array_insert(s->lock_orders, (gint)lo, o);
}

/*
 * A shortest path from `from` to `to` over the sorted orders (BFS; ties
 * by position, so deterministic): the order indexes, or NULL.
 */
static GArray *
lock_path(const struct explore_summary *s, const char *from, const char *to)
{
	guint n = s->lock_orders->len, i, head;
	int *via = g_new(int, n);
	GArray *queue = g_array_new(FALSE, FALSE, sizeof(guint));
	GArray *path = NULL;
	const struct explore_lock_order *o, *p;
	int k;

	for (i = 0; i < n; i++)
		via[i] = -2;		/* unvisited */
	/* Queue the orders leaving `from`. */
	for (i = 0; i < n; i++) {
		o = g_ptr_array_index(s->lock_orders, i);
		if (strcmp(o->first, from) == 0) {
			via[i] = -1;
			g_array_append_val(queue, i);
		}
	}
	for (head = 0; head < queue->len; head++) {
		guint e = g_array_index(queue, guint, head);

		o = g_ptr_array_index(s->lock_orders, e);
		if (strcmp(o->second, to) == 0) {
			path = g_array_new(FALSE, FALSE, sizeof(guint));
			for (k = (int)e; k >= 0; k = via[k])
				g_array_prepend_val(path, k);
			break;
		}
		for (i = 0; i < n; i++) {
			p = g_ptr_array_index(s->lock_orders, i);
			if (via[i] != -2 || strcmp(p->first, o->second) != 0)
				continue;
			via[i] = (int)e;
			g_array_append_val(queue, i);
		}
	}
	g_free(via);
	g_array_free(queue, TRUE);
	return (path);
}

GPtrArray *
summary_lock_cycles(const struct explore_summary *s)
{
	GPtrArray *cycles = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)g_ptr_array_unref);
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	guint i, j;

	for (i = 0; i < s->lock_orders->len; i++) {
		const struct explore_lock_order *o = g_ptr_array_index(
		    s->lock_orders, i);
		GArray *path = lock_path(s, o->second, o->first);
		GArray *idx;
		GString *key;
		GPtrArray *cyc;

		if (path == NULL)
			continue;
		/* The cycle's key: its order indexes, sorted. */
		idx = g_array_new(FALSE, FALSE, sizeof(guint));
		g_array_append_val(idx, i);
		g_array_append_vals(idx, path->data, path->len);
		/* Insertion sort: a cycle has a handful of orders. */
		for (j = 1; j < idx->len; j++) {
			guint v = g_array_index(idx, guint, j), k = j;

			while (k > 0 && g_array_index(idx, guint, k - 1) > v) {
				g_array_index(idx, guint, k) =
				    g_array_index(idx, guint, k - 1);
				k--;
			}
			g_array_index(idx, guint, k) = v;
		}
		key = g_string_new("");
		for (j = 0; j < idx->len; j++)
			g_string_append_printf(key, "%u,", g_array_index(idx,
			    guint, j));
		g_array_free(idx, TRUE);
		if (g_hash_table_contains(seen, key->str)) {
			g_string_free(key, TRUE);
			g_array_free(path, TRUE);
			continue;
		}
		g_hash_table_add(seen, g_string_free(key, FALSE));
		cyc = g_ptr_array_new();
		g_ptr_array_add(cyc, (gpointer)o);
		for (j = 0; j < path->len; j++)
			g_ptr_array_add(cyc, g_ptr_array_index(s->lock_orders,
			    g_array_index(path, guint, j)));
		g_array_free(path, TRUE);
		g_ptr_array_add(cycles, cyc);
	}
	g_hash_table_destroy(seen);
	return (cycles);
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
	if (s->lock_orders != NULL)
		g_ptr_array_free(s->lock_orders, TRUE);
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

static void write_by_signature_json(FILE *f,
    const struct explore_summary *s);
/* One lock order as a JSON object. */
static void
write_lock_order(FILE *f, const struct explore_summary *s,
    const struct explore_lock_order *o)
{
	const struct explore_scenario *sc = g_ptr_array_index(s->scenarios,
	    o->scenario);

	fputs("{\"first\": ", f);
	mj_write_string(f, o->first);
	fputs(", \"second\": ", f);
	mj_write_string(f, o->second);
	fputs(", \"where1\": ", f);
	mj_write_string(f, o->where1);
	fputs(", \"where2\": ", f);
	mj_write_string(f, o->where2);
	fputs(", \"scenario\": ", f);
	mj_write_string(f, sc->path);
	fprintf(f, ", \"seed\": %llu}", (unsigned long long)o->seed);
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
	GPtrArray *cycles;
	guint i, j;

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
		fprintf(f, ", \"seed\": %llu, \"count\": %llu, \"report\": ",
		    (unsigned long long)v->seed, (unsigned long long)v->count);
		mj_write_string(f, v->report);
		fputs(", \"message\": ", f);
		mj_write_string(f, v->message);
		fputc('}', f);
	}
	fprintf(f, "%s],\n  \"root_causes\": [", s->violations->len ? "\n  " :
	    "");
	write_by_signature_json(f, s);
	fprintf(f, "%s],\n  \"lock_orders\": [", s->violations->len ?
	    "\n  " : "");
	for (i = 0; i < s->lock_orders->len; i++) {
		fprintf(f, "%s\n    ", i ? "," : "");
		write_lock_order(f, s, g_ptr_array_index(s->lock_orders, i));
	}
	fprintf(f, "%s],\n  \"lock_order_reversals\": [",
	    s->lock_orders->len ? "\n  " : "");
	cycles = summary_lock_cycles(s);
	for (i = 0; i < cycles->len; i++) {
		GPtrArray *c = g_ptr_array_index(cycles, i);

		fprintf(f, "%s\n    [", i ? "," : "");
		for (j = 0; j < c->len; j++) {
			fputs(j ? ", " : "", f);
			write_lock_order(f, s, g_ptr_array_index(c, j));
		}
		fputc(']', f);
	}
	fprintf(f, "%s]\n}\n", cycles->len ? "\n  " : "");
	g_ptr_array_free(cycles, TRUE);
}

/* Print the cross-execution lock-order reversals, if any. */
static void
write_lock_cycles_text(FILE *f, const struct explore_summary *s)
{
	GPtrArray *cycles = summary_lock_cycles(s);
	guint i, j;

	if (cycles->len > 0)
		fprintf(f, "lock order reversals in the lock graph of all "
		    "executions (WITNESS's uptime graph): %u\n", cycles->len);
	for (i = 0; i < cycles->len; i++) {
		GPtrArray *c = g_ptr_array_index(cycles, i);

		fprintf(f, "  reversal %u:\n", i + 1);
		for (j = 0; j < c->len; j++) {
			const struct explore_lock_order *o =
			    g_ptr_array_index(c, j);
			const struct explore_scenario *sc = g_ptr_array_index(
			    s->scenarios, o->scenario);

			fprintf(f, "    \"%s\" (locked @ %s) then \"%s\" (@ %s)"
			    ": %s %s %llu\n", o->first, o->where1, o->second,
			    o->where2, sc->path, g_strcmp0(s->strategy,
			    "dfs") == 0 ? "execution" : "seed",
			    (unsigned long long)o->seed);
		}
	}
	g_ptr_array_free(cycles, TRUE);
}

/*
 * The first violation of each root-cause signature (s->violations is
 * sorted by scenario, then seed), and each one's failing executions and
 * scenarios summed.
 */
static GPtrArray *
signature_firsts(const struct explore_summary *s, GArray **counts,
    GArray **nscs)
{
	GPtrArray *firsts = g_ptr_array_new();
	guint i, j;

	*counts = g_array_new(FALSE, TRUE, sizeof(uint64_t));
	*nscs = g_array_new(FALSE, TRUE, sizeof(guint));
	for (i = 0; i < s->violations->len; i++) {
		const struct explore_violation *v = g_ptr_array_index(
		    s->violations, i);

		for (j = 0; j < firsts->len; j++)
			if (strcmp(((const struct explore_violation *)
			    g_ptr_array_index(firsts, j))->signature,
			    v->signature) == 0)
				break;
		if (j == firsts->len) {
			g_ptr_array_add(firsts, (gpointer)v);
			g_array_set_size(*counts, firsts->len);
			g_array_set_size(*nscs, firsts->len);
		}
		g_array_index(*counts, uint64_t, j) += v->count;
		g_array_index(*nscs, guint, j)++;
	}
	return (firsts);
}

static void
write_by_signature_json(FILE *f, const struct explore_summary *s)
{
	GPtrArray *firsts;
	GArray *counts, *nscs;
	guint j;

	firsts = signature_firsts(s, &counts, &nscs);
	for (j = 0; j < firsts->len; j++) {
		const struct explore_violation *v = g_ptr_array_index(firsts,
		    j);

		fprintf(f, "%s\n    {\"signature\": ", j ? "," : "");
		mj_write_string(f, v->signature);
		fputs(", \"kind\": ", f);
		mj_write_string(f, v->kind);
		fprintf(f, ", \"count\": %llu, \"scenarios\": %u, "
		    "\"first_scenario\": ", (unsigned long long)g_array_index(
		    counts, uint64_t, j), g_array_index(nscs, guint, j));
		mj_write_string(f, ((const struct explore_scenario *)
		    g_ptr_array_index(s->scenarios, v->scenario))->path);
		fprintf(f, ", \"first_seed\": %llu, \"report\": ",
		    (unsigned long long)v->seed);
		mj_write_string(f, v->report);
		fputc('}', f);
	}
	g_ptr_array_free(firsts, TRUE);
	g_array_free(counts, TRUE);
	g_array_free(nscs, TRUE);
}

/*
 * One line per root-cause signature, in the order of first appearance
 * (scenario order, then seed: the violations are sorted so), with the
 * failing executions summed over scenarios.
 */
static void
write_by_signature(FILE *f, const struct explore_summary *s)
{
	GPtrArray *firsts;
	GArray *counts, *nscs;
	guint j, nsc;
	uint64_t count;

	if (s->violations->len == 0)
		return;
	firsts = signature_firsts(s, &counts, &nscs);
	fprintf(f, "by root cause (%u):\n", firsts->len);
	for (j = 0; j < firsts->len; j++) {
		const struct explore_violation *first = g_ptr_array_index(
		    firsts, j);

		count = g_array_index(counts, uint64_t, j);
		nsc = g_array_index(nscs, guint, j);
		fprintf(f, "  %s\n    %llu failing execution%s in %u scenario%s, "
		    "first %s %s %llu\n", first->signature,
		    (unsigned long long)count, count == 1 ? "" : "s", nsc,
		    nsc == 1 ? "" : "s", ((const struct explore_scenario *)
		    g_ptr_array_index(s->scenarios, first->scenario))->path,
		    g_strcmp0(s->strategy, "dfs") == 0 ? "execution" : "seed",
		    (unsigned long long)first->seed);
	}
	g_ptr_array_free(firsts, TRUE);
	g_array_free(counts, TRUE);
	g_array_free(nscs, TRUE);
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
	write_by_signature(f, s);
	write_lock_cycles_text(f, s);
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
		mj_get_u64(o, "count", &v->count);
	}
	a = mj_get(root, "lock_orders");	/* absent in older summaries */
	for (i = 0; a != NULL && a->type == MJ_ARRAY && i < a->items->len;
	    i++) {
		const struct mj *o = g_ptr_array_index(a->items, i);
		uint64_t seed;
		int sci = -1;

		str = mj_get_str(o, "scenario");
		for (k = 0; str != NULL && k < s->scenarios->len; k++)
			if (strcmp(((struct explore_scenario *)
			    g_ptr_array_index(s->scenarios, k))->path, str) == 0)
				sci = (int)k;
		if (sci < 0 || mj_get_str(o, "first") == NULL ||
		    mj_get_str(o, "second") == NULL ||
		    mj_get_str(o, "where1") == NULL ||
		    mj_get_str(o, "where2") == NULL ||
		    !mj_get_u64(o, "seed", &seed))
			goto bad;
		summary_add_lock_order(s, mj_get_str(o, "first"),
		    mj_get_str(o, "second"), mj_get_str(o, "where1"),
		    mj_get_str(o, "where2"), sci, seed);
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
			if (o != NULL) {
				o->count += v->count;
				if (o->seed <= v->seed)
					continue;
			}
			if (o == NULL) {
				o = g_new0(struct explore_violation, 1);
				g_ptr_array_add(out->violations, o);
				o->count = v->count;
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
		for (j = 0; j < p->lock_orders->len; j++) {
			const struct explore_lock_order *lo = g_ptr_array_index(
			    p->lock_orders, j);

			summary_add_lock_order(out, lo->first, lo->second,
			    lo->where1, lo->where2, lo->scenario, lo->seed);
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
