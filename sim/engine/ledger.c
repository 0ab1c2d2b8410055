/*
 * ledger.c - kernel memory as objects with stable names.
 *
 * Every allocation of the simulated kernel is an object: a header (type,
 * per-type serial, who allocated and freed it) followed by the zeroed
 * payload.  Memory is never reused within an execution: a freed object stays
 * in quarantine with its contents, so a later touch through a stale pointer
 * is reported as use-after-free (naming who freed it) rather than reading
 * someone else's data.  All objects are released at the end of the
 * execution.  Objects are listed in allocation order: that, never a hash
 * order, is what reaches the output.
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"

#define	OBJ_MAGIC	0x74756e73696d6f62ULL	/* "tunsimob" */

struct objhdr {
	uint64_t	magic;
	size_t		size;
	struct objtype	*type;
	int		serial;
	char		*id;
	bool		freed;
	const char	*alloc_file;
	int		alloc_line;
	int		alloc_tid;
	const struct sstack_node *alloc_stack;	/* valid this execution */
	const char	*free_file;
	int		free_line;
	int		free_tid;
	const struct sstack_node *free_stack;
	uint64_t	free_step;
	/* payload follows, 16-byte aligned */
} __attribute__((aligned(16)));

struct objtype {
	char		*name;
	int		next_serial;
	int		live;
	bool		leak_checked;
};

static GPtrArray *objects;		/* struct objhdr *, allocation order */
static GTree *by_addr;			/* payload address -> objhdr */
static GHashTable *types;		/* name -> struct objtype (lookups) */
static GHashTable *labels;		/* address -> label (lookups) */
static GHashTable *leak_policy;		/* name -> GINT(checked) (persists) */

static gint
addr_cmp(gconstpointer a, gconstpointer b)
{
	uintptr_t x = (uintptr_t)a, y = (uintptr_t)b;

	return (x < y ? -1 : x > y);
}

static void
objtype_free(gpointer p)
{
	struct objtype *t = p;

	g_free(t->name);
	g_free(t);
}

void
ledger_reset(void)
{
	guint i;

	if (objects != NULL) {
		for (i = 0; i < objects->len; i++) {
			struct objhdr *h = g_ptr_array_index(objects, i);

			g_free(h->id);
			free(h);
		}
		g_ptr_array_free(objects, TRUE);
		g_tree_destroy(by_addr);
		g_hash_table_destroy(types);
		g_hash_table_destroy(labels);
	}
	objects = g_ptr_array_new();
	by_addr = g_tree_new(addr_cmp);
	types = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    objtype_free);
	labels = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    g_free);
	if (leak_policy == NULL)
		leak_policy = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, NULL);
}

static struct objtype *
objtype_get(const char *name)
{
	struct objtype *t = g_hash_table_lookup(types, name);
	gpointer pol;

	if (t == NULL) {
		t = g_new0(struct objtype, 1);
		t->name = g_strdup(name);
		t->next_serial = 1;
		t->leak_checked = true;
		if (g_hash_table_lookup_extended(leak_policy, name, NULL, &pol))
			t->leak_checked = GPOINTER_TO_INT(pol) != 0;
		g_hash_table_insert(types, t->name, t);
	}
	return (t);
}

/* The object whose payload contains p, or NULL. */
static struct objhdr *
obj_find(const void *p)
{
	GTreeNode *n;
	struct objhdr *h;

	if (p == NULL || by_addr == NULL)
		return (NULL);
	n = g_tree_upper_bound(by_addr, p);	/* first start > p */
	n = (n == NULL) ? g_tree_node_last(by_addr) :
	    g_tree_node_previous(n);
	if (n == NULL)
		return (NULL);
	h = g_tree_node_value(n);
	if ((const char *)p >= (const char *)(h + 1) + h->size)
		return (NULL);
	return (h);
}

bool
ledger_find(const void *p, struct ledger_span *out)
{
	struct objhdr *h = obj_find(p);

	if (h == NULL)
		return (false);
	out->base = h + 1;
	out->size = h->size;
	out->freed = h->freed;
	return (true);
}

/* Name h, its allocation and its free to the violation being raised. */
static void
note_cause(const struct objhdr *h, const char *what)
{
	struct cause_obj o = {
		.id = h->id, .type = h->type->name, .what = what,
		.alloc_file = h->alloc_file, .alloc_line = h->alloc_line,
		.alloc_tid = h->alloc_tid, .alloc_stack = h->alloc_stack,
		.free_file = h->free_file, .free_line = h->free_line,
		.free_tid = h->free_tid, .free_stack = h->free_stack,
	};

	cause_object(&o);
}

void *
sim_obj_alloc(size_t size, const char *type, bool may_fail, const char *site,
    const char *file, int line)
{
	struct objhdr *h;
	struct objtype *t;

	if (may_fail && sim_fault(site != NULL ? site : type))
		return (NULL);
	t = objtype_get(type);
	/* One spare byte so a zero-size object still owns an address. */
	h = calloc(1, sizeof(*h) + size + 1);
	if (h == NULL)
		g_error("ledger: out of host memory");
	h->magic = OBJ_MAGIC;
	h->size = size;
	h->type = t;
	h->serial = t->next_serial++;
	h->id = g_strdup_printf("%s#%d", t->name, h->serial);
	h->alloc_file = file;
	h->alloc_line = line;
	h->alloc_tid = sim_curthread();
	h->alloc_stack = sstack_capture(h->alloc_tid);
	t->live++;
	g_ptr_array_add(objects, h);
	g_tree_insert(by_addr, h + 1, h);
	return (h + 1);
}

void
sim_obj_free(void *p, const char *file, int line)
{
	struct objhdr *h;

	if (p == NULL)
		return;
	h = obj_find(p);
	if (h == NULL || (void *)(h + 1) != p)
		sim_violation(SIM_V_PANIC, file, line,
		    "free of an address that is not an allocated object");
	if (h->freed)
		note_cause(h, "free");
	if (h->freed)
		sim_violation(SIM_V_DOUBLE_FREE, file, line,
		    "double free of %s (allocated at %s:%d, freed at %s:%d "
		    "by %s)", h->id, h->alloc_file, h->alloc_line,
		    h->free_file, h->free_line, sim_thread_name(h->free_tid));
	h->freed = true;
	h->free_file = file;
	h->free_line = line;
	h->free_tid = sim_curthread();
	h->free_stack = sstack_capture(h->free_tid);
	h->free_step = engine_steps();
	h->type->live--;
}

void
sim_obj_check(const void *p, const char *what, const char *file, int line)
{
	struct objhdr *h = obj_find(p);

	if (h != NULL && h->freed)
		note_cause(h, what ? what : "touch");
	if (h != NULL && h->freed)
		sim_violation(SIM_V_USE_AFTER_FREE, file, line,
		    "%s of %s, freed at %s:%d by %s", what ? what : "touch",
		    h->id, h->free_file, h->free_line,
		    sim_thread_name(h->free_tid));
}

bool
sim_obj_is_freed(const void *p)
{
	struct objhdr *h = obj_find(p);

	return (h != NULL && h->freed);
}

const char *
ledger_freed_by(const void *p, const char **file, int *line, int *tid)
{
	struct objhdr *h = obj_find(p);

	if (h == NULL || !h->freed)
		return (NULL);
	*file = h->free_file;
	*line = h->free_line;
	*tid = h->free_tid;
	return (h->id);
}

const char *
sim_obj_id(const void *p)
{
	struct objhdr *h;
	const char *l;
	char *s;

	if (p == NULL)
		return ("NULL");
	if (labels != NULL && (l = g_hash_table_lookup(labels, p)) != NULL)
		return (l);
	h = obj_find(p);
	if (h == NULL)
		return ("?");
	if ((const void *)(h + 1) == p)
		return (h->id);
	s = g_strdup_printf("%s+%#lx", h->id,
	    (unsigned long)((const char *)p - (const char *)(h + 1)));
	g_hash_table_insert(labels, (gpointer)p, s);
	return (s);
}

void
sim_label_set(const void *p, const char *label)
{

	g_hash_table_insert(labels, (gpointer)p, g_strdup(label));
}

void
sim_type_leak_checked(const char *type, bool checked)
{
	struct objtype *t;

	if (leak_policy == NULL)
		leak_policy = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, NULL);
	g_hash_table_insert(leak_policy, g_strdup(type),
	    GINT_TO_POINTER(checked ? 1 : 0));
	if (types != NULL && (t = g_hash_table_lookup(types, type)) != NULL)
		t->leak_checked = checked;
}

int
sim_obj_live_count(const char *type)
{
	struct objtype *t = types ? g_hash_table_lookup(types, type) : NULL;

	return (t != NULL ? t->live : 0);
}

/*
 * Describe the live objects of leak-checked types, in allocation order,
 * or return NULL when there are none.
 */
char *
ledger_leaks(void)
{
	GString *s = NULL;
	guint i, n = 0;

	for (i = 0; i < objects->len; i++) {
		struct objhdr *h = g_ptr_array_index(objects, i);

		if (h->freed || !h->type->leak_checked)
			continue;
		if (s == NULL)
			s = g_string_new("");
		if (n++ < 8)
			g_string_append_printf(s, "%s%s (allocated at %s:%d by "
			    "%s)", n > 1 ? ", " : "", h->id, h->alloc_file,
			    h->alloc_line, sim_thread_name(h->alloc_tid));
	}
	if (s == NULL)
		return (NULL);
	if (n > 8)
		g_string_append_printf(s, " and %u more", n - 8);
	return (g_string_free(s, FALSE));
}

/*
 * Where the first leaked object was allocated (static __FILE__ strings that
 * outlive the ledger), for the violation's location and signature.
 */
bool
ledger_first_leak_site(const char **file, int *line)
{
	guint i;

	for (i = 0; i < objects->len; i++) {
		struct objhdr *h = g_ptr_array_index(objects, i);

		if (!h->freed && h->type->leak_checked) {
			note_cause(h, NULL);
			*file = h->alloc_file;
			*line = h->alloc_line;
			return (true);
		}
	}
	return (false);
}
