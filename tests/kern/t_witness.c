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
