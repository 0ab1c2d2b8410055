/* Stands for sys/kern/subr_unit.c at FreeBSD edca4938 (2019).
 * subr_unit.c - unit number allocation (sys/kern/subr_unit.c).
 *
 * An unrhdr hands out the integers [low, high]: alloc_unr() the lowest
 * free one (-1 if none), alloc_unr_specific() a given one (-1 if taken or
 * out of range), free_unr() gives one back.  FreeBSD keeps runs and
 * bitmaps in a list; this keeps one bitmap (a unit is busy iff its bit is
 * set), which gives the same answers.  The contract is FreeBSD's,
 * messages included: freeing a unit out of range or not allocated, and
 * deleting an unrhdr with units still allocated, are KASSERT panics.
 *
 * Locking: the caller's mutex (tunmtx for the driver), or an internal one
 * when new_unrhdr() gets NULL.  alloc_unr/alloc_unr_specific/free_unr take
 * it themselves, so calling them with it held recurses on it (`lock`).
 * As in FreeBSD, alloc_unr_specific() and free_unr() first warn WITNESS
 * that they may sleep (they preallocate with M_WAITOK): called with any
 * mutex held, that check fires first (`sleep-with-mutex`).
 * Memory: type "Unitno", leak-checked (an unrhdr outliving its driver is a
 * leak).  Not modelled: clear_unrhdr, alloc_unrl/free_unrl callers outside
 * this file, unit ranges wider than UNR_MAXITEMS.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/malloc.h>
#include <sys/mutex.h>

#define	UNR_MAXITEMS	(1 << 20)
#define	NBUNR		32		/* Bits per map word. */

static MALLOC_DEFINE(M_UNIT, "Unitno", "Unit number allocation");

struct unrhdr {
	int		low;		/* Lowest item. */
	int		high;		/* Highest item. */
	u_int		busy;		/* Count of allocated items. */
	struct mtx	*mtx;		/* The lock protecting the map. */
	struct mtx	umtx;		/* Our own, when none was given. */
	u_int		nitems;
	uint32_t	map[];		/* Bit set: allocated. */
};

#define	UNR_TEST(uh, i)	(((uh)->map[(i) / NBUNR] >> ((i) % NBUNR)) & 1)
#define	UNR_SET(uh, i)	((uh)->map[(i) / NBUNR] |= (uint32_t)1 << ((i) % NBUNR))
#define	UNR_CLR(uh, i)	((uh)->map[(i) / NBUNR] &= ~((uint32_t)1 << ((i) % NBUNR)))

/* Allocate a new unrhdr for [low, high] protected by mutex (or our own). */
struct unrhdr *
new_unrhdr(int low, int high, struct mtx *mutex)
{
	struct unrhdr *uh;
	u_int n;

	KASSERT(low >= 0 && low <= high,
	    ("UNR: use error: new_unrhdr(%d, %d)", low, high));
	n = (u_int)(high - low) + 1;
	if (n > UNR_MAXITEMS)
		panic("new_unrhdr(%d, %d): ranges wider than %d not modelled",
		    low, high, UNR_MAXITEMS);
	uh = malloc(sizeof(*uh) + (n + NBUNR - 1) / NBUNR * sizeof(uint32_t),
	    M_UNIT, M_WAITOK | M_ZERO);
	if (mutex != NULL)
		uh->mtx = mutex;
	else {
		mtx_init(&uh->umtx, "unrhdr", NULL, MTX_DEF | MTX_DUPOK);
		uh->mtx = &uh->umtx;
	}
	uh->low = low;
	uh->high = high;
	uh->nitems = n;
	return (uh);
}

/* Free an unrhdr; every unit must have been freed. */
void
delete_unrhdr(struct unrhdr *uh)
{

	sim_obj_check(uh, "delete_unrhdr", __FILE__, __LINE__);
	KASSERT(uh->busy == 0, ("unrhdr has %u allocations", uh->busy));
	if (uh->mtx == &uh->umtx)
		mtx_destroy(&uh->umtx);
	free(uh, M_UNIT);
}

/* Lowest free unit, or -1; the lock is held. */
static int
alloc_unrl(struct unrhdr *uh)
{
	u_int i;

	mtx_assert(uh->mtx, MA_OWNED);
	for (i = 0; i < uh->nitems; i++) {
		if (uh->map[i / NBUNR] == UINT32_MAX) {
			i += NBUNR - 1 - i % NBUNR;
			continue;
		}
		if (!UNR_TEST(uh, i)) {
			UNR_SET(uh, i);
			uh->busy++;
			return (uh->low + (int)i);
		}
	}
	return (-1);
}

/* Allocate the lowest free unit; -1 if all are taken. */
int
alloc_unr(struct unrhdr *uh)
{
	int i;

	sim_obj_check(uh, "alloc_unr", __FILE__, __LINE__);
	mtx_lock(uh->mtx);
	i = alloc_unrl(uh);
	mtx_unlock(uh->mtx);
	return (i);
}

/* Allocate unit item if free and in range; else -1. */
int
alloc_unr_specific(struct unrhdr *uh, u_int item)
{
	u_int i;
	int ret;

	WITNESS_WARN(WARN_GIANTOK | WARN_SLEEPOK, NULL, "alloc_unr_specific");
	sim_obj_check(uh, "alloc_unr_specific", __FILE__, __LINE__);
	mtx_lock(uh->mtx);
	ret = -1;
	if (item >= (u_int)uh->low && item <= (u_int)uh->high) {
		i = item - (u_int)uh->low;
		if (!UNR_TEST(uh, i)) {
			UNR_SET(uh, i);
			uh->busy++;
			ret = (int)item;
		}
	}
	mtx_unlock(uh->mtx);
	return (ret);
}

/* Give unit item back; the lock is held. */
static void
free_unrl(struct unrhdr *uh, u_int item)
{
	u_int i;

	mtx_assert(uh->mtx, MA_OWNED);
	KASSERT(item >= (u_int)uh->low && item <= (u_int)uh->high,
	    ("UNR: free_unr(%u) out of range [%u...%u]",
	    item, uh->low, uh->high));
	i = item - (u_int)uh->low;
	KASSERT(UNR_TEST(uh, i) != 0,
	    ("UNR: Freeing free item %d (bitmap)\n", item));
	UNR_CLR(uh, i);
	uh->busy--;
}

/* Free an allocated unit. */
void
free_unr(struct unrhdr *uh, u_int item)
{

	WITNESS_WARN(WARN_GIANTOK | WARN_SLEEPOK, NULL, "free_unr");
	sim_obj_check(uh, "free_unr", __FILE__, __LINE__);
	mtx_lock(uh->mtx);
	free_unrl(uh, item);
	mtx_unlock(uh->mtx);
}
