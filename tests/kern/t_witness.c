/*
 * t_witness.c - kernel-side bodies for tests/check_witness.c.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/sx.h>

static struct mtx wa __kdata, wb __kdata, wc __kdata, wd __kdata;

void	t_witness_abba_sequential(void);
void	t_witness_abc_cycle(void);
void	t_witness_duplicate(void);
void	t_witness_duplicate_dupok(void);
void	t_witness_nowitness_init(void);
void	t_witness_deadlock_thread(int i);
void	t_witness_sx_after_mutex(void);

/* A then B, later B then A, one thread: a reversal without deadlock. */
void
t_witness_abba_sequential(void)
{

	mtx_init(&wa, "A", NULL, MTX_DEF);
	mtx_init(&wb, "B", NULL, MTX_DEF);
	mtx_lock(&wa);
	mtx_lock(&wb);
	mtx_unlock(&wb);
	mtx_unlock(&wa);
	mtx_lock(&wb);
	mtx_lock(&wa);
}

/* A->B, B->C, then C->A closes a cycle through the graph. */
void
t_witness_abc_cycle(void)
{

	mtx_init(&wa, "A", NULL, MTX_DEF);
	mtx_init(&wb, "B", NULL, MTX_DEF);
	mtx_init(&wc, "C", NULL, MTX_DEF);
	mtx_lock(&wa);
	mtx_lock(&wb);
	mtx_unlock(&wb);
	mtx_unlock(&wa);
	mtx_lock(&wb);
	mtx_lock(&wc);
	mtx_unlock(&wc);
	mtx_unlock(&wb);
	mtx_lock(&wc);
	mtx_lock(&wa);
}

/* Two locks of one name held at once. */
void
t_witness_duplicate(void)
{

	mtx_init(&wa, "same", NULL, MTX_DEF);
	mtx_init(&wb, "same", NULL, MTX_DEF);
	mtx_lock(&wa);
	mtx_lock(&wb);
	mtx_unlock(&wb);
	mtx_unlock(&wa);
}

/* The same with MTX_DUPOK: fine. */
void
t_witness_duplicate_dupok(void)
{

	mtx_init(&wa, "same", NULL, MTX_DEF | MTX_DUPOK);
	mtx_init(&wb, "same", NULL, MTX_DEF | MTX_DUPOK);
	mtx_lock(&wa);
	mtx_lock(&wb);
	mtx_unlock(&wb);
	mtx_unlock(&wa);
}

/* Locks WITNESS ignores, so only the engine can see the deadlock. */
void
t_witness_nowitness_init(void)
{

	mtx_init(&wc, "C", NULL, MTX_DEF | MTX_NOWITNESS);
	mtx_init(&wd, "D", NULL, MTX_DEF | MTX_NOWITNESS);
}

/* Thread 0: C then D; thread 1: D then C. */
void
t_witness_deadlock_thread(int i)
{
	struct mtx *first, *second;

	first = i == 0 ? &wc : &wd;
	second = i == 0 ? &wd : &wc;
	mtx_lock(first);
	mtx_lock(second);
	mtx_unlock(second);
	mtx_unlock(first);
}

/* An sx acquired with a mutex held. */
void
t_witness_sx_after_mutex(void)
{
	static struct sx s __kdata;

	mtx_init(&wa, "A", NULL, MTX_DEF);
	sx_init(&s, "S");
	mtx_lock(&wa);
	sx_xlock(&s);
}

void	t_witness_lor_continues(void);
void	t_witness_lor_kdb_stops(void);
void	t_witness_lor_reported_once(void);
void	t_witness_order_list(void);
void	t_witness_giant_then_sx(void);
void	t_witness_order_init(void);
void	t_witness_order_thread(int i);

/* A reversal, then more work: the execution goes on past the report. */
void
t_witness_lor_continues(void)
{

	t_witness_abba_sequential();
	mtx_unlock(&wa);
	mtx_unlock(&wb);
	printf("after the reversal");
}

/* The same with debug.witness.kdb=1: the report stops the execution. */
void
t_witness_lor_kdb_stops(void)
{

	if (sim_sys_sysctl("debug.witness.kdb", 1) != 0)
		panic("debug.witness.kdb not settable");
	t_witness_lor_continues();
}

/* One reversal taken twice: WITNESS says so once. */
void
t_witness_lor_reported_once(void)
{
	int i;

	mtx_init(&wa, "A", NULL, MTX_DEF);
	mtx_init(&wb, "B", NULL, MTX_DEF);
	mtx_lock(&wa);
	mtx_lock(&wb);
	mtx_unlock(&wb);
	mtx_unlock(&wa);
	for (i = 0; i < 2; i++) {
		mtx_lock(&wb);
		mtx_lock(&wa);
		mtx_unlock(&wa);
		mtx_unlock(&wb);
	}
}

/*
 * FreeBSD's order list has "sigio lock" before "process lock": the other
 * way round is a reversal the first time it is taken.
 */
void
t_witness_order_list(void)
{

	mtx_init(&wa, "process lock", NULL, MTX_DEF);
	mtx_init(&wb, "sigio lock", NULL, MTX_DEF);
	mtx_lock(&wa);
	mtx_lock(&wb);
	mtx_unlock(&wb);
	mtx_unlock(&wa);
}

/* Giant and sleepable locks are not ordered: either way is fine. */
void
t_witness_giant_then_sx(void)
{
	static struct sx s __kdata;

	sx_init(&s, "S");
	mtx_lock(&Giant);
	sx_xlock(&s);
	sx_xunlock(&s);
	mtx_unlock(&Giant);
	sx_xlock(&s);
	mtx_lock(&Giant);
	mtx_unlock(&Giant);
	sx_xunlock(&s);
}

static int worder_pick __kdata = -1;

/* Setup of the two-thread order test: A, B and the pick's lock C. */
void
t_witness_order_init(void)
{

	mtx_init(&wa, "A", NULL, MTX_DEF);
	mtx_init(&wb, "B", NULL, MTX_DEF);
	mtx_init(&wc, "C", NULL, MTX_DEF);
}

/*
 * Two threads race for the pick (under C); only the winner takes A and B,
 * thread 0 A then B, thread 1 B then A.  Every execution has one order;
 * which depends on the schedule.
 */
void
t_witness_order_thread(int i)
{
	struct mtx *first, *second;
	int mine;

	mtx_lock(&wc);
	if (worder_pick < 0)
		worder_pick = i;
	mine = worder_pick == i;
	mtx_unlock(&wc);
	if (!mine)
		return;
	first = i == 0 ? &wa : &wb;
	second = i == 0 ? &wb : &wa;
	mtx_lock(first);
	mtx_lock(second);
	mtx_unlock(second);
	mtx_unlock(first);
}
