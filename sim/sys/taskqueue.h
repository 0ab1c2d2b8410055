/* Stands for sys/sys/taskqueue.h at FreeBSD edca4938 (2019).
 * taskqueue.h - taskqueue(9) (sys/sys/taskqueue.h, sys/sys/_task.h).
 *
 * taskqueue_thread and taskqueue_swi each run on one simulated kernel
 * thread (a SIM_THREAD_DAEMON: asleep forever at the end is fine).
 * taskqueue_enqueue() queues a task once (ta_pending counts coalesced
 * enqueues) and wakes the thread; taskqueue_drain() sleeps until the task
 * is neither pending nor running.  Locking: tq_mutex protects the queue
 * and the tasks' ta_pending.  Not modelled: timeout tasks, grouptaskqueues,
 * several threads per queue, taskqueue_cancel's return of pending counts.
 */
#ifndef _SIM_SYS_TASKQUEUE_H_
#define _SIM_SYS_TASKQUEUE_H_

#include <sys/param.h>

typedef void task_fn_t(void *context, int pending);

struct task {
	STAILQ_ENTRY(task) ta_link;	/* (q) link for queue */
	uint16_t	ta_pending;	/* (q) count times queued */
	u_short		ta_priority;	/* (c) Priority */
	task_fn_t	*ta_func;	/* (c) task handler */
	void		*ta_context;	/* (c) argument for handler */
};

#define	TASK_INIT(task, priority, func, context) do {			\
	(task)->ta_pending = 0;						\
	(task)->ta_priority = (priority);				\
	(task)->ta_func = (func);					\
	(task)->ta_context = (context);					\
} while (0)

struct taskqueue;

int	taskqueue_enqueue(struct taskqueue *queue, struct task *task);
void	taskqueue_drain(struct taskqueue *queue, struct task *task);
int	taskqueue_cancel(struct taskqueue *queue, struct task *task,
	    u_int *pendp);

extern struct taskqueue *taskqueue_thread;
extern struct taskqueue *taskqueue_swi;

#endif /* !_SIM_SYS_TASKQUEUE_H_ */
