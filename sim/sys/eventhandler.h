/* Stands for sys/sys/eventhandler.h at FreeBSD edca4938 (2019).
 * eventhandler.h - EVENTHANDLER(9) (sys/sys/eventhandler.h).
 *
 * Lists are found by name (subr_eventhandler.c) and created on first
 * register or find.  EVENTHANDLER_INVOKE is synchronous in the caller:
 * it takes the list lock, bumps el_runcount, and calls each live handler
 * in priority order with the list lock dropped around the call; the last
 * invoker out prunes entries deregistered meanwhile and wakes
 * deregistering threads.  EVENTHANDLER_DEREGISTER waits ("evhrm") until
 * no invocation of the list is in flight.
 * Locking: eventhandler_mutex protects the set of lists; each list's
 * el_lock (named after the event) protects its entries and el_runcount.
 */
#ifndef _SIM_SYS_EVENTHANDLER_H_
#define _SIM_SYS_EVENTHANDLER_H_

#include <sys/param.h>
#include <sys/lock.h>
#include <sys/mutex.h>

struct eventhandler_entry {
	TAILQ_ENTRY(eventhandler_entry)	ee_link;
	int				ee_priority;
#define	EHE_DEAD_PRIORITY	(-1)
	void				*ee_arg;
};

struct eventhandler_entry_generic {
	struct eventhandler_entry	ee;
	void				(*func)(void);
};

struct eventhandler_list {
	char				*el_name;
	int				el_flags;
#define	EHL_INITTED	(1<<0)
	u_int				el_runcount;
	struct mtx			el_lock;
	TAILQ_ENTRY(eventhandler_list)	el_link;
	TAILQ_HEAD(, eventhandler_entry) el_entries;
};

typedef struct eventhandler_entry	*eventhandler_tag;

#define	EHL_LOCK(p)		mtx_lock(&(p)->el_lock)
#define	EHL_UNLOCK(p)		mtx_unlock(&(p)->el_lock)
#define	EHL_LOCK_ASSERT(p, x)	mtx_assert(&(p)->el_lock, x)

/*
 * Macro to invoke the handlers for a given event.
 */
#define	_EVENTHANDLER_INVOKE(name, list, ...) do {			\
	struct eventhandler_entry *_ep;					\
	struct eventhandler_entry_ ## name *_t;				\
									\
	EHL_LOCK_ASSERT((list), MA_OWNED);				\
	(list)->el_runcount++;						\
	KASSERT((list)->el_runcount > 0,				\
	    ("eventhandler_invoke: runcount overflow"));		\
	TAILQ_FOREACH(_ep, &((list)->el_entries), ee_link) {		\
		if (_ep->ee_priority != EHE_DEAD_PRIORITY) {		\
			EHL_UNLOCK((list));				\
			_t = (struct eventhandler_entry_ ## name *)_ep;	\
			_t->eh_func(_ep->ee_arg , ## __VA_ARGS__);	\
			EHL_LOCK((list));				\
		}							\
	}								\
	KASSERT((list)->el_runcount > 0,				\
	    ("eventhandler_invoke: runcount underflow"));		\
	(list)->el_runcount--;						\
	if ((list)->el_runcount == 0)					\
		eventhandler_prune_list(list);				\
	EHL_UNLOCK((list));						\
} while (0)

/*
 * Slow handlers are entirely dynamic; lists are created
 * when entries are added to them, and thus have no concept of "owner".
 * EVENTHANDLER_DECLARE(dev_clone, dev_clone_fn) makes the typed entry
 * struct eventhandler_entry_dev_clone; REGISTER checks the handler's type
 * against it.
 */
#define	EVENTHANDLER_DECLARE(name, type)				\
struct eventhandler_entry_ ## name {					\
	struct eventhandler_entry	ee;				\
	type				eh_func;			\
};									\
struct __hack

#define	EVENTHANDLER_DEFINE(name, func, arg, priority)	struct __hack

#define	EVENTHANDLER_INVOKE(name, ...) do {				\
	struct eventhandler_list *_el;					\
									\
	if ((_el = eventhandler_find_list(#name)) != NULL)		\
		_EVENTHANDLER_INVOKE(name, _el , ## __VA_ARGS__);	\
} while (0)

#define	EVENTHANDLER_REGISTER(name, func, arg, priority)		\
	((void)sizeof(0 ? (func) :					\
	    ((struct eventhandler_entry_ ## name *)0)->eh_func),	\
	eventhandler_register(NULL, #name, (void *)(func), (arg),	\
	    (priority)))

#define	EVENTHANDLER_DEREGISTER(name, tag) do {				\
	struct eventhandler_list *_el;					\
									\
	if ((_el = eventhandler_find_list(#name)) != NULL)		\
		eventhandler_deregister(_el, tag);			\
} while (0)

#define	EVENTHANDLER_DEREGISTER_NOWAIT(name, tag) do {			\
	struct eventhandler_list *_el;					\
									\
	if ((_el = eventhandler_find_list(#name)) != NULL)		\
		eventhandler_deregister_nowait(_el, tag);		\
} while (0)

eventhandler_tag eventhandler_register(struct eventhandler_list *list,
	    const char *name, void *func, void *arg, int priority);
void	eventhandler_deregister(struct eventhandler_list *list,
	    eventhandler_tag tag);
void	eventhandler_deregister_nowait(struct eventhandler_list *list,
	    eventhandler_tag tag);
struct eventhandler_list *eventhandler_find_list(const char *name);
void	eventhandler_prune_list(struct eventhandler_list *list);

/* Generic priority levels */
#define	EVENTHANDLER_PRI_FIRST	0
#define	EVENTHANDLER_PRI_ANY	10000
#define	EVENTHANDLER_PRI_LAST	20000

/* Process exit: the handlers get the exiting process. */
struct proc;
typedef void (*exitlist_fn)(void *, struct proc *);
EVENTHANDLER_DECLARE(process_exit, exitlist_fn);

#endif /* !_SIM_SYS_EVENTHANDLER_H_ */
