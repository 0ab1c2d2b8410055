/* Stands for sys/sys/sleepqueue.h at FreeBSD edca4938 (2019).
 * sleepqueue.h - sleep queues (sys/sys/sleepqueue.h), the one place a
 * simulated thread blocks.
 *
 * A thread is queued with sleepq_add() and blocks in sleepq_*wait*().  A
 * wakeup that arrives between the two (the interlock is dropped there, a
 * scheduling point) dequeues it, and the wait returns at once: nothing is
 * lost, as with FreeBSD's sleepqueue chain lock.  Queues are kept per
 * (wait channel, queue index); waking is FIFO within a queue.
 * Simulator additions: SLEEPQ_TS_QUEUE (threads waiting for a mutex, the
 * turnstile) and sleepq_set_owner() (the lock holder, for the engine's
 * deadlock wait-for graph).  No sleepq_lock/sleepq_release: nothing runs
 * between two scheduling points.
 */
#ifndef _SIM_SYS_SLEEPQUEUE_H_
#define _SIM_SYS_SLEEPQUEUE_H_

#include <sys/param.h>

struct lock_object;

#define	SLEEPQ_TYPE		0x0ff	/* Mask of sleep queue types. */
#define	SLEEPQ_SLEEP		0x00	/* Used by sleep/wakeup. */
#define	SLEEPQ_CONDVAR		0x01	/* Used for a cv. */
#define	SLEEPQ_PAUSE		0x02	/* Used by pause. */
#define	SLEEPQ_SX		0x03	/* Used by an sx lock. */
#define	SLEEPQ_LK		0x04	/* Used by a lockmgr. */
#define	SLEEPQ_MTX		0x05	/* Simulator: mutex turnstile. */
#define	SLEEPQ_INTERRUPTIBLE	0x100	/* Sleep is interruptible. */

#define	SLEEPQ_NQUEUES		3
#define	SLEEPQ_TS_QUEUE		2	/* Simulator: mutex waiters. */

void	sleepq_add(const void *wchan, struct lock_object *lock,
	    const char *wmesg, int flags, int queue);
void	sleepq_set_timeout(const void *wchan, int timo);
void	sleepq_set_owner(const void *wchan, int owner);
void	sleepq_set_site(const char *file, int line);
void	sleepq_wait(const void *wchan, int pri);
int	sleepq_wait_sig(const void *wchan, int pri);
int	sleepq_timedwait(const void *wchan, int pri);
int	sleepq_timedwait_sig(const void *wchan, int pri);
int	sleepq_signal(const void *wchan, int flags, int pri, int queue);
int	sleepq_broadcast(const void *wchan, int flags, int pri, int queue);
u_int	sleepq_sleepcnt(const void *wchan, int queue);

#endif /* !_SIM_SYS_SLEEPQUEUE_H_ */
