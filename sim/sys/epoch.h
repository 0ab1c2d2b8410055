/* Stands for sys/sys/epoch.h at FreeBSD edca4938 (2019).
 * epoch.h - epoch(9): read-mostly sections and deferred reclamation
 * (sys/sys/epoch.h), with the network epoch's macros (NET_EPOCH_*, in
 * net/if_var.h at edca4938 and in sys/sys/epoch.h later; defined here so
 * both include paths give them).
 *
 * Names and signatures are FreeBSD's as later driver revisions call them:
 * epoch_call(epoch, callback, ctx), NET_EPOCH_CALL(f, ctx).  Only
 * preemptible epochs are modelled (epoch_enter_preempt/exit_preempt,
 * epoch_wait_preempt); the non-preemptible epoch_enter/epoch_exit and
 * epoch_wait are not (nothing the driver reaches uses them).
 * Implementation and semantics: sim/kern/subr_epoch.c.
 */
#ifndef _SIM_SYS_EPOCH_H_
#define _SIM_SYS_EPOCH_H_

#include <sys/param.h>
#include <sys/queue.h>

struct thread;

struct epoch_context {
	void	*data[2];
} __aligned(sizeof(void *));

typedef struct epoch_context *epoch_context_t;
typedef	void epoch_callback_t(epoch_context_t);

struct epoch;
typedef struct epoch *epoch_t;

#define	EPOCH_PREEMPT	0x1
#define	EPOCH_LOCKED	0x2

extern epoch_t global_epoch_preempt;
extern epoch_t net_epoch_preempt;

/* A section of one thread, on the caller's stack. */
struct epoch_tracker {
	TAILQ_ENTRY(epoch_tracker) et_link;	/* On the epoch's list. */
	struct thread	*et_td;
	uint64_t	et_seq;		/* Simulator: entry order. */
	const char	*et_file;	/* Simulator: where entered. */
	int		et_line;
} __aligned(sizeof(void *));
typedef struct epoch_tracker *epoch_tracker_t;

epoch_t	epoch_alloc(const char *name, int flags);
void	epoch_free(epoch_t epoch);
void	_epoch_wait_preempt(epoch_t epoch, const char *file, int line);
void	_epoch_drain_callbacks(epoch_t epoch, const char *file, int line);
void	_epoch_call(epoch_t epoch, epoch_callback_t cb, epoch_context_t ctx,
	    const char *file, int line);
int	in_epoch(epoch_t epoch);
void	_epoch_enter_preempt(epoch_t epoch, epoch_tracker_t et,
	    const char *file, int line);
void	_epoch_exit_preempt(epoch_t epoch, epoch_tracker_t et,
	    const char *file, int line);

#define	epoch_enter_preempt(epoch, et)					\
	_epoch_enter_preempt((epoch), (et), __FILE__, __LINE__)
#define	epoch_exit_preempt(epoch, et)					\
	_epoch_exit_preempt((epoch), (et), __FILE__, __LINE__)
#define	epoch_wait_preempt(epoch)					\
	_epoch_wait_preempt((epoch), __FILE__, __LINE__)
#define	epoch_drain_callbacks(epoch)					\
	_epoch_drain_callbacks((epoch), __FILE__, __LINE__)
#define	epoch_call(epoch, cb, ctx)					\
	_epoch_call((epoch), (cb), (ctx), __FILE__, __LINE__)

/* The network epoch. */
#define	NET_EPOCH_ENTER(et)	epoch_enter_preempt(net_epoch_preempt, &(et))
#define	NET_EPOCH_EXIT(et)	epoch_exit_preempt(net_epoch_preempt, &(et))
#define	NET_EPOCH_WAIT()	epoch_wait_preempt(net_epoch_preempt)
#define	NET_EPOCH_CALL(f, c)	epoch_call(net_epoch_preempt, (f), (c))
#define	NET_EPOCH_DRAIN_CALLBACKS() epoch_drain_callbacks(net_epoch_preempt)
#define	NET_EPOCH_ASSERT()						\
	KASSERT(in_epoch(net_epoch_preempt), ("not in the network epoch"))

#endif /* !_SIM_SYS_EPOCH_H_ */
