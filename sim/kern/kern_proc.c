/* Stands for sys/kern/kern_proc.c at FreeBSD edca4938 (2019).
 * kern_proc.c - processes and threads (sys/kern/kern_proc.c, kern_fork.c,
 * kern_thread.c in miniature).
 *
 * Every simulated thread gets a struct thread the first time it asks for
 * curthread; it starts in proc0 (the kernel, uid 0) and is bound to a
 * process by sim_sys_setproc().  Code running outside any simulated thread
 * (the engine calling sim_kern_boot) uses thread0, tid -1.
 * sim_sys_newproc() makes a process with its own credential; pids are
 * given from 100 upward in creation order, so they are deterministic.
 * Not modelled: fork, exec, process groups beyond p_pgid == p_pid,
 * reaping; processes live until the end of the execution.
 * Locking: allproc_lock protects allproc and nextpid; p_mtx a process's
 * p_ucred.  Thread and process memory is kernel-internal and outlives
 * teardown: the "thread" and "proc" types are not leak-checked.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/sx.h>
#include <sys/eventhandler.h>

/* KTHREAD_MAX, kern_kthreads: sys/proc.h (curthread reads them inline). */
#define	PID_FIRST	100

static MALLOC_DEFINE(M_PROC, "proc", "Proc structures");

struct proc proc0 __kdata;
struct sx allproc_lock __kdata;
static LIST_HEAD(, proc) allproc __kdata;
static pid_t nextpid __kdata;
static struct thread thread0 __kdata;	/* The engine context, tid -1. */
struct thread *kern_kthreads[KTHREAD_MAX] __kdata;

/* Fill in a fresh struct thread for simulated thread tid. */
static void
thread_setup(struct thread *td, int tid)
{

	td->td_tid = tid;
	td->td_proc = &proc0;
	td->td_ucred = proc0.p_ucred != NULL ? crhold(proc0.p_ucred) : NULL;
	strlcpy(td->td_name, tid >= 0 ? sim_thread_name(tid) : "kernel",
	    sizeof(td->td_name));
	td->td_slpowner = -1;
}

/* The struct thread of simulated thread tid, or NULL if never made. */
struct thread *
kern_thread_bytid(int tid)
{

	if (tid < 0)
		return (thread0.td_proc != NULL ? &thread0 : NULL);
	if (tid >= KTHREAD_MAX)
		return (NULL);
	return (kern_kthreads[tid]);
}

/* curthread: made on first use for each simulated thread. */
struct thread *
kern_curthread(void)
{
	struct thread *td;
	int tid;

	tid = sim_cur_tid;
	if (tid < 0) {
		if (thread0.td_proc == NULL)
			thread_setup(&thread0, -1);
		return (&thread0);
	}
	if (tid >= KTHREAD_MAX)
		panic("kern_curthread: more than %d threads", KTHREAD_MAX);
	td = kern_kthreads[tid];
	if (td == NULL) {
		td = sim_obj_alloc(sizeof(*td), "thread", false, "thread",
		    __FILE__, __LINE__);
		thread_setup(td, tid);
		kern_kthreads[tid] = td;
	}
	return (td);
}

/*
 * Set up proc0, the kernel's process (init_main.c proc0_init), and give
 * the threads made before it a credential.
 */
static void
proc0_init(void *dummy __unused)
{
	struct ucred *cr;
	int i;

	sim_type_leak_checked("proc", false);
	sim_type_leak_checked("thread", false);
	sx_init(&allproc_lock, "allproc");
	LIST_INIT(&allproc);
	nextpid = PID_FIRST;
	mtx_init(&proc0.p_mtx, "process lock", NULL, MTX_DEF | MTX_DUPOK);
	cr = crget();
	proc0.p_ucred = cr;
	proc0.p_pid = 0;
	proc0.p_pgid = 0;
	proc0.p_flag = P_SYSTEM;
	strlcpy(proc0.p_comm, "kernel", sizeof(proc0.p_comm));
	LIST_INSERT_HEAD(&allproc, &proc0, p_list);
	if (thread0.td_proc != NULL && thread0.td_ucred == NULL)
		thread0.td_ucred = crhold(cr);
	for (i = 0; i < KTHREAD_MAX; i++)
		if (kern_kthreads[i] != NULL && !kern_kthreads[i]->td_ucred)
			kern_kthreads[i]->td_ucred = crhold(cr);
}
SYSINIT(p0init, SI_SUB_INTRINSIC, SI_ORDER_FIRST, proc0_init, NULL);

/* Find a process by pid; it is returned locked (PROC_LOCK). */
struct proc *
pfind(pid_t pid)
{
	struct proc *p;

	sx_slock(&allproc_lock);
	LIST_FOREACH(p, &allproc, p_list) {
		if (p->p_pid == pid) {
			PROC_LOCK(p);
			break;
		}
	}
	sx_sunlock(&allproc_lock);
	return (p);
}

/*
 * Make a process for a scenario thread: its own credential with uid (and
 * gid) uid, its own pid.  Returns the pid.
 */
int
sim_sys_newproc(int uid, const char *comm)
{
	struct proc *p;
	struct ucred *cr;

	p = malloc(sizeof(*p), M_PROC, M_WAITOK | M_ZERO);
	mtx_init(&p->p_mtx, "process lock", NULL, MTX_DEF | MTX_DUPOK);
	cr = crget();
	cr->cr_uid = cr->cr_ruid = cr->cr_svuid = (uid_t)uid;
	cr->cr_gid = cr->cr_rgid = cr->cr_svgid = (gid_t)uid;
	p->p_ucred = cr;
	strlcpy(p->p_comm, comm != NULL ? comm : "", sizeof(p->p_comm));
	sx_xlock(&allproc_lock);
	p->p_pid = nextpid++;
	p->p_pgid = p->p_pid;
	LIST_INSERT_HEAD(&allproc, p, p_list);
	sx_xunlock(&allproc_lock);
	return (p->p_pid);
}

/* Bind the current simulated thread to process pid. */
void
sim_sys_setproc(int pid)
{
	struct thread *td;
	struct proc *p;
	struct ucred *old;

	td = curthread;
	p = pfind(pid);
	if (p == NULL)
		panic("sim_sys_setproc: no process %d", pid);
	old = td->td_ucred;
	td->td_proc = p;
	td->td_ucred = crhold(p->p_ucred);
	PROC_UNLOCK(p);
	if (old != NULL)
		crfree(old);
}

/*
 * Process exit at teardown: bind to the process and run the process_exit
 * event handlers (kern_exit.c exit1).  Weak: the descriptor code
 * (kern_descrip.c) may provide the real one that closes the descriptors.
 */
__attribute__((weak)) void
sim_sys_exitproc(int pid)
{
	struct proc *p;

	sim_sys_setproc(pid);
	p = curproc;
	PROC_LOCK(p);
	p->p_flag |= P_WEXIT;
	PROC_UNLOCK(p);
	EVENTHANDLER_INVOKE(process_exit, p);
}

/*
 * Engine and test query: the name in simulated thread tid's struct
 * thread, NULL if it has none.  The name is a copy in kernel memory, so a
 * restored prefix snapshot brings it back with the rest of the thread.
 */
const char *
kern_thread_name(int tid)
{
	struct thread *td;

	td = kern_thread_bytid(tid);
	return (td != NULL ? td->td_name : NULL);
}
