/*
 * t_epoch.c - kernel-side bodies for tests/check_epoch.c: the epoch(9)
 * primitive alone (sections, epoch_call, epoch_wait_preempt).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/sx.h>
#include <sys/epoch.h>

struct tobj {
	int			to_val;
	struct epoch_context	to_ctx;
};

static struct tobj *tobj __kdata;	/* Published object. */
static int tcb_ran __kdata;		/* Callback runs. */
static int treader_in __kdata;		/* Reader inside its section. */
static int twaited __kdata;		/* epoch_wait_preempt returned. */
static int tlate_overlap __kdata;	/* Callback ran during a late section. */
static struct mtx tmtx __kdata;

void	t_epoch_setup(void);
void	t_epoch_reader_vs_call(int i);
void	t_epoch_reader_vs_free(int i);
void	t_epoch_check_ran(void);
void	t_epoch_reader_vs_wait(int i);
void	t_epoch_late_reader(int i);
void	t_epoch_check_late(void);
void	t_epoch_sleep_inside(void);
void	t_epoch_wait_inside(void);

/* Publish one object to be read in sections. */
void
t_epoch_setup(void)
{

	tobj = malloc(sizeof(*tobj), M_TEMP, M_WAITOK | M_ZERO);
	mtx_init(&tmtx, "tmtx", NULL, MTX_DEF);
}

/* The deferred free. */
static void
tobj_free(epoch_context_t ctx)
{

	free(__containerof(ctx, struct tobj, to_ctx), M_TEMP);
	tcb_ran++;
}

/* Read the object several times in one section, with points between. */
static void
t_reader(void)
{
	struct epoch_tracker et;
	struct tobj *o;
	int i;

	NET_EPOCH_ENTER(et);
	o = tobj;
	for (i = 0; i < 4; i++) {
		if (o == NULL)
			break;
		sim_access(o, "to_val", SIM_ACC_READ, __FILE__, __LINE__);
		mtx_lock(&tmtx);	/* A turnstile is fine in a section. */
		mtx_unlock(&tmtx);
	}
	NET_EPOCH_EXIT(et);
}

/* Thread 0 reads; thread 1 unpublishes and defers the free. */
void
t_epoch_reader_vs_call(int i)
{
	struct tobj *o;

	if (i == 0) {
		t_reader();
		return;
	}
	o = tobj;
	sim_point("unpublish", &tobj, SIM_ACC_WRITE, __FILE__, __LINE__);
	tobj = NULL;
	NET_EPOCH_CALL(tobj_free, &o->to_ctx);
}

/* The same with an immediate free: the reader can touch freed memory. */
void
t_epoch_reader_vs_free(int i)
{
	struct tobj *o;

	if (i == 0) {
		t_reader();
		return;
	}
	o = tobj;
	sim_point("unpublish", &tobj, SIM_ACC_WRITE, __FILE__, __LINE__);
	tobj = NULL;
	free(o, M_TEMP);
}

/* After everything: the deferred free ran exactly once. */
void
t_epoch_check_ran(void)
{

	if (tcb_ran != 1)
		panic("epoch callback ran %d times", tcb_ran);
}

/* Thread 0 sits in a section; thread 1 waits for the readers. */
void
t_epoch_reader_vs_wait(int i)
{
	struct epoch_tracker et;
	int k;

	if (i == 0) {
		NET_EPOCH_ENTER(et);
		treader_in = 1;
		for (k = 0; k < 4; k++) {
			mtx_lock(&tmtx);
			if (twaited)
				panic("epoch_wait_preempt returned while a "
				    "section open before it was still open");
			mtx_unlock(&tmtx);
		}
		treader_in = 0;
		NET_EPOCH_EXIT(et);
		return;
	}
	mtx_lock(&tmtx);
	k = treader_in;
	mtx_unlock(&tmtx);
	NET_EPOCH_WAIT();
	if (k)
		twaited = 1;	/* The reader was in before the wait. */
	free(tobj, M_TEMP);
}

/*
 * Thread 1 defers a free; thread 0 enters a section after the call: its
 * section does not hold the callback back (a grace period covers the
 * sections open at the call only).
 */
void
t_epoch_late_reader(int i)
{
	struct epoch_tracker et;
	struct tobj *o;
	int k;

	if (i == 1) {
		o = tobj;
		tobj = NULL;
		NET_EPOCH_CALL(tobj_free, &o->to_ctx);
		return;
	}
	while (tobj != NULL)
		pause("late", 1);
	NET_EPOCH_ENTER(et);
	for (k = 0; k < 6; k++) {
		mtx_lock(&tmtx);
		mtx_unlock(&tmtx);
	}
	if (tcb_ran)
		tlate_overlap = 1;
	NET_EPOCH_EXIT(et);
}

/* Report whether the callback ran inside the late section. */
void
t_epoch_check_late(void)
{

	if (tlate_overlap)
		printf("callback ran during a later section");
}

/* Sleeping inside a section: FreeBSD's THREAD_NO_SLEEPING. */
void
t_epoch_sleep_inside(void)
{
	struct epoch_tracker et;

	NET_EPOCH_ENTER(et);
	pause("insec", 1);
	NET_EPOCH_EXIT(et);
}

/* Waiting for the epoch from inside one of its sections. */
void
t_epoch_wait_inside(void)
{
	struct epoch_tracker et;

	NET_EPOCH_ENTER(et);
	NET_EPOCH_WAIT();
	NET_EPOCH_EXIT(et);
}
