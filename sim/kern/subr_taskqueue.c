/* Stands for sys/kern/subr_taskqueue.c at FreeBSD edca4938 (2019).
 * subr_taskqueue.c - task queues (sys/kern/subr_taskqueue.c).
 *
 * taskqueue_thread and taskqueue_swi are made at boot (SI_SUB_INIT_IF, as
 * TASKQUEUE_DEFINE does); each runs its tasks on one simulated kernel
 * thread created with SIM_THREAD_DAEMON (asleep forever at the end is not
 * a hang).  Deviation: the thread is started by the first
 * taskqueue_enqueue() rather than at boot, so executions that never use a
 * queue do not carry an idle thread; an idle queue thread only sleeps, so
 * nothing observable changes.  taskqueue_swi runs on a thread too (in
 * FreeBSD a software interrupt thread: same ordering guarantees).
 * Tasks run in priority order (higher first), FIFO within a priority; an
 * enqueue of a pending task only bumps ta_pending.  taskqueue_drain()
 * sleeps until the task is neither pending nor running.
 * Locking: tq_mutex protects the queue, ta_pending and tq_running; it is
 * dropped around each task function.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/taskqueue.h>

struct taskqueue {
	STAILQ_HEAD(, task)	tq_queue;
	const char		*tq_name;
	struct mtx		tq_mutex;
	struct task		*tq_running;	/* The task being run, or NULL. */
	int			tq_tid;		/* Its thread, -1 until started. */
};

#define	TQ_LOCK(tq)	mtx_lock(&(tq)->tq_mutex)
#define	TQ_UNLOCK(tq)	mtx_unlock(&(tq)->tq_mutex)

static struct taskqueue tq_thread_store __kdata;
static struct taskqueue tq_swi_store __kdata;
struct taskqueue *taskqueue_thread __kdata;
struct taskqueue *taskqueue_swi __kdata;

/* Set up one queue. */
static void
taskqueue_setup(struct taskqueue *tq, const char *name)
{

	STAILQ_INIT(&tq->tq_queue);
	tq->tq_name = name;
	mtx_init(&tq->tq_mutex, name, NULL, MTX_DEF);
	tq->tq_running = NULL;
	tq->tq_tid = -1;
}

/* Boot: the two system queues. */
static void
taskqueue_define(void *dummy __unused)
{

	taskqueue_setup(&tq_thread_store, "taskqueue_thread");
	taskqueue_thread = &tq_thread_store;
	taskqueue_setup(&tq_swi_store, "taskqueue_swi");
	taskqueue_swi = &tq_swi_store;
}
SYSINIT(taskqueue_define, SI_SUB_INIT_IF, SI_ORDER_SECOND, taskqueue_define,
    NULL);

/* Run every queued task; tq_mutex is held and dropped around each. */
static void
taskqueue_run_locked(struct taskqueue *tq)
{
	struct task *task;
	int pending;

	mtx_assert(&tq->tq_mutex, MA_OWNED);
	while ((task = STAILQ_FIRST(&tq->tq_queue)) != NULL) {
		STAILQ_REMOVE_HEAD(&tq->tq_queue, ta_link);
		pending = task->ta_pending;
		task->ta_pending = 0;
		tq->tq_running = task;
		TQ_UNLOCK(tq);
		task->ta_func(task->ta_context, pending);
		TQ_LOCK(tq);
		tq->tq_running = NULL;
		wakeup(task);
	}
}

/* The queue's thread: run tasks, sleep until the next enqueue. */
static void
taskqueue_thread_loop(void *arg)
{
	struct taskqueue *tq;

	tq = arg;
	TQ_LOCK(tq);
	for (;;) {
		taskqueue_run_locked(tq);
		mtx_sleep(tq, &tq->tq_mutex, 0, "-", 0);
	}
}

/* Queue a task (once: a pending task only counts) and wake the thread. */
int
taskqueue_enqueue(struct taskqueue *tq, struct task *task)
{
	struct task *ins, *prev;

	TQ_LOCK(tq);
	if (task->ta_pending != 0) {
		if (task->ta_pending < UINT16_MAX)
			task->ta_pending++;
		TQ_UNLOCK(tq);
		return (0);
	}
	prev = NULL;
	for (ins = STAILQ_FIRST(&tq->tq_queue); ins != NULL &&
	    ins->ta_priority >= task->ta_priority;
	    ins = STAILQ_NEXT(ins, ta_link))
		prev = ins;
	if (ins == NULL)
		STAILQ_INSERT_TAIL(&tq->tq_queue, task, ta_link);
	else if (prev == NULL)
		STAILQ_INSERT_HEAD(&tq->tq_queue, task, ta_link);
	else {
		STAILQ_NEXT(task, ta_link) = ins;
		STAILQ_NEXT(prev, ta_link) = task;
	}
	task->ta_pending = 1;
	if (tq->tq_tid < 0)
		tq->tq_tid = sim_thread_create(tq->tq_name,
		    taskqueue_thread_loop, tq, SIM_THREAD_DAEMON);
	wakeup_one(tq);
	TQ_UNLOCK(tq);
	return (0);
}

/* Sleep until task is neither pending nor running. */
void
taskqueue_drain(struct taskqueue *tq, struct task *task)
{

	WITNESS_WARN(WARN_GIANTOK | WARN_SLEEPOK, NULL, "taskqueue_drain");
	TQ_LOCK(tq);
	while (task->ta_pending != 0 || tq->tq_running == task)
		mtx_sleep(task, &tq->tq_mutex, PWAIT, "taskqueue_drain", 0);
	TQ_UNLOCK(tq);
}

/*
 * Take a pending task off the queue.  EBUSY if it is running now; the
 * pending count it had goes to *pendp.
 */
int
taskqueue_cancel(struct taskqueue *tq, struct task *task, u_int *pendp)
{
	u_int pending;
	int error;

	TQ_LOCK(tq);
	pending = task->ta_pending;
	if (pending != 0)
		STAILQ_REMOVE(&tq->tq_queue, task, task, ta_link);
	task->ta_pending = 0;
	error = tq->tq_running == task ? EBUSY : 0;
	TQ_UNLOCK(tq);
	if (pendp != NULL)
		*pendp = pending;
	return (error);
}
