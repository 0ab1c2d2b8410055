/* Stands for sys/kern/subr_eventhandler.c at FreeBSD edca4938 (2019).
 * subr_eventhandler.c - event handler lists (sys/kern/subr_eventhandler.c,
 * FreeBSD 12).
 *
 * Lists are found by name; a list is made by the first registration and
 * lives until the end of the execution (type "eventhandler_list", not
 * leak-checked).  Entries (type "eventhandler") are leak-checked: a
 * handler still registered after teardown is a leak.  Registration keeps
 * the list sorted by priority, equal priorities in registration order.
 * Deregistration while an invocation is in flight marks the entry dead
 * (the last invoker prunes it and wakes the deregistering threads), then
 * waits on the list ("evhrm") until no invocation is in flight.
 * Locking: eventhandler_mutex protects the set of lists and is taken
 * before a list's el_lock (named after the event) in find.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/eventhandler.h>

static MALLOC_DEFINE(M_EVENTHANDLER, "eventhandler", "Event handler records");
static MALLOC_DEFINE(M_EVHLIST, "eventhandler_list", "Event handler lists");

static TAILQ_HEAD(, eventhandler_list) eventhandler_lists __kdata;
static int eventhandler_lists_initted __kdata;
static struct mtx eventhandler_mutex __kdata;

/* Boot: the list of lists and its lock. */
static void
eventhandler_init(void *dummy __unused)
{

	sim_type_leak_checked("eventhandler_list", false);
	TAILQ_INIT(&eventhandler_lists);
	mtx_init(&eventhandler_mutex, "eventhandler", NULL, MTX_DEF);
	eventhandler_lists_initted = 1;
}
SYSINIT(eventhandlers, SI_SUB_EVENTHANDLER, SI_ORDER_FIRST,
    eventhandler_init, NULL);

/* Look a list up; eventhandler_mutex is held. */
static struct eventhandler_list *
_eventhandler_find_list(const char *name)
{
	struct eventhandler_list *list;

	mtx_assert(&eventhandler_mutex, MA_OWNED);
	TAILQ_FOREACH(list, &eventhandler_lists, el_link) {
		if (strcmp(name, list->el_name) == 0)
			break;
	}
	return (list);
}

/*
 * Find or make the list called name; eventhandler_mutex is held on entry
 * and exit (dropped around the allocation).
 */
static struct eventhandler_list *
eventhandler_find_or_create_list(const char *name)
{
	struct eventhandler_list *list, *new_list;

	list = _eventhandler_find_list(name);
	if (list == NULL) {
		mtx_unlock(&eventhandler_mutex);
		new_list = malloc(sizeof(*new_list) + strlen(name) + 1,
		    M_EVHLIST, M_WAITOK | M_ZERO);
		mtx_lock(&eventhandler_mutex);
		list = _eventhandler_find_list(name);
		if (list != NULL)
			free(new_list, M_EVHLIST);
		else {
			list = new_list;
			TAILQ_INIT(&list->el_entries);
			list->el_name = (char *)(list + 1);
			strcpy(list->el_name, name);
			mtx_init(&list->el_lock, list->el_name,
			    "eventhandler list", MTX_DEF);
			list->el_flags = EHL_INITTED;
			TAILQ_INSERT_HEAD(&eventhandler_lists, list, el_link);
		}
	}
	return (list);
}

/* Insert an entry in priority order. */
static eventhandler_tag
eventhandler_register_internal(struct eventhandler_list *list,
    const char *name, eventhandler_tag epn)
{
	struct eventhandler_entry *ep;

	KASSERT(eventhandler_lists_initted,
	    ("eventhandler registered too early"));
	KASSERT(epn != NULL, ("%s: cannot register NULL event", __func__));
	mtx_lock(&eventhandler_mutex);
	if (list == NULL)
		list = eventhandler_find_or_create_list(name);
	mtx_unlock(&eventhandler_mutex);
	KASSERT(epn->ee_priority != EHE_DEAD_PRIORITY,
	    ("%s: handler for %s registered with dead priority", __func__,
	    name));
	EHL_LOCK(list);
	TAILQ_FOREACH(ep, &list->el_entries, ee_link) {
		if (ep->ee_priority != EHE_DEAD_PRIORITY &&
		    epn->ee_priority < ep->ee_priority) {
			TAILQ_INSERT_BEFORE(ep, epn, ee_link);
			break;
		}
	}
	if (ep == NULL)
		TAILQ_INSERT_TAIL(&list->el_entries, epn, ee_link);
	EHL_UNLOCK(list);
	return (epn);
}

/* Register func(arg, ...) for the event called name. */
eventhandler_tag
eventhandler_register(struct eventhandler_list *list, const char *name,
    void *func, void *arg, int priority)
{
	struct eventhandler_entry_generic *eg;

	eg = malloc(sizeof(*eg), M_EVENTHANDLER, M_WAITOK | M_ZERO);
	eg->func = (void (*)(void))func;
	eg->ee.ee_arg = arg;
	eg->ee.ee_priority = priority;
	return (eventhandler_register_internal(list, name, &eg->ee));
}

/*
 * Remove an entry (tag NULL: all) from a locked list, and with wait, sleep
 * until no invocation is in flight.  Returns with the list unlocked.
 */
static void
_eventhandler_deregister(struct eventhandler_list *list,
    eventhandler_tag tag, bool wait)
{
	struct eventhandler_entry *ep;

	EHL_LOCK_ASSERT(list, MA_OWNED);
	if (tag != NULL) {
		if (list->el_runcount == 0) {
			TAILQ_REMOVE(&list->el_entries, tag, ee_link);
			free(tag, M_EVENTHANDLER);
		} else
			tag->ee_priority = EHE_DEAD_PRIORITY;
	} else {
		if (list->el_runcount == 0) {
			while (!TAILQ_EMPTY(&list->el_entries)) {
				ep = TAILQ_FIRST(&list->el_entries);
				TAILQ_REMOVE(&list->el_entries, ep, ee_link);
				free(ep, M_EVENTHANDLER);
			}
		} else {
			TAILQ_FOREACH(ep, &list->el_entries, ee_link)
				ep->ee_priority = EHE_DEAD_PRIORITY;
		}
	}
	while (wait && list->el_runcount > 0)
		mtx_sleep(list, &list->el_lock, 0, "evhrm", 0);
	EHL_UNLOCK(list);
}

/* Deregister and wait for in-flight invocations. */
void
eventhandler_deregister(struct eventhandler_list *list, eventhandler_tag tag)
{

	_eventhandler_deregister(list, tag, true);
}

/* Deregister without waiting. */
void
eventhandler_deregister_nowait(struct eventhandler_list *list,
    eventhandler_tag tag)
{

	_eventhandler_deregister(list, tag, false);
}

/* Find a list by name; it is returned locked.  NULL if none. */
struct eventhandler_list *
eventhandler_find_list(const char *name)
{
	struct eventhandler_list *list;

	if (!eventhandler_lists_initted)
		return (NULL);
	mtx_lock(&eventhandler_mutex);
	list = _eventhandler_find_list(name);
	if (list != NULL)
		mtx_lock(&list->el_lock);
	mtx_unlock(&eventhandler_mutex);
	return (list);
}

/* Free dead entries (no invocation in flight) and wake deregisterers. */
void
eventhandler_prune_list(struct eventhandler_list *list)
{
	struct eventhandler_entry *ep, *en;
	int pruned;

	EHL_LOCK_ASSERT(list, MA_OWNED);
	pruned = 0;
	TAILQ_FOREACH_SAFE(ep, &list->el_entries, ee_link, en) {
		if (ep->ee_priority == EHE_DEAD_PRIORITY) {
			TAILQ_REMOVE(&list->el_entries, ep, ee_link);
			free(ep, M_EVENTHANDLER);
			pruned++;
		}
	}
	if (pruned > 0)
		wakeup(list);
}
