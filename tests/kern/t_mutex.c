/*
 * t_mutex.c - kernel-side bodies for tests/check_mutex.c.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/malloc.h>

static struct mtx tm __kdata;
static int tcount __kdata;

void	t_mutex_init(void);
void	t_mutex_unlock_not_held(void);
void	t_mutex_recurse(void);
void	t_mutex_recurse_ok(void);
void	t_mutex_assert_owned_fails(void);
void	t_mutex_lock_after_destroy(void);
void	t_mutex_lock_in_freed(void);
void	t_mutex_hold_thread(int i);
void	t_mutex_count_thread(int i);
void	t_mutex_check_count(void);

void
t_mutex_init(void)
{

	mtx_init(&tm, "tm", NULL, MTX_DEF);
	tcount = 0;
}

void
t_mutex_unlock_not_held(void)
{

	t_mutex_init();
	mtx_unlock(&tm);
}

void
t_mutex_recurse(void)
{

	t_mutex_init();
	mtx_lock(&tm);
	mtx_lock(&tm);
}

void
t_mutex_recurse_ok(void)
{

	mtx_init(&tm, "tm", NULL, MTX_DEF | MTX_RECURSE);
	mtx_lock(&tm);
	mtx_lock(&tm);
	mtx_assert(&tm, MA_OWNED | MA_RECURSED);
	mtx_unlock(&tm);
	mtx_assert(&tm, MA_OWNED | MA_NOTRECURSED);
	mtx_unlock(&tm);
	mtx_assert(&tm, MA_NOTOWNED);
	mtx_destroy(&tm);
}

void
t_mutex_assert_owned_fails(void)
{

	t_mutex_init();
	mtx_assert(&tm, MA_OWNED);
}

void
t_mutex_lock_after_destroy(void)
{

	t_mutex_init();
	mtx_destroy(&tm);
	mtx_lock(&tm);
}

void
t_mutex_lock_in_freed(void)
{
	struct { int x; struct mtx m; } *p;

	p = malloc(sizeof(*p), M_TEMP, M_WAITOK | M_ZERO);
	mtx_init(&p->m, "inner", NULL, MTX_DEF);
	free(p, M_TEMP);
	mtx_lock(&p->m);
}

/* Thread 0 holds the mutex for a few steps; thread 1 destroys it. */
void
t_mutex_hold_thread(int i)
{

	if (i == 0) {
		mtx_lock(&tm);
		SIM_READ(&tcount, "tcount");
		SIM_READ(&tcount, "tcount");
		mtx_unlock(&tm);
	} else
		mtx_destroy(&tm);
}

/* Increment a counter non-atomically (a point in between) under tm. */
void
t_mutex_count_thread(int i)
{
	int v;

	mtx_lock(&tm);
	v = tcount;
	SIM_READ(&tcount, "tcount");
	tcount = v + 1;
	mtx_unlock(&tm);
}

void
t_mutex_check_count(void)
{

	if (tcount != 3)
		panic("lost update: count %d", tcount);
}

static int giant_held_flag __kdata, giant_taken_flag __kdata;

void	t_mutex_giant_sleeper_thread(int i);

/*
 * Thread 0 sleeps holding Giant; thread 1 takes Giant meanwhile: a
 * sleeper drops Giant (DROP_GIANT) and gets it back (PICKUP_GIANT).
 */
void
t_mutex_giant_sleeper_thread(int i)
{

	if (i == 0) {
		mtx_lock(&Giant);
		giant_held_flag = 1;
		pause("giant", 10);
		mtx_assert(&Giant, MA_OWNED);
		if (!giant_taken_flag)
			panic("Giant was not dropped while its owner slept");
		mtx_unlock(&Giant);
		return;
	}
	while (!giant_held_flag)
		pause("wait", 1);
	mtx_lock(&Giant);
	giant_taken_flag = 1;
	mtx_unlock(&Giant);
}
