/*
 * t_sleep.c - kernel-side bodies for tests/check_sleep.c (sleep/wakeup,
 * condition variables, sx).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/sx.h>
#include <sys/condvar.h>
#include <sys/malloc.h>

static struct mtx sm __kdata, sm2 __kdata;
static struct sx ss __kdata;
static struct cv scv __kdata;
static int sflag __kdata;
static int sdone __kdata;

void	t_sleep_init(void);
void	t_sleep_lost_wakeup_thread(int i);
void	t_sleep_wakeup_thread(int i);
void	t_sleep_check_done(void);
void	t_sleep_with_other_mutex(void);
void	t_sleep_timeout_returns_ewouldblock(void);
void	t_sleep_pcatch_thread(int i);
void	t_sleep_cv_unlock_thread(int i);
void	t_sleep_cv_wait_other_mutex(void);
void	t_sleep_sx_across_sleep(void);
void	t_sleep_sx_xunlock_not_held(void);
void	t_sleep_sx_thread(int i);
void	t_sleep_malloc_waitok_with_mutex(void);
void	t_sleep_pause_with_mutex(void);

void
t_sleep_init(void)
{

	mtx_init(&sm, "sm", NULL, MTX_DEF);
	mtx_init(&sm2, "sm2", NULL, MTX_DEF);
	sx_init(&ss, "ss");
	cv_init(&scv, "scv");
	sflag = 0;
	sdone = 0;
}

/* Thread 0 sleeps without PCATCH; nobody ever wakes it. */
void
t_sleep_lost_wakeup_thread(int i)
{

	mtx_lock(&sm);
	while (sflag == 0)
		mtx_sleep(&sflag, &sm, PZERO, "lost", 0);
	mtx_unlock(&sm);
}

/* Thread 0 waits for sflag; thread 1 sets it and wakes under the lock. */
void
t_sleep_wakeup_thread(int i)
{

	mtx_lock(&sm);
	if (i == 0) {
		while (sflag == 0)
			mtx_sleep(&sflag, &sm, PZERO, "wait", 0);
		sdone++;
	} else {
		sflag = 1;
		wakeup(&sflag);
	}
	mtx_unlock(&sm);
}

void
t_sleep_check_done(void)
{

	if (sdone != 1)
		panic("sleeper did not finish: %d", sdone);
}

/* mtx_sleep on sm while also holding sm2. */
void
t_sleep_with_other_mutex(void)
{

	t_sleep_init();
	mtx_lock(&sm2);
	mtx_lock(&sm);
	mtx_sleep(&sflag, &sm, PZERO, "two", 1);
}

/* A timed sleep nobody ends returns EWOULDBLOCK with the mutex held. */
void
t_sleep_timeout_returns_ewouldblock(void)
{
	int error;

	t_sleep_init();
	mtx_lock(&sm);
	error = mtx_sleep(&sflag, &sm, PZERO, "timo", 10);
	if (error != EWOULDBLOCK)
		panic("timed sleep returned %d", error);
	mtx_assert(&sm, MA_OWNED);
	mtx_unlock(&sm);
}

/* PCATCH sleep nobody wakes: teardown interrupts it with EINTR. */
void
t_sleep_pcatch_thread(int i)
{
	int error;

	mtx_lock(&sm);
	error = mtx_sleep(&sflag, &sm, PCATCH | PZERO, "intr", 0);
	if (error != EINTR)
		panic("interrupted sleep returned %d", error);
	mtx_unlock(&sm);
}

/*
 * cv_wait_unlock against cv_broadcast: thread 0 waits for sflag, thread 1
 * sets it and broadcasts under the mutex.  Never lost.
 */
void
t_sleep_cv_unlock_thread(int i)
{

	mtx_lock(&sm);
	if (i == 0) {
		if (sflag == 0)
			cv_wait_unlock(&scv, &sm);
		else
			mtx_unlock(&sm);
		sdone++;
	} else {
		sflag = 1;
		cv_broadcast(&scv);
		mtx_unlock(&sm);
	}
}

/* cv_wait on sm while holding sm2. */
void
t_sleep_cv_wait_other_mutex(void)
{

	t_sleep_init();
	mtx_lock(&sm2);
	mtx_lock(&sm);
	cv_wait(&scv, &sm);
}

/* An sx may be held across a sleep. */
void
t_sleep_sx_across_sleep(void)
{

	t_sleep_init();
	sx_xlock(&ss);
	pause("sxp", 2);
	sx_xunlock(&ss);
	sx_slock(&ss);
	sx_assert(&ss, SA_SLOCKED);
	sx_sunlock(&ss);
	sx_destroy(&ss);
}

void
t_sleep_sx_xunlock_not_held(void)
{

	t_sleep_init();
	sx_xunlock(&ss);
}

/* Two threads take the sx exclusively around a counter update. */
void
t_sleep_sx_thread(int i)
{
	int v;

	sx_xlock(&ss);
	v = sdone;
	pause("sxw", 1);
	sdone = v + 1;
	sx_xunlock(&ss);
}

void
t_sleep_malloc_waitok_with_mutex(void)
{

	t_sleep_init();
	mtx_lock(&sm);
	(void)malloc(8, M_TEMP, M_WAITOK);
}

void
t_sleep_pause_with_mutex(void)
{

	t_sleep_init();
	mtx_lock(&sm);
	pause("p", 1);
}
