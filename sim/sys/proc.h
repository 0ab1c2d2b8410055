/* Stands for sys/sys/proc.h at FreeBSD edca4938 (2019).
 * proc.h - processes and threads (sys/sys/proc.h), the parts the simulated
 * kernel and the driver use.
 *
 * Every simulated thread of the engine has a struct thread, made on first
 * use (curthread) and attached to proc0 (pid 0, the kernel, uid 0) until
 * sim_sys_setproc() binds it to a process.  Each scenario thread is its own
 * process (sim_sys_newproc: pids from 100 upward in creation order).  A
 * thread carries its sleep queue linkage (subr_sleepqueue.c) and WITNESS's
 * list of the locks it holds (subr_witness.c).
 * Not modelled: multithreaded processes, process groups and sessions
 * beyond p_pgid, signals other than through sim_fault_signal().
 * Locking: p_mtx (PROC_LOCK) protects p_ucred and p_fd changes.
 */
#ifndef _SIM_SYS_PROC_H_
#define _SIM_SYS_PROC_H_

#include <sys/param.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/sx.h>
#include <sys/ucred.h>

struct filedesc;
struct proc;

struct thread {
	int		td_tid;		/* Simulated thread id (-1: engine). */
	struct proc	*td_proc;	/* Associated process. */
	struct ucred	*td_ucred;	/* Reference to credentials. */
	char		td_name[MAXCOMLEN + 1]; /* Thread name (a copy, as in
					   FreeBSD: it lives in kernel memory
					   and so in the prefix snapshot). */
	/* Sleep queue state (subr_sleepqueue.c). */
	TAILQ_ENTRY(thread) td_slpq;	/* Link on the sleep queue list. */
	const void	*td_wchan;	/* Sleep address, NULL if not queued. */
	const char	*td_wmesg;	/* Reason for sleep. */
	int		td_sqqueue;	/* Queue index on td_wchan. */
	int		td_slpflags;	/* SLEEPQ_* of the current sleep. */
	int		td_slptimo;	/* Timeout in ticks, 0 none. */
	int		td_slpowner;	/* Holder of the awaited lock, -1. */
	const char	*td_slpfile;	/* Caller of the sleep. */
	int		td_slpline;
	int		td_sleeping;	/* Blocked in sim_block(). */
	int		td_epochnest;	/* Epoch sections entered (subr_epoch.c). */
	/* WITNESS (subr_witness.c). */
	int		td_nheld;	/* Entries used in td_held. */
	struct lock_instance td_held[WITNESS_NHELD];
};

struct proc {
	LIST_ENTRY(proc) p_list;	/* List of all processes. */
	struct mtx	p_mtx;		/* Process structure lock. */
	pid_t		p_pid;		/* Process identifier. */
	pid_t		p_pgid;		/* Process group id (= pid). */
	struct ucred	*p_ucred;	/* Process owner's identity. */
	struct filedesc	*p_fd;		/* Open files (kern_descrip.c). */
	int		p_flag;		/* P_* flags. */
	char		p_comm[MAXCOMLEN + 1];	/* Process name. */
};

#define	P_SYSTEM	0x00200		/* System proc: no sigs, stats. */
#define	P_WEXIT		0x02000		/* Working on exiting. */

#define	PROC_LOCK(p)		mtx_lock(&(p)->p_mtx)
#define	PROC_UNLOCK(p)		mtx_unlock(&(p)->p_mtx)
#define	PROC_LOCK_ASSERT(p, type)	mtx_assert(&(p)->p_mtx, (type))

extern struct proc proc0;
extern struct sx allproc_lock;	/* Protects the process list. */

/* The struct thread of the running simulated thread. */
struct thread	*kern_curthread(void);
/* The struct thread of simulated thread tid, or NULL if never made. */
struct thread	*kern_thread_bytid(int tid);
const char	*kern_thread_name(int tid);
/*
 * curthread is read everywhere (every lock, WITNESS, sleep queue): the
 * records made so far are read here without a call; kern_curthread()
 * makes a record at a thread's first use.  Neither the model's function
 * hooks nor a real driver's access hooks see this helper.
 */
#define	KTHREAD_MAX	256		/* Simulated threads per execution. */
extern struct thread *kern_kthreads[KTHREAD_MAX];
extern int sim_cur_tid;
static __inline __attribute__((no_instrument_function,
    no_sanitize("thread"))) struct thread *
kern_curthread_fast(void)
{
	int tid = sim_cur_tid;

	if (tid >= 0 && tid < KTHREAD_MAX && kern_kthreads[tid] != NULL)
		return (kern_kthreads[tid]);
	return (kern_curthread());
}
#define	curthread	(kern_curthread_fast())
#define	curproc		(curthread->td_proc)

struct proc	*pfind(pid_t pid);	/* Returns the proc locked. */

#endif /* !_SIM_SYS_PROC_H_ */
