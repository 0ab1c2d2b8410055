/*
 * snapshot.c - the parts of a snapshot of the prefix, held together
 * (snapshot_int.h).  sched.c decides when one is taken and when it is
 * used; each part is saved and restored by the file that owns the state.
 */
#include <glib.h>
#include <string.h>

#include "engine_int.h"
#include "snapshot_int.h"

struct snap_parts {
	void			*kern;		/* sim_kern_snap_size() bytes */
	struct ledger_snap	*ledger;
	struct labels_snap	*labels;
	struct sstack_snap	*sstack;
	struct race_snap	*race;
	struct cause_snap	*cause;
};

void *
snap_dup(const void *p, size_t n)
{
	void *c = g_malloc(n + 1);

	if (n != 0)
		memcpy(c, p, n);
	return (c);
}

struct snap_parts *
snap_parts_save(void)
{
	struct snap_parts *p = g_new0(struct snap_parts, 1);

	p->labels = labels_snap_save();
	if (p->labels == NULL) {
		g_free(p);
		return (NULL);
	}
	p->kern = g_malloc(sim_kern_snap_size() + 1);
	sim_kern_snap_save(p->kern);
	p->ledger = ledger_snap_save();
	p->sstack = sstack_snap_save();
	p->race = race_snap_save();
	p->cause = cause_snap_save();
	return (p);
}

/*
 * After the resets sim_execute does for every execution (ledger, labels,
 * stacks, race detector, cause): each part refills its own state.
 */
void
snap_parts_restore(const struct snap_parts *p)
{

	sim_kern_snap_restore(p->kern);
	ledger_snap_restore(p->ledger);
	labels_snap_restore(p->labels);
	sstack_snap_restore(p->sstack);
	race_snap_restore(p->race);
	cause_snap_restore(p->cause);
}

void
snap_parts_free(struct snap_parts *p)
{

	if (p == NULL)
		return;
	g_free(p->kern);
	ledger_snap_free(p->ledger);
	labels_snap_free(p->labels);
	sstack_snap_free(p->sstack);
	race_snap_free(p->race);
	cause_snap_free(p->cause);
	g_free(p);
}

/*
 * What the prefix may depend on besides the seed: everything in the
 * configuration but the seed and the strategy's own parameters, which
 * act after the prefix (pct's change points inside it are applied at
 * restore).  A snapshot is used only with the same key.
 */
void
snap_key_of(const struct sim_config *cfg, struct sim_config *key)
{

	memset(key, 0, sizeof(*key));
	key->strategy = cfg->strategy;
	key->dfs = cfg->dfs != NULL ? (struct sim_dfs *)1 : NULL;
	key->fault_malloc = cfg->fault_malloc;
	key->fault_signals = cfg->fault_signals;
	key->fault_nth = cfg->fault_nth;
	key->fault_persistent = cfg->fault_persistent;
	key->trace = cfg->trace;
	key->max_steps = cfg->max_steps;
	key->points = cfg->points;
	key->point_sites = cfg->point_sites;
	key->check_races = cfg->check_races;
	key->race_sites_out = cfg->race_sites_out != NULL ?
	    (GArray *)1 : NULL;
}

bool
snap_key_equal(const struct sim_config *a, const struct sim_config *b)
{

	return (a->strategy == b->strategy && a->dfs == b->dfs &&
	    a->fault_malloc == b->fault_malloc &&
	    a->fault_signals == b->fault_signals &&
	    a->fault_nth == b->fault_nth &&
	    a->fault_persistent == b->fault_persistent &&
	    a->trace == b->trace && a->max_steps == b->max_steps &&
	    a->points == b->points && a->point_sites == b->point_sites &&
	    a->check_races == b->check_races &&
	    a->race_sites_out == b->race_sites_out);
}

struct sim_snapshot *
sim_snapshot_new(const struct sim_config *cfg)
{
	struct sim_snapshot *s = g_new0(struct sim_snapshot, 1);

	snap_key_of(cfg, &s->key);
	return (s);
}

bool
sim_snapshot_matches(const struct sim_snapshot *s,
    const struct sim_config *cfg)
{
	struct sim_config key;

	snap_key_of(cfg, &key);
	return (snap_key_equal(&key, &s->key));
}

void
sim_snapshot_free(struct sim_snapshot *s)
{

	if (s == NULL)
		return;
	snap_parts_free(s->parts);
	sched_snap_free(s->sched);
	if (s->prog != NULL && s->prog_free != NULL)
		s->prog_free(s->prog);
	g_free(s);
}

const char *
sim_snapshot_state(const struct sim_snapshot *s)
{

	switch (s->state) {
	case SNAP_EMPTY:
		return ("empty");
	case SNAP_READY:
		return ("ready");
	case SNAP_INVALID:
		return (s->why);
	}
	return ("?");
}
