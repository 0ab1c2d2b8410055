/*
 * ledger.c - kernel memory as objects with stable names.
 *
 * Every allocation of the simulated kernel is an object: a header (type,
 * per-type serial, who allocated and freed it) and the zeroed payload.
 * Memory is never reused within an execution: a freed object stays in
 * quarantine with its contents, so a later touch through a stale pointer
 * is reported as use-after-free (naming who freed it) rather than reading
 * someone else's data.  Objects are listed in allocation order: that, never
 * a hash order, is what reaches the output.
 *
 * Cost matters here: every allocation, lock operation and (in the
 * instrumented driver build) every load and store asks "which object is
 * this address in?".  So payloads are carved in allocation order out of
 * one arena reserved once per process, and a shadow map with one entry per
 * 16-byte granule of it holds the index of the object owning the granule.
 * An address outside the used part of the arena (a stack, static data) is
 * rejected by one comparison; inside, the lookup is one load.  Reset is a
 * rewind: no free per object.  The headers live apart from the payloads,
 * in an array reused across executions, so a payload overrun cannot
 * corrupt the ledger (and ASan builds poison the gap after each payload).
 * Names ("tun#2") are formatted only when printed (labels.c).
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "engine_int.h"
#include "ledger_int.h"
#include "snapshot_int.h"

#if defined(__SANITIZE_ADDRESS__)
#define	LEDGER_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define	LEDGER_ASAN	1
#endif
#endif
#ifdef LEDGER_ASAN
#include <sanitizer/asan_interface.h>
#define	REDZONE		16		/* poisoned bytes after a payload */
#else
#define	REDZONE		0
#define	ASAN_POISON_MEMORY_REGION(a, n)		((void)(a), (void)(n))
#define	ASAN_UNPOISON_MEMORY_REGION(a, n)	((void)(a), (void)(n))
#endif

#define	GRAIN_SHIFT	4		/* 16-byte granules, payload alignment */
#define	GRAIN		((size_t)1 << GRAIN_SHIFT)
#define	ARENA_MAX	((size_t)4 << 30)	/* virtual; touched on use */
#define	ARENA_MIN	((size_t)64 << 20)

struct objhdr {
	char		*base;		/* payload */
	size_t		size;
	struct objtype	*type;
	int		serial;
	bool		freed;
	const char	*id;		/* NULL until first printed */
	const char	*alloc_file;
	int		alloc_line;
	int		alloc_tid;
	const struct sstack_node *alloc_stack;	/* valid this execution */
	const char	*free_file;
	int		free_line;
	int		free_tid;
	const struct sstack_node *free_stack;
	uint64_t	free_step;
};

/* A malloc type; kept across executions, its counters per execution. */
struct objtype {
	char		*name;
	uint64_t	epoch;		/* execution the counters belong to */
	int		next_serial;
	int		live;
	bool		leak_checked;
};

static char *arena;			/* payloads, allocation order */
static size_t arena_cap, arena_used;
static uint32_t *shadow;		/* granule -> object index + 1, or 0 */

static struct objhdr *hdrs;		/* allocation order */
static uint32_t nhdrs, hdrs_cap;

static uint64_t epoch;			/* counts ledger_reset() calls */
static GHashTable *types;		/* name -> struct objtype (lookups) */
static GHashTable *leak_policy;		/* name -> GINT(checked) (persists) */

/* Type names are usually static strings: remember the last few by address. */
#define	TCACHE		16
static struct {
	const char	*key;
	struct objtype	*t;
} tcache[TCACHE];

/*
 * Reserve the arena and its shadow map: address space only, the kernel
 * gives pages when they are first touched.  The largest reservation the
 * host grants, halving from ARENA_MAX (a strict-overcommit host, valgrind).
 */
static void
arena_reserve(void)
{
	size_t cap;
	void *a, *s;

	for (cap = ARENA_MAX; cap >= ARENA_MIN; cap /= 2) {
		a = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE |
		    MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (a == MAP_FAILED)
			continue;
		s = mmap(NULL, (cap >> GRAIN_SHIFT) * sizeof(uint32_t),
		    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		    MAP_NORESERVE, -1, 0);
		if (s == MAP_FAILED) {
			munmap(a, cap);
			continue;
		}
		arena = a;
		shadow = s;
		arena_cap = cap;
		return;
	}
	g_error("ledger: cannot reserve %zu MiB of address space",
	    ARENA_MIN >> 20);
}

static void
leak_policy_init(void)
{

	if (leak_policy == NULL)
		leak_policy = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, NULL);
}

/*
 * Forget every object.  Nothing is freed: the arena is rewound, and memory
 * is reused only by the next execution.
 */
void
ledger_reset(void)
{

	if (arena == NULL)
		arena_reserve();
	ASAN_UNPOISON_MEMORY_REGION(arena, arena_used);
	arena_used = 0;
	nhdrs = 0;
	epoch++;
	if (types == NULL)
		types = g_hash_table_new(g_str_hash, g_str_equal);
	leak_policy_init();
	labels_reset();
}

static struct objtype *
objtype_get(const char *name)
{
	unsigned slot = (unsigned)(((uintptr_t)name >> 3) % TCACHE);
	struct objtype *t;
	gpointer pol;

	/* The name compare keeps a reused buffer from aliasing a type. */
	if (tcache[slot].key == name && strcmp(tcache[slot].t->name, name) == 0)
		t = tcache[slot].t;
	else if ((t = g_hash_table_lookup(types, name)) == NULL) {
		t = g_new0(struct objtype, 1);
		t->name = g_strdup(name);
		t->leak_checked = true;
		if (g_hash_table_lookup_extended(leak_policy, name, NULL, &pol))
			t->leak_checked = GPOINTER_TO_INT(pol) != 0;
		g_hash_table_insert(types, t->name, t);
	}
	tcache[slot].key = name;
	tcache[slot].t = t;
	if (t->epoch != epoch) {
		t->epoch = epoch;
		t->next_serial = 1;
		t->live = 0;
	}
	return (t);
}

/* The object whose payload contains p, or NULL: the hot path. */
static inline struct objhdr *
obj_find(const void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)arena;
	uint32_t i;
	struct objhdr *h;

	/* Below the arena wraps around to a huge offset. */
	if (off >= arena_used)
		return (NULL);
	i = shadow[off >> GRAIN_SHIFT];
	if (i == 0)
		return (NULL);
	h = &hdrs[i - 1];
	/* Granules start at the payload: only the end needs a check. */
	if ((const char *)p >= h->base + h->size)
		return (NULL);
	return (h);
}

bool
ledger_find(const void *p, struct ledger_span *out)
{
	struct objhdr *h = obj_find(p);

	if (h == NULL)
		return (false);
	out->base = h->base;
	out->size = h->size;
	out->freed = h->freed;
	out->type = h->type->name;
	return (true);
}

int32_t
ledger_obj_index(const void *p, size_t *off)
{
	struct objhdr *h = obj_find(p);

	if (h == NULL)
		return (-1);
	*off = (size_t)((const char *)p - h->base);
	return ((int32_t)(h - hdrs));
}

static const char *
obj_name(struct objhdr *h)
{

	if (h->id == NULL)
		h->id = ltext_printf("%s#%d", h->type->name, h->serial);
	return (h->id);
}

const char *
ledger_obj_name(int32_t idx)
{

	g_assert(idx >= 0 && (uint32_t)idx < nhdrs);
	return (obj_name(&hdrs[idx]));
}

/* Name h, its allocation and its free to the violation being raised. */
static void
note_cause(struct objhdr *h, const char *what)
{
	struct cause_obj o = {
		.id = obj_name(h), .type = h->type->name, .what = what,
		.alloc_file = h->alloc_file, .alloc_line = h->alloc_line,
		.alloc_tid = h->alloc_tid, .alloc_stack = h->alloc_stack,
		.free_file = h->free_file, .free_line = h->free_line,
		.free_tid = h->free_tid, .free_stack = h->free_stack,
	};

	cause_object(&o);
}

void
ledger_cause(const void *p, const char *what)
{
	struct objhdr *h = obj_find(p);

	if (h != NULL)
		note_cause(h, what);
}

void *
sim_obj_alloc(size_t size, const char *type, bool may_fail, const char *site,
    const char *file, int line)
{
	struct objhdr *h;
	struct objtype *t;
	size_t span, g, ng, i;
	char *p;

	if (may_fail && sim_fault(site != NULL ? site : type))
		return (NULL);
	t = objtype_get(type);
	if (size > arena_cap)
		g_error("ledger: an allocation of %zu bytes", size);
	/* One spare byte so a zero-size object still owns an address. */
	span = (size + 1 + GRAIN - 1) & ~(GRAIN - 1);
	if (arena_cap - arena_used < span + REDZONE)
		g_error("ledger: the simulated kernel used more than %zu MiB "
		    "in one execution", arena_cap >> 20);
	if (nhdrs == hdrs_cap) {
		hdrs_cap = hdrs_cap ? hdrs_cap * 2 : 256;
		hdrs = g_renew(struct objhdr, hdrs, hdrs_cap);
	}
	p = arena + arena_used;
	g = arena_used >> GRAIN_SHIFT;
	ng = span >> GRAIN_SHIFT;
	for (i = 0; i < ng; i++)
		shadow[g + i] = nhdrs + 1;
#if REDZONE > 0
	for (i = 0; i < REDZONE >> GRAIN_SHIFT; i++)
		shadow[g + ng + i] = 0;
#endif
	arena_used += span + REDZONE;
	memset(p, 0, span);
	ASAN_POISON_MEMORY_REGION(p + size + 1, span + REDZONE - size - 1);
	h = &hdrs[nhdrs++];
	h->base = p;
	h->size = size;
	h->type = t;
	h->serial = t->next_serial++;
	h->freed = false;
	h->id = NULL;
	h->alloc_file = file;
	h->alloc_line = line;
	h->alloc_tid = sim_curthread();
	h->free_file = NULL;
	h->free_line = 0;
	h->free_tid = -1;
	h->free_step = 0;
	h->alloc_stack = sstack_capture(h->alloc_tid);
	h->free_stack = NULL;
	t->live++;
	return (p);
}

void
sim_obj_free(void *p, const char *file, int line)
{
	struct objhdr *h;

	if (p == NULL)
		return;
	h = obj_find(p);
	if (h == NULL || h->base != p)
		sim_violation(SIM_V_PANIC, file, line,
		    "free of an address that is not an allocated object");
	if (h->freed)
		note_cause(h, "free");
	if (h->freed)
		sim_violation(SIM_V_DOUBLE_FREE, file, line,
		    "double free of %s (allocated at %s:%d, freed at %s:%d "
		    "by %s)", obj_name(h), h->alloc_file, h->alloc_line,
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
		    obj_name(h), h->free_file, h->free_line,
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
	return (obj_name(h));
}

void
sim_type_leak_checked(const char *type, bool checked)
{
	struct objtype *t;

	leak_policy_init();
	g_hash_table_insert(leak_policy, g_strdup(type),
	    GINT_TO_POINTER(checked ? 1 : 0));
	if (types != NULL && (t = g_hash_table_lookup(types, type)) != NULL)
		t->leak_checked = checked;
}

int
sim_obj_live_count(const char *type)
{
	struct objtype *t = types ? g_hash_table_lookup(types, type) : NULL;

	return (t != NULL && t->epoch == epoch ? t->live : 0);
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

	for (i = 0; i < nhdrs; i++) {
		struct objhdr *h = &hdrs[i];

		if (h->freed || !h->type->leak_checked)
			continue;
		if (s == NULL)
			s = g_string_new("");
		if (n++ < 8)
			g_string_append_printf(s, "%s%s (allocated at %s:%d by "
			    "%s)", n > 1 ? ", " : "", obj_name(h),
			    h->alloc_file, h->alloc_line,
			    sim_thread_name(h->alloc_tid));
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

	for (i = 0; i < nhdrs; i++) {
		struct objhdr *h = &hdrs[i];

		if (!h->freed && h->type->leak_checked) {
			note_cause(h, NULL);
			*file = h->alloc_file;
			*line = h->alloc_line;
			return (true);
		}
	}
	return (false);
}

/* ---- snapshot of the prefix (snapshot_int.h) --------------------- */

struct type_count {
	struct objtype	*t;
	int		next_serial;
	int		live;
};

struct ledger_snap {
	size_t		used;
	char		*bytes;		/* arena[0, used), redzones too */
	uint32_t	*shadow;	/* its granules */
	struct objhdr	*hdrs;
	uint32_t	nhdrs;
	struct type_count *types;	/* the types of this execution */
	guint		ntypes;
};

/*
 * A byte copy that ASan lets read and write redzones: the arena's poisoned
 * gaps are part of what is saved, and are poisoned again after a restore.
 */
#ifdef LEDGER_ASAN
__attribute__((no_sanitize_address))
#endif
static void
raw_copy(char *dst, const char *src, size_t n)
{
#ifdef LEDGER_ASAN
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = src[i];
#else
	memcpy(dst, src, n);
#endif
}

struct ledger_snap *
ledger_snap_save(void)
{
	struct ledger_snap *s = g_new0(struct ledger_snap, 1);
	GHashTableIter it;
	gpointer v;
	guint n = 0;

	s->used = arena_used;
	s->bytes = g_malloc(arena_used + 1);
	raw_copy(s->bytes, arena, arena_used);
	s->shadow = snap_dup(shadow, (arena_used >> GRAIN_SHIFT) *
	    sizeof(uint32_t));
	s->hdrs = snap_dup(hdrs, nhdrs * sizeof(*hdrs));
	s->nhdrs = nhdrs;
	/* A set of counters put back by pointer: the order is irrelevant. */
	s->types = g_new(struct type_count, g_hash_table_size(types) + 1);
	g_hash_table_iter_init(&it, types);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		struct objtype *t = v;

		if (t->epoch != epoch)
			continue;
		s->types[n].t = t;
		s->types[n].next_serial = t->next_serial;
		s->types[n].live = t->live;
		n++;
	}
	s->ntypes = n;
	return (s);
}

void
ledger_snap_restore(const struct ledger_snap *s)
{
	uint32_t i;

	ASAN_UNPOISON_MEMORY_REGION(arena, s->used);
	raw_copy(arena, s->bytes, s->used);
	memcpy(shadow, s->shadow, (s->used >> GRAIN_SHIFT) * sizeof(uint32_t));
	arena_used = s->used;
	while (hdrs_cap < s->nhdrs) {
		hdrs_cap = hdrs_cap ? hdrs_cap * 2 : 256;
		hdrs = g_renew(struct objhdr, hdrs, hdrs_cap);
	}
	memcpy(hdrs, s->hdrs, s->nhdrs * sizeof(*hdrs));
	nhdrs = s->nhdrs;
	for (i = 0; i < nhdrs; i++) {
		const char *end = i + 1 < nhdrs ? hdrs[i + 1].base :
		    arena + arena_used;
		char *tail = hdrs[i].base + hdrs[i].size + 1;

		ASAN_POISON_MEMORY_REGION(tail, (size_t)(end - tail));
		(void)end;
		(void)tail;
	}
	for (i = 0; i < s->ntypes; i++) {
		struct objtype *t = s->types[i].t;

		t->epoch = epoch;
		t->next_serial = s->types[i].next_serial;
		t->live = s->types[i].live;
	}
}

void
ledger_snap_free(struct ledger_snap *s)
{

	if (s == NULL)
		return;
	g_free(s->bytes);
	g_free(s->shadow);
	g_free(s->hdrs);
	g_free(s->types);
	g_free(s);
}
