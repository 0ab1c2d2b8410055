/* Stands for sys/net/if.c at FreeBSD edca4938 (2019).
 * if.c - network interfaces (FreeBSD's sys/net/if.c, the edca4938 era,
 * October 2019).
 *
 * Models: the ifnet life cycle (if_alloc with an index, if_attach putting
 * the interface on V_ifnet with its AF_LINK address, if_detach taking it
 * off, purging addresses, draining the link task and making the ifnet
 * "dead", if_free dropping the index reference; the memory goes with the
 * last if_rele), name lookups (ifunit, ifunit_ref), if_up/if_down with the
 * queue flush, link state changes run as a task on taskqueue_swi, the
 * default if_transmit (IFQ_HANDOFF), and the ioctl paths ifconfig(8)
 * takes: ifioctl (create/destroy through if_clone), ifhwioctl
 * (SIOCGIFFLAGS, SIOCSIFFLAGS, SIOCSIFNAME with the whole rename sequence,
 * SIOCSIFMTU, SIOCSIFLLADDR, SIOCGIFSTATUS, SIOCGIFMEDIA, ...) and a small
 * in_control() for SIOCAIFADDR/SIOCDIFADDR.
 * Locks: ifnet_sxlock (IFNET_WLOCK) for V_ifnet and the index table;
 * if_addr_lock for if_addrhead and the AF_LINK name; if_flags is written
 * without a lock exactly where FreeBSD does ("XXX: Locking"), and those
 * writes are SIM_WRITE points.  List readers (ifunit) run in the network
 * epoch (kern/subr_epoch.c).
 * Does not model: routing (net/route.c no-ops), IPv6 (in6_ifattach,
 * nd6), multicast, address-family data, ALTQ, interface descriptions,
 * VIMAGE moves, devctl (traced instead), if_purgemaddrs and
 * in_ifdetach.  The last if_rele/ifa_free defers the free by a network
 * epoch (NET_EPOCH_CALL), and if_detach waits for the epoch's readers
 * after taking the interface off the list, as FreeBSD's of the era.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/sx.h>
#include <sys/priv.h>
#include <sys/proc.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/taskqueue.h>
#include <sys/eventhandler.h>

#include <net/if.h>
#include <net/if_var.h>
#include <net/if_clone.h>
#include <net/if_dl.h>
#include <net/if_media.h>
#include <net/if_types.h>
#include <net/route.h>
#include <net/vnet.h>
#include <netinet/in.h>

/* "ioctl not handled by this layer"; kernel-internal, as in FreeBSD. */
#ifndef ENOIOCTL
#define	ENOIOCTL	(-3)
#endif

#define	IFINDEX_MAX	128		/* interfaces alive at once */
#define	IFNET_HOLD	((struct ifnet *)-1)	/* index reserved */
#define	IFNET_PCP_NONE	0xff
#define	IFG_ALL		"all"		/* group contains all interfaces */

MALLOC_DEFINE(M_IFNET, "ifnet", "interface internals");
MALLOC_DEFINE(M_IFADDR, "ifaddr", "interface address");

struct sx ifnet_sxlock __kdata;
SX_SYSINIT_FLAGS(ifnet_sx, &ifnet_sxlock, "ifnet_sx", SX_RECURSE);

VNET_DEFINE(struct ifnethead, ifnet) = STAILQ_HEAD_INITIALIZER(ifnet);
VNET_DEFINE(int, if_index) = 0;
VNET_DEFINE_STATIC(struct ifnet *, ifindex_table[IFINDEX_MAX]);
#define	V_ifindex_table	VNET(ifindex_table)

int	ifqmaxlen __kdata = IFQ_MAXLEN;
static const int log_link_state_change = 1;

/* An IPv4 address on an interface (netinet/in_var.h's in_ifaddr). */
struct in_ifaddr {
	struct	ifaddr ia_ifa;		/* protocol-independent info */
	struct	sockaddr_in ia_addr;	/* reserve space for interface name */
	struct	sockaddr_in ia_dstaddr;	/* reserve space for broadcast addr */
#define	ia_broadaddr	ia_dstaddr
	struct	sockaddr_in ia_sockmask; /* reserve space for general netmask */
};

static void	do_link_state_change(void *, int);
static int	if_transmit(struct ifnet *ifp, struct mbuf *m);
static void	if_input_default(struct ifnet *, struct mbuf *);
static void	if_delgroups(struct ifnet *);
static void	if_dead(struct ifnet *);
static int	in_control(u_long cmd, caddr_t data, struct ifnet *ifp,
		    struct thread *td);

/* ifnet and ifaddr objects still alive after teardown are leaks. */
static void
vnet_if_init(const void *unused __unused)
{

	sim_type_leak_checked("ifnet", true);
	sim_type_leak_checked("ifaddr", true);
	sim_label_set(&V_ifnet, "V_ifnet");
}
SYSINIT(vnet_if_init, SI_SUB_INIT_IF, SI_ORDER_FIRST, vnet_if_init, NULL);

/*
 * The virtual clock as a timeval (FreeBSD's kern_tc.c getmicrotime(9));
 * the only clock the simulated kernel has.
 */
void
getmicrotime(struct timeval *tvp)
{
	uint64_t t;

	t = sim_ticks();
	tvp->tv_sec = t / SIM_HZ;
	tvp->tv_usec = (t % SIM_HZ) * (1000000 / SIM_HZ);
}

/* Print "name: message" to the trace at the caller's line. */
int
_if_printf(struct ifnet *ifp, const char *file, int line, const char *fmt,
    ...)
{
	char buf[256];
	va_list ap;
	int len;

	len = snprintf(buf, sizeof(buf), "%s: ", ifp->if_xname);
	va_start(ap, fmt);
	vsnprintf(buf + len, sizeof(buf) - len, fmt, ap);
	va_end(ap);
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	sim_trace(file, line, "%s", buf);
	return (len);
}

/* The interface with index idx, or NULL (IFNET_HOLD counts as NULL). */
struct ifnet *
ifnet_byindex(u_short idx)
{
	struct ifnet *ifp;

	if (idx == 0 || idx >= IFINDEX_MAX)
		return (NULL);
	ifp = V_ifindex_table[idx];
	return (ifp == IFNET_HOLD ? NULL : ifp);
}

/* Lowest free interface index; IFNET_WLOCK held. */
static u_short
ifindex_alloc(void)
{
	u_short idx;

	IFNET_WLOCK_ASSERT();
	for (idx = 1; idx < IFINDEX_MAX; idx++)
		if (V_ifindex_table[idx] == NULL)
			break;
	if (idx == IFINDEX_MAX)
		panic("ifindex_alloc: more than %d interfaces", IFINDEX_MAX - 1);
	if (idx > V_if_index)
		V_if_index = idx;
	return (idx);
}

/* Release an index; IFNET_WLOCK held. */
static void
ifindex_free_locked(u_short idx)
{

	IFNET_WLOCK_ASSERT();
	V_ifindex_table[idx] = NULL;
	while (V_if_index > 0 && V_ifindex_table[V_if_index] == NULL)
		V_if_index--;
}

/* Initialize the interface send queue. */
static void
ifq_init(struct ifaltq *ifq, struct ifnet *ifp)
{

	/*
	 * FreeBSD names the lock after if_xname, which is still empty when
	 * if_alloc() runs; "if_snd" gives it a readable label instead (the
	 * lock type, which WITNESS uses, is FreeBSD's).
	 */
	mtx_init(&ifq->ifq_mtx, "if_snd", "if send queue", MTX_DEF);
	if (ifq->ifq_maxlen == 0)
		ifq->ifq_maxlen = ifqmaxlen;
	ifq->altq_type = 0;
	ifq->altq_flags &= ALTQF_CANTCHANGE;
	ifq->altq_ifp = ifp;
}

/* Tear down the interface send queue. */
static void
ifq_delete(struct ifaltq *ifq)
{

	mtx_destroy(&ifq->ifq_mtx);
}

/*
 * Allocate a struct ifnet and an index for an interface, holding one
 * reference (the index reference, dropped by if_free()).
 */
struct ifnet *
if_alloc(u_char type)
{
	struct ifnet *ifp;
	u_short idx;

	ifp = malloc(sizeof(struct ifnet), M_IFNET, M_WAITOK | M_ZERO);
	IFNET_WLOCK();
	idx = ifindex_alloc();
	V_ifindex_table[idx] = IFNET_HOLD;
	IFNET_WUNLOCK();
	ifp->if_index = idx;
	ifp->if_type = type;
	ifp->if_alloctype = type;
	ifp->if_vnet = curvnet;

	IF_ADDR_LOCK_INIT(ifp);
	TASK_INIT(&ifp->if_linktask, 0, do_link_state_change, ifp);
	CK_STAILQ_INIT(&ifp->if_addrhead);
	CK_STAILQ_INIT(&ifp->if_groups);
	ifq_init(&ifp->if_snd, ifp);

	ifp->if_refcount = 1;	/* Index reference. */
	ifp->if_get_counter = if_get_counter_default;
	ifp->if_pcp = IFNET_PCP_NONE;
	IFNET_WLOCK();
	V_ifindex_table[ifp->if_index] = ifp;
	IFNET_WUNLOCK();
	return (ifp);
}

/* Free the memory of an ifnet, a network epoch after its last reference. */
static void
if_free_internal(struct ifnet *ifp)
{

	KASSERT((ifp->if_flags & IFF_DYING),
	    ("if_free_internal: interface not dying"));
	IF_ADDR_LOCK_DESTROY(ifp);
	ifq_delete(&ifp->if_snd);
	if (ifp->if_hw_addr != NULL)
		free(ifp->if_hw_addr, M_IFADDR);
	free(ifp, M_IFNET);
}

/*
 * Deregister an interface and drop the index reference; the storage goes
 * when the last reference is released.
 */
void
if_free(struct ifnet *ifp)
{

	sim_obj_check(ifp, "ifnet", __FILE__, __LINE__);
	SIM_WRITE(ifp, "if_flags");
	ifp->if_flags |= IFF_DYING;			/* XXX: Locking */

	CURVNET_SET_QUIET(ifp->if_vnet);
	IFNET_WLOCK();
	KASSERT(ifp == ifnet_byindex(ifp->if_index),
	    ("%s: freeing unallocated ifnet", ifp->if_xname));
	ifindex_free_locked(ifp->if_index);
	IFNET_WUNLOCK();

	if_rele(ifp);
	CURVNET_RESTORE();
}

/* The epoch callback of the last if_rele: free the ifnet. */
static void
if_destroy(epoch_context_t ctx)
{

	if_free_internal(__containerof(ctx, struct ifnet, if_epoch_ctx));
}

/* Take a reference keeping the ifnet memory valid. */
void
if_ref(struct ifnet *ifp)
{

	sim_obj_check(ifp, "ifnet", __FILE__, __LINE__);
	KASSERT(ifp->if_refcount > 0, ("if_ref: ifnet has no references"));
	ifp->if_refcount++;
}

/* Drop a reference; the last one frees the ifnet. */
void
if_rele(struct ifnet *ifp)
{

	sim_obj_check(ifp, "ifnet", __FILE__, __LINE__);
	KASSERT(ifp->if_refcount > 0,
	    ("if_rele: refcount of %s is zero", ifp->if_xname));
	if (--ifp->if_refcount != 0)
		return;
	NET_EPOCH_CALL(if_destroy, &ifp->if_epoch_ctx);
}

/* Set the interface's driver name, unit and external name. */
void
if_initname(struct ifnet *ifp, const char *name, int unit)
{

	ifp->if_dname = name;
	ifp->if_dunit = unit;
	if (unit != IF_DUNIT_NONE)
		snprintf(ifp->if_xname, IFNAMSIZ, "%s%d", name, unit);
	else
		strlcpy(ifp->if_xname, name, IFNAMSIZ);
}

/* Allocate an interface address with one reference. */
struct ifaddr *
ifa_alloc(size_t size, int flags)
{
	struct ifaddr *ifa;

	KASSERT(size >= sizeof(struct ifaddr),
	    ("%s: invalid size %zu", __func__, size));
	ifa = malloc(size, M_IFADDR, M_ZERO | flags);
	if (ifa == NULL)
		return (NULL);
	ifa->ifa_refcnt = 1;
	return (ifa);
}

/* The epoch callback of the last ifa_free: free the address. */
static void
ifa_destroy(epoch_context_t ctx)
{

	free(__containerof(ctx, struct ifaddr, ifa_epoch_ctx), M_IFADDR);
}

/* Take a reference on an interface address. */
void
ifa_ref(struct ifaddr *ifa)
{

	sim_obj_check(ifa, "ifaddr", __FILE__, __LINE__);
	ifa->ifa_refcnt++;
}

/* Drop a reference; the last one frees the address. */
void
ifa_free(struct ifaddr *ifa)
{

	sim_obj_check(ifa, "ifaddr", __FILE__, __LINE__);
	KASSERT(ifa->ifa_refcnt > 0, ("ifa_free: refcount is zero"));
	if (--ifa->ifa_refcnt == 0)
		NET_EPOCH_CALL(ifa_destroy, &ifa->ifa_epoch_ctx);
}

/*
 * Attach an interface: default methods, the link-level address (room for
 * any name, so a rename happens in place), then onto V_ifnet, where
 * ifunit() finds it, and announce it (ifnet_arrival_event runs here).
 */
void
if_attach(struct ifnet *ifp)
{
	unsigned socksize, ifasize;
	int namelen, masklen;
	struct sockaddr_dl *sdl;
	struct ifaddr *ifa;

	if (ifp->if_index == 0 || ifp != ifnet_byindex(ifp->if_index))
		panic("%s: BUG: if_attach called without if_alloc'd input()\n",
		    ifp->if_xname);

	ifp->if_vnet = curvnet;
	if_addgroup(ifp, IFG_ALL);

	getmicrotime(&ifp->if_lastchange);
	ifp->if_epoch = sim_ticks() / SIM_HZ;

	KASSERT((ifp->if_transmit == NULL && ifp->if_qflush == NULL) ||
	    (ifp->if_transmit != NULL && ifp->if_qflush != NULL),
	    ("transmit and qflush must both either be set or both be NULL"));
	if (ifp->if_transmit == NULL) {
		ifp->if_transmit = if_transmit;
		ifp->if_qflush = if_qflush;
	}
	if (ifp->if_input == NULL)
		ifp->if_input = if_input_default;

	/*
	 * Create a Link Level name for this device.  Always save enough
	 * space for any possible name so we can do a rename in place later.
	 */
	namelen = strlen(ifp->if_xname);
	masklen = offsetof(struct sockaddr_dl, sdl_data[0]) + IFNAMSIZ;
	socksize = masklen + ifp->if_addrlen;
	if (socksize < sizeof(*sdl))
		socksize = sizeof(*sdl);
	socksize = roundup2(socksize, sizeof(long));
	ifasize = sizeof(*ifa) + 2 * socksize;
	ifa = ifa_alloc(ifasize, M_WAITOK);
	sdl = (struct sockaddr_dl *)(ifa + 1);
	sdl->sdl_len = socksize;
	sdl->sdl_family = AF_LINK;
	bcopy(ifp->if_xname, sdl->sdl_data, namelen);
	sdl->sdl_nlen = namelen;
	sdl->sdl_index = ifp->if_index;
	sdl->sdl_type = ifp->if_type;
	ifp->if_addr = ifa;
	ifa->ifa_ifp = ifp;
	ifa->ifa_addr = (struct sockaddr *)sdl;
	sdl = (struct sockaddr_dl *)(socksize + (caddr_t)sdl);
	ifa->ifa_netmask = (struct sockaddr *)sdl;
	sdl->sdl_len = masklen;
	while (namelen != 0)
		sdl->sdl_data[--namelen] = 0xff;
	CK_STAILQ_INSERT_HEAD(&ifp->if_addrhead, ifa, ifa_link);
	/* Reliably crash if used uninitialized. */
	ifp->if_broadcastaddr = NULL;

	if (ifp->if_type == IFT_ETHER) {
		ifp->if_hw_addr = malloc(ifp->if_addrlen, M_IFADDR,
		    M_WAITOK | M_ZERO);
	}

	IFNET_WLOCK();
	SIM_WRITE(&V_ifnet, "ifnet list");
	CK_STAILQ_INSERT_TAIL(&V_ifnet, ifp, if_link);
	IFNET_WUNLOCK();

	EVENTHANDLER_INVOKE(ifnet_arrival_event, ifp);
	sim_trace(__FILE__, __LINE__, "devctl: IFNET %s ATTACH", ifp->if_xname);

	/* Announce the interface. */
	rt_ifannouncemsg(ifp, IFAN_ARRIVAL);
}

/*
 * Remove any unicast or broadcast network addresses from an interface
 * (everything but the AF_LINK address).
 */
void
if_purgeaddrs(struct ifnet *ifp)
{
	struct epoch_tracker et;
	struct ifaddr *ifa;

	for (;;) {
		NET_EPOCH_ENTER(et);
		CK_STAILQ_FOREACH(ifa, &ifp->if_addrhead, ifa_link) {
			if (ifa->ifa_addr->sa_family != AF_LINK)
				break;
		}
		NET_EPOCH_EXIT(et);

		if (ifa == NULL)
			break;
		if (ifa->ifa_addr->sa_family == AF_INET) {
			struct ifaliasreq ifr;

			bzero(&ifr, sizeof(ifr));
			ifr.ifra_addr = *ifa->ifa_addr;
			if (ifa->ifa_dstaddr)
				ifr.ifra_broadaddr = *ifa->ifa_dstaddr;
			if (in_control(SIOCDIFADDR, (caddr_t)&ifr, ifp,
			    NULL) == 0)
				continue;
		}
		IF_ADDR_WLOCK(ifp);
		CK_STAILQ_REMOVE(&ifp->if_addrhead, ifa, ifaddr, ifa_link);
		IF_ADDR_WUNLOCK(ifp);
		ifa_free(ifa);
	}
}

/*
 * Detach an interface, removing it from the list of "active" interfaces:
 * off V_ifnet (IFF_DYING), out of its groups, the link task drained,
 * brought down, addresses purged, departure announced, methods replaced
 * by the "dead" ones, the link-level address freed.
 */
void
if_detach(struct ifnet *ifp)
{
	struct ifaddr *ifa;
	struct ifnet *iter;
	int found = 0;

	CURVNET_SET_QUIET(ifp->if_vnet);
	IFNET_WLOCK();
	CK_STAILQ_FOREACH(iter, &V_ifnet, if_link)
		if (iter == ifp) {
			SIM_WRITE(&V_ifnet, "ifnet list");
			CK_STAILQ_REMOVE(&V_ifnet, ifp, ifnet, if_link);
			SIM_WRITE(ifp, "if_flags");
			ifp->if_flags |= IFF_DYING;
			found = 1;
			break;
		}
	IFNET_WUNLOCK();
	if (!found) {
		/*
		 * While we would want to panic here, we cannot
		 * guarantee that the interface is indeed still on
		 * the list given we don't hold locks all the way.
		 */
		CURVNET_RESTORE();
		return;
	}

	/*
	 * Off the list: wait for the readers that may still have found it
	 * (if_detach_internal's epoch_wait_preempt).
	 */
	NET_EPOCH_WAIT();

	if_delgroups(ifp);
	taskqueue_drain(taskqueue_swi, &ifp->if_linktask);

	if_down(ifp);
	if_purgeaddrs(ifp);

	/* Announce that the interface is gone. */
	rt_ifannouncemsg(ifp, IFAN_DEPARTURE);
	EVENTHANDLER_INVOKE(ifnet_departure_event, ifp);
	sim_trace(__FILE__, __LINE__, "devctl: IFNET %s DETACH", ifp->if_xname);

	/* Prevent further calls into the device driver via ifnet. */
	if_dead(ifp);

	/* Clean up all addresses. */
	IF_ADDR_WLOCK(ifp);
	if (!CK_STAILQ_EMPTY(&ifp->if_addrhead)) {
		ifa = CK_STAILQ_FIRST(&ifp->if_addrhead);
		CK_STAILQ_REMOVE(&ifp->if_addrhead, ifa, ifaddr, ifa_link);
		IF_ADDR_WUNLOCK(ifp);
		ifa_free(ifa);
	} else
		IF_ADDR_WUNLOCK(ifp);

	rt_flushifroutes(ifp);
	CURVNET_RESTORE();
}

/*
 * Add the interface to a group.  Only the membership list of the
 * interface is kept (no global group registry, no group events).
 */
int
if_addgroup(struct ifnet *ifp, const char *groupname)
{
	struct ifg_list *ifgl;

	if (groupname[0] && groupname[strlen(groupname) - 1] >= '0' &&
	    groupname[strlen(groupname) - 1] <= '9')
		return (EINVAL);

	IFNET_WLOCK();
	CK_STAILQ_FOREACH(ifgl, &ifp->if_groups, ifgl_next)
		if (!strcmp(ifgl->ifgl_group, groupname)) {
			IFNET_WUNLOCK();
			return (EEXIST);
		}

	if ((ifgl = malloc(sizeof(struct ifg_list), M_TEMP,
	    M_NOWAIT)) == NULL) {
		IFNET_WUNLOCK();
		return (ENOMEM);
	}
	strlcpy(ifgl->ifgl_group, groupname, sizeof(ifgl->ifgl_group));

	IF_ADDR_WLOCK(ifp);
	CK_STAILQ_INSERT_TAIL(&ifp->if_groups, ifgl, ifgl_next);
	IF_ADDR_WUNLOCK(ifp);

	IFNET_WUNLOCK();
	return (0);
}

/* Remove the interface from a group. */
int
if_delgroup(struct ifnet *ifp, const char *groupname)
{
	struct ifg_list *ifgl;

	IFNET_WLOCK();
	CK_STAILQ_FOREACH(ifgl, &ifp->if_groups, ifgl_next)
		if (!strcmp(ifgl->ifgl_group, groupname))
			break;
	if (ifgl == NULL) {
		IFNET_WUNLOCK();
		return (ENOENT);
	}

	IF_ADDR_WLOCK(ifp);
	CK_STAILQ_REMOVE(&ifp->if_groups, ifgl, ifg_list, ifgl_next);
	IF_ADDR_WUNLOCK(ifp);
	IFNET_WUNLOCK();

	free(ifgl, M_TEMP);
	return (0);
}

/* Remove an interface from all groups. */
static void
if_delgroups(struct ifnet *ifp)
{
	struct ifg_list *ifgl;

	IFNET_WLOCK();
	while (!CK_STAILQ_EMPTY(&ifp->if_groups)) {
		ifgl = CK_STAILQ_FIRST(&ifp->if_groups);

		IF_ADDR_WLOCK(ifp);
		CK_STAILQ_REMOVE(&ifp->if_groups, ifgl, ifg_list, ifgl_next);
		IF_ADDR_WUNLOCK(ifp);

		IFNET_WUNLOCK();
		free(ifgl, M_TEMP);
		IFNET_WLOCK();
	}
	IFNET_WUNLOCK();
}

/* Counter values (the counter(9)s of FreeBSD are plain integers here). */
uint64_t
if_get_counter_default(struct ifnet *ifp, ift_counter cnt)
{

	KASSERT(cnt < IFCOUNTERS, ("%s: invalid cnt %d", __func__, cnt));
	return (ifp->if_counters[cnt]);
}

#undef if_inc_counter
/* Increase an ifnet counter (the caller's line is in the UAF report). */
void
_if_inc_counter(struct ifnet *ifp, ift_counter cnt, int64_t inc,
    const char *file, int line)
{

	sim_obj_check(ifp, "ifnet", file, line);
	KASSERT(cnt < IFCOUNTERS, ("%s: invalid cnt %d", __func__, cnt));
	ifp->if_counters[cnt] += inc;
}

/* The same, for callers that take the function's address. */
void
if_inc_counter(struct ifnet *ifp, ift_counter cnt, int64_t inc)
{

	_if_inc_counter(ifp, cnt, inc, __FILE__, __LINE__);
}

/* The interface's external name. */
const char *
if_name(struct ifnet *ifp)
{

	return (ifp->if_xname);
}

/*
 * Mark an interface down and notify protocols of the transition: clear
 * IFF_UP (unlocked, as FreeBSD) and flush the send queue.
 */
static void
if_unroute(struct ifnet *ifp, int flag, int fam)
{

	KASSERT(flag == IFF_UP, ("if_unroute: flag != IFF_UP"));

	SIM_WRITE(ifp, "if_flags");
	ifp->if_flags &= ~flag;
	getmicrotime(&ifp->if_lastchange);
	ifp->if_qflush(ifp);
	rt_ifmsg(ifp);
}

/* Mark an interface up and notify protocols of the transition. */
static void
if_route(struct ifnet *ifp, int flag, int fam)
{

	KASSERT(flag == IFF_UP, ("if_route: flag != IFF_UP"));

	SIM_WRITE(ifp, "if_flags");
	ifp->if_flags |= flag;
	getmicrotime(&ifp->if_lastchange);
	rt_ifmsg(ifp);
}

/* Mark an interface down. */
void
if_down(struct ifnet *ifp)
{

	if_unroute(ifp, IFF_UP, AF_UNSPEC);
}

/* Mark an interface up. */
void
if_up(struct ifnet *ifp)
{

	if_route(ifp, IFF_UP, AF_UNSPEC);
}

/* Flush an interface queue: free every packet on if_snd. */
void
if_qflush(struct ifnet *ifp)
{
	struct mbuf *m, *n;
	struct ifaltq *ifq;

	ifq = &ifp->if_snd;
	IFQ_LOCK(ifq);
	n = ifq->ifq_head;
	while ((m = n) != NULL) {
		n = m->m_nextpkt;
		m_freem(m);
	}
	ifq->ifq_head = NULL;
	ifq->ifq_tail = NULL;
	ifq->ifq_len = 0;
	IFQ_UNLOCK(ifq);
}

/*
 * Handle a change in the interface link state: record it and queue the
 * link task (on taskqueue_swi) that tells the rest of the system.  The
 * task holds no reference on the ifnet ("XXXGL: reference ifp?"):
 * if_detach() drains it.
 */
void
if_link_state_change(struct ifnet *ifp, int link_state)
{

	SIM_WRITE(ifp, "if_link_state");
	/* Return if state hasn't changed. */
	if (ifp->if_link_state == link_state)
		return;

	ifp->if_link_state = link_state;

	taskqueue_enqueue(taskqueue_swi, &ifp->if_linktask);
}

/* The link task: announce the link state, on the taskqueue thread. */
static void
do_link_state_change(void *arg, int pending)
{
	struct ifnet *ifp;
	int link_state;

	ifp = arg;
	SIM_READ(ifp, "if_link_state");
	link_state = ifp->if_link_state;

	CURVNET_SET(ifp->if_vnet);
	rt_ifmsg(ifp);
	sim_trace(__FILE__, __LINE__, "devctl: IFNET %s %s", ifp->if_xname,
	    (link_state == LINK_STATE_UP) ? "LINK_UP" : "LINK_DOWN");
	if (pending > 1)
		if_printf(ifp, "%d link states coalesced\n", pending);
	if (log_link_state_change)
		if_printf(ifp, "link state changed to %s\n",
		    (link_state == LINK_STATE_UP) ? "UP" : "DOWN" );
	EVENTHANDLER_INVOKE(ifnet_link_event, ifp, link_state);
	CURVNET_RESTORE();
}

/*
 * The default if_transmit: enqueue on if_snd (ENOBUFS and the packet
 * dropped when full) and start the driver.
 */
static int
if_transmit(struct ifnet *ifp, struct mbuf *m)
{
	int error;

	IFQ_HANDOFF(ifp, m, error);
	return (error);
}

/* Enqueue on a queue and start output, as if_handoff(9). */
int
if_handoff(struct ifaltq *ifq, struct mbuf *m, struct ifnet *ifp, int adjust)
{
	int active = 0;

	IF_LOCK(ifq);
	if (_IF_QFULL(ifq)) {
		IF_UNLOCK(ifq);
		if_inc_counter(ifp, IFCOUNTER_OQDROPS, 1);
		m_freem(m);
		return (0);
	}
	if (ifp != NULL) {
		if_inc_counter(ifp, IFCOUNTER_OBYTES, m->m_pkthdr.len + adjust);
		if (m->m_flags & (M_BCAST|M_MCAST))
			if_inc_counter(ifp, IFCOUNTER_OMCASTS, 1);
		active = ifp->if_drv_flags & IFF_DRV_OACTIVE;
	}
	_IF_ENQUEUE(ifq, m);
	IF_UNLOCK(ifq);
	if (ifp != NULL && !active)
		(*(ifp)->if_start)(ifp);
	return (1);
}

/* Input on an interface whose driver set no if_input. */
static void
if_input_default(struct ifnet *ifp, struct mbuf *m)
{

	if_printf(ifp, "if_input data error\n");
	m_freem(m);
}

/* The methods of a detached ("dead") interface. */
static int
ifdead_output(struct ifnet *ifp, struct mbuf *m, const struct sockaddr *sa,
    struct route *ro)
{

	m_freem(m);
	return (ENXIO);
}

static void
ifdead_input(struct ifnet *ifp, struct mbuf *m)
{

	m_freem(m);
}

static void
ifdead_start(struct ifnet *ifp)
{

}

static int
ifdead_ioctl(struct ifnet *ifp, u_long cmd, caddr_t data)
{

	return (ENXIO);
}

static void
ifdead_qflush(struct ifnet *ifp)
{

}

static int
ifdead_transmit(struct ifnet *ifp, struct mbuf *m)
{

	m_freem(m);
	return (ENXIO);
}

/* Replace the driver's methods so that no call reaches it any more. */
static void
if_dead(struct ifnet *ifp)
{

	ifp->if_output = ifdead_output;
	ifp->if_input = ifdead_input;
	ifp->if_start = ifdead_start;
	ifp->if_ioctl = ifdead_ioctl;
	ifp->if_qflush = ifdead_qflush;
	ifp->if_transmit = ifdead_transmit;
}

/*
 * Map an interface name to an interface with a reference, skipping dying
 * ones.  The list is read in the network epoch, after one scheduling point
 * (a concurrent attach, detach or rename orders before or after it).
 */
struct ifnet *
ifunit_ref(const char *name)
{
	struct epoch_tracker et;
	struct ifnet *ifp;

	SIM_READ(&V_ifnet, "ifnet list");
	NET_EPOCH_ENTER(et);
	CK_STAILQ_FOREACH(ifp, &V_ifnet, if_link) {
		if (strncmp(name, ifp->if_xname, IFNAMSIZ) == 0 &&
		    !(ifp->if_flags & IFF_DYING))
			break;
	}
	if (ifp != NULL)
		if_ref(ifp);
	NET_EPOCH_EXIT(et);
	return (ifp);
}

/* Map an interface name to an interface, without a reference. */
struct ifnet *
ifunit(const char *name)
{
	struct epoch_tracker et;
	struct ifnet *ifp;

	SIM_READ(&V_ifnet, "ifnet list");
	NET_EPOCH_ENTER(et);
	CK_STAILQ_FOREACH(ifp, &V_ifnet, if_link) {
		if (strncmp(name, ifp->if_xname, IFNAMSIZ) == 0)
			break;
	}
	NET_EPOCH_EXIT(et);
	return (ifp);
}

/*
 * copyinstr(9): copy a NUL-terminated string of at most len bytes from
 * user space; ENAMETOOLONG when no NUL fits.  (User memory is host
 * memory; kept here until <sys/systm.h> declares copyinstr.)
 */
static int
if_copyinstr(const void *udaddr, void *kaddr, size_t len, size_t *done)
{
	const char *from = udaddr;
	char *to = kaddr;
	size_t i;

	if (from == NULL)
		return (EFAULT);
	for (i = 0; i < len; i++) {
		to[i] = from[i];
		if (from[i] == '\0') {
			if (done != NULL)
				*done = i + 1;
			return (0);
		}
	}
	if (done != NULL)
		*done = len;
	return (ENAMETOOLONG);
}

/*
 * Set the link-level address of an ethernet-like interface; an interface
 * that is up is cycled down and up through its if_ioctl so the driver
 * reprograms its filter.
 */
int
if_setlladdr(struct ifnet *ifp, const u_char *lladdr, int len)
{
	struct epoch_tracker et;
	struct sockaddr_dl *sdl;
	struct ifaddr *ifa;
	struct ifreq ifr;
	int rc;

	rc = 0;
	NET_EPOCH_ENTER(et);
	ifa = ifp->if_addr;
	if (ifa == NULL) {
		rc = EINVAL;
		goto out;
	}

	sdl = (struct sockaddr_dl *)ifa->ifa_addr;
	if (sdl == NULL) {
		rc = EINVAL;
		goto out;
	}
	if (len != sdl->sdl_alen) {	/* don't allow length to change */
		rc = EINVAL;
		goto out;
	}
	switch (ifp->if_type) {
	case IFT_ETHER:
	case IFT_XETHER:
	case IFT_L2VLAN:
	case IFT_BRIDGE:
	case IFT_IEEE8023ADLAG:
		bcopy(lladdr, LLADDR(sdl), len);
		break;
	default:
		rc = ENODEV;
		goto out;
	}

	/*
	 * If the interface is already up, we need
	 * to re-init it in order to reprogram its
	 * address filter.
	 */
	NET_EPOCH_EXIT(et);
	if ((ifp->if_flags & IFF_UP) != 0) {
		if (ifp->if_ioctl) {
			SIM_WRITE(ifp, "if_flags");
			ifp->if_flags &= ~IFF_UP;
			ifr.ifr_flags = ifp->if_flags & 0xffff;
			ifr.ifr_flagshigh = ifp->if_flags >> 16;
			(*ifp->if_ioctl)(ifp, SIOCSIFFLAGS, (caddr_t)&ifr);
			SIM_WRITE(ifp, "if_flags");
			ifp->if_flags |= IFF_UP;
			ifr.ifr_flags = ifp->if_flags & 0xffff;
			ifr.ifr_flagshigh = ifp->if_flags >> 16;
			(*ifp->if_ioctl)(ifp, SIOCSIFFLAGS, (caddr_t)&ifr);
		}
	}
	return (0);
out:
	NET_EPOCH_EXIT(et);
	return (rc);
}

/*
 * The rename sequence of SIOCSIFNAME (edca4938 era): checks, IFF_RENAMING
 * set without a lock, departure, the name and AF_LINK sockaddr changed
 * under the address lock, arrival (ifnet_arrival_event handlers run here,
 * in the renaming thread, and see IFF_RENAMING and the new name),
 * IFF_RENAMING cleared.
 */
static int
ifhwioctl_setifname(struct ifnet *ifp, struct ifreq *ifr, struct thread *td)
{
	char new_name[IFNAMSIZ];
	struct sockaddr_dl *sdl;
	struct ifaddr *ifa;
	int error, namelen, onamelen;

	error = priv_check(td, PRIV_NET_SETIFNAME);
	if (error)
		return (error);
	error = if_copyinstr(ifr->ifr_data, new_name, IFNAMSIZ, NULL);
	if (error != 0)
		return (error);
	if (new_name[0] == '\0')
		return (EINVAL);
	if (new_name[IFNAMSIZ-1] != '\0') {
		new_name[IFNAMSIZ-1] = '\0';
		if (strlen(new_name) == IFNAMSIZ-1)
			return (EINVAL);
	}
	if (ifunit(new_name) != NULL)
		return (EEXIST);

	/*
	 * XXX: Locking.  Nothing else seems to lock if_flags,
	 * and there are numerous other races with the
	 * ifunit() checks not being atomic with namespace
	 * changes (renames, vmoves, if_attach, etc).
	 */
	SIM_WRITE(ifp, "if_flags");
	ifp->if_flags |= IFF_RENAMING;

	/* Announce the departure of the interface. */
	rt_ifannouncemsg(ifp, IFAN_DEPARTURE);
	EVENTHANDLER_INVOKE(ifnet_departure_event, ifp);

	if_printf(ifp, "changing name to '%s'\n", new_name);

	IF_ADDR_WLOCK(ifp);
	SIM_WRITE(&V_ifnet, "ifnet list");
	strlcpy(ifp->if_xname, new_name, sizeof(ifp->if_xname));
	ifa = ifp->if_addr;
	sdl = (struct sockaddr_dl *)ifa->ifa_addr;
	namelen = strlen(new_name);
	onamelen = sdl->sdl_nlen;
	/*
	 * Move the address if needed.  This is safe because we
	 * allocate space for a name of length IFNAMSIZ when we
	 * create this in if_attach().
	 */
	if (namelen != onamelen) {
		bcopy(sdl->sdl_data + onamelen,
		    sdl->sdl_data + namelen, sdl->sdl_alen);
	}
	bcopy(new_name, sdl->sdl_data, namelen);
	sdl->sdl_nlen = namelen;
	sdl = (struct sockaddr_dl *)ifa->ifa_netmask;
	bzero(sdl->sdl_data, onamelen);
	while (namelen != 0)
		sdl->sdl_data[--namelen] = 0xff;
	IF_ADDR_WUNLOCK(ifp);

	EVENTHANDLER_INVOKE(ifnet_arrival_event, ifp);
	/* Announce the return of the interface. */
	rt_ifannouncemsg(ifp, IFAN_ARRIVAL);

	SIM_WRITE(ifp, "if_flags");
	ifp->if_flags &= ~IFF_RENAMING;
	return (0);
}

/*
 * Hardware specific interface ioctls; ENOIOCTL for the ones left to the
 * protocol (in_control) and the driver.
 */
int
ifhwioctl(u_long cmd, struct ifnet *ifp, caddr_t data, struct thread *td)
{
	struct ifreq *ifr;
	int error = 0, do_ifup = 0;
	int new_flags, temp_flags;

	ifr = (struct ifreq *)data;
	switch (cmd) {
	case SIOCGIFINDEX:
		ifr->ifr_index = ifp->if_index;
		break;

	case SIOCGIFFLAGS:
		SIM_READ(ifp, "if_flags");
		temp_flags = ifp->if_flags | ifp->if_drv_flags;
		ifr->ifr_flags = temp_flags & 0xffff;
		ifr->ifr_flagshigh = temp_flags >> 16;
		break;

	case SIOCGIFCAP:
		ifr->ifr_reqcap = ifp->if_capabilities;
		ifr->ifr_curcap = ifp->if_capenable;
		break;

	case SIOCGIFMETRIC:
		ifr->ifr_metric = ifp->if_metric;
		break;

	case SIOCGIFMTU:
		ifr->ifr_mtu = ifp->if_mtu;
		break;

	case SIOCSIFFLAGS:
		error = priv_check(td, PRIV_NET_SETIFFLAGS);
		if (error)
			return (error);
		/*
		 * Currently, no driver owned flags pass the IFF_CANTCHANGE
		 * check, so we don't need special handling here yet.
		 */
		new_flags = (ifr->ifr_flags & 0xffff) |
		    (ifr->ifr_flagshigh << 16);
		SIM_READ(ifp, "if_flags");
		if (ifp->if_flags & IFF_UP &&
		    (new_flags & IFF_UP) == 0) {
			if_down(ifp);
		} else if (new_flags & IFF_UP &&
		    (ifp->if_flags & IFF_UP) == 0) {
			do_ifup = 1;
		}
		/* See if permanently promiscuous mode bit is about to flip */
		if ((ifp->if_flags ^ new_flags) & IFF_PPROMISC) {
			if (new_flags & IFF_PPROMISC)
				ifp->if_flags |= IFF_PROMISC;
			else if (ifp->if_pcount == 0)
				ifp->if_flags &= ~IFF_PROMISC;
		}
		/* Read-modify-write of if_flags, without a lock. */
		SIM_WRITE(ifp, "if_flags");
		ifp->if_flags = (ifp->if_flags & IFF_CANTCHANGE) |
			(new_flags &~ IFF_CANTCHANGE);
		if (ifp->if_ioctl) {
			(void) (*ifp->if_ioctl)(ifp, cmd, data);
		}
		if (do_ifup)
			if_up(ifp);
		getmicrotime(&ifp->if_lastchange);
		break;

	case SIOCSIFNAME:
		error = ifhwioctl_setifname(ifp, ifr, td);
		break;

	case SIOCSIFMETRIC:
		error = priv_check(td, PRIV_NET_SETIFMETRIC);
		if (error)
			return (error);
		ifp->if_metric = ifr->ifr_metric;
		getmicrotime(&ifp->if_lastchange);
		break;

	case SIOCSIFMTU:
	{
		error = priv_check(td, PRIV_NET_SETIFMTU);
		if (error)
			return (error);
		if (ifr->ifr_mtu < IF_MINMTU || ifr->ifr_mtu > IF_MAXMTU)
			return (EINVAL);
		if (ifp->if_ioctl == NULL)
			return (EOPNOTSUPP);
		error = (*ifp->if_ioctl)(ifp, cmd, data);
		if (error == 0) {
			getmicrotime(&ifp->if_lastchange);
			rt_ifmsg(ifp);
		}
		/* nd6_setmtu()/rt_updatemtu(): IPv6 and routes not modelled. */
		break;
	}

	case SIOCADDMULTI:
	case SIOCDELMULTI:
		panic("%s: SIOCADDMULTI/SIOCDELMULTI not modelled", __func__);

	case SIOCSIFMEDIA:
	case SIOCSIFGENERIC:
		error = priv_check(td, PRIV_NET_HWIOCTL);
		if (error)
			return (error);
		if (ifp->if_ioctl == NULL)
			return (EOPNOTSUPP);
		error = (*ifp->if_ioctl)(ifp, cmd, data);
		if (error == 0)
			getmicrotime(&ifp->if_lastchange);
		break;

	case SIOCGIFSTATUS:
	case SIOCGIFMEDIA:
	case SIOCGIFGENERIC:
		if (ifp->if_ioctl == NULL)
			return (EOPNOTSUPP);
		error = (*ifp->if_ioctl)(ifp, cmd, data);
		break;

	case SIOCSIFLLADDR:
		error = priv_check(td, PRIV_NET_SETLLADDR);
		if (error)
			return (error);
		error = if_setlladdr(ifp,
		    (u_char *)ifr->ifr_addr.sa_data, ifr->ifr_addr.sa_len);
		break;

	default:
		error = ENOIOCTL;
		break;
	}
	return (error);
}

/* Find the IPv4 address addr on ifp, or NULL. */
static struct in_ifaddr *
in_findaddr(struct ifnet *ifp, in_addr_t addr)
{
	struct epoch_tracker et;
	struct ifaddr *ifa;
	struct in_ifaddr *ia = NULL;

	NET_EPOCH_ENTER(et);
	CK_STAILQ_FOREACH(ifa, &ifp->if_addrhead, ifa_link) {
		if (ifa->ifa_addr->sa_family != AF_INET)
			continue;
		if (((struct in_ifaddr *)ifa)->ia_addr.sin_addr.s_addr == addr) {
			ia = (struct in_ifaddr *)ifa;
			break;
		}
	}
	NET_EPOCH_EXIT(et);
	return (ia);
}

/* SIOCDIFADDR: unlink an IPv4 address from ifp and free it. */
static int
in_difaddr_ioctl(caddr_t data, struct ifnet *ifp)
{
	const struct ifaliasreq *ifra = (const struct ifaliasreq *)data;
	const struct sockaddr_in *addr;
	struct in_ifaddr *ia;

	addr = (const struct sockaddr_in *)&ifra->ifra_addr;
	ia = in_findaddr(ifp, addr->sin_addr.s_addr);
	if (ia == NULL)
		return (EADDRNOTAVAIL);
	/* in_scrubprefix(): routes are not modelled. */
	IF_ADDR_WLOCK(ifp);
	CK_STAILQ_REMOVE(&ifp->if_addrhead, &ia->ia_ifa, ifaddr, ifa_link);
	IF_ADDR_WUNLOCK(ifp);
	ifa_free(&ia->ia_ifa);		/* if_addrhead */
	return (0);
}

/*
 * SIOCAIFADDR (in_aifaddr_ioctl): validate, replace an existing equal
 * address, link a new in_ifaddr on if_addrhead, then let the driver see
 * it with if_ioctl(SIOCSIFADDR, ifa); undo on error.
 */
static int
in_aifaddr_ioctl(caddr_t data, struct ifnet *ifp)
{
	const struct ifaliasreq *ifra = (const struct ifaliasreq *)data;
	const struct sockaddr_in *addr, *broadaddr, *mask, *dstaddr;
	struct in_ifaddr *ia;
	struct ifaddr *ifa;
	int error;

	addr = (const struct sockaddr_in *)&ifra->ifra_addr;
	broadaddr = (const struct sockaddr_in *)&ifra->ifra_broadaddr;
	mask = (const struct sockaddr_in *)&ifra->ifra_mask;
	dstaddr = (const struct sockaddr_in *)&ifra->ifra_dstaddr;

	/*
	 * ifra_addr must be present and be of INET family.
	 * ifra_broadaddr/ifra_dstaddr and ifra_mask are optional.
	 */
	if (addr->sin_len != sizeof(struct sockaddr_in) ||
	    addr->sin_family != AF_INET)
		return (EINVAL);
	if (broadaddr->sin_len != 0 &&
	    (broadaddr->sin_len != sizeof(struct sockaddr_in) ||
	    broadaddr->sin_family != AF_INET))
		return (EINVAL);
	if (mask->sin_len != 0 &&
	    (mask->sin_len != sizeof(struct sockaddr_in) ||
	    mask->sin_family != AF_INET))
		return (EINVAL);
	if ((ifp->if_flags & IFF_POINTOPOINT) &&
	    (dstaddr->sin_len != sizeof(struct sockaddr_in) ||
	     dstaddr->sin_addr.s_addr == INADDR_ANY))
		return (EDESTADDRREQ);

	/* See whether address already exist. */
	if (in_findaddr(ifp, addr->sin_addr.s_addr) != NULL)
		(void)in_difaddr_ioctl(data, ifp);

	ifa = ifa_alloc(sizeof(struct in_ifaddr), M_WAITOK);
	ia = (struct in_ifaddr *)ifa;
	ifa->ifa_addr = (struct sockaddr *)&ia->ia_addr;
	ifa->ifa_dstaddr = (struct sockaddr *)&ia->ia_dstaddr;
	ifa->ifa_netmask = (struct sockaddr *)&ia->ia_sockmask;
	ifa->ifa_ifp = ifp;
	ia->ia_addr = *addr;
	if (mask->sin_len != 0)
		ia->ia_sockmask = *mask;
	else {
		ia->ia_sockmask.sin_len = sizeof(struct sockaddr_in);
		ia->ia_sockmask.sin_family = AF_INET;
		ia->ia_sockmask.sin_addr.s_addr = htonl(0xffffff00);
	}
	if ((ifp->if_flags & IFF_BROADCAST) && broadaddr->sin_len != 0)
		ia->ia_broadaddr = *broadaddr;
	if (ifp->if_flags & IFF_POINTOPOINT)
		ia->ia_dstaddr = *dstaddr;

	ifa_ref(ifa);			/* if_addrhead */
	IF_ADDR_WLOCK(ifp);
	CK_STAILQ_INSERT_TAIL(&ifp->if_addrhead, ifa, ifa_link);
	IF_ADDR_WUNLOCK(ifp);

	/*
	 * Give the interface a chance to initialize
	 * if this is its first address,
	 * and to validate the address if necessary.
	 */
	error = 0;
	if (ifp->if_ioctl != NULL) {
		error = (*ifp->if_ioctl)(ifp, SIOCSIFADDR, (caddr_t)ia);
		if (error)
			goto fail1;
	}
	/* in_addprefix(): routes are not modelled. */
	ifa_free(ifa);			/* our reference */
	return (0);

fail1:
	IF_ADDR_WLOCK(ifp);
	CK_STAILQ_REMOVE(&ifp->if_addrhead, ifa, ifaddr, ifa_link);
	IF_ADDR_WUNLOCK(ifp);
	ifa_free(ifa);			/* if_addrhead */
	ifa_free(ifa);			/* our reference */
	return (error);
}

/*
 * The AF_INET socket's control method (netinet/in.c in_control), for the
 * requests ifconfig makes: SIOCAIFADDR and SIOCDIFADDR.  Everything else
 * is EOPNOTSUPP, which hands the request to the driver's if_ioctl.
 * td is NULL for kernel-internal calls (if_purgeaddrs).
 */
/*
 * netinet/in.c serialises every address change of every interface with
 * in_control_sx (FreeBSD 11+), so an add failing in the driver and undoing
 * its link can never race the purge of the same address.
 */
static struct sx in_control_sx __kdata;
SX_SYSINIT(in_control_sx, &in_control_sx, "in_control");

static int
in_control(u_long cmd, caddr_t data, struct ifnet *ifp, struct thread *td)
{
	int error;

	switch (cmd) {
	case SIOCAIFADDR:
		if (td != NULL) {
			error = priv_check(td, PRIV_NET_ADDIFADDR);
			if (error)
				return (error);
		}
		sx_xlock(&in_control_sx);
		error = in_aifaddr_ioctl(data, ifp);
		sx_xunlock(&in_control_sx);
		return (error);
	case SIOCDIFADDR:
		if (td != NULL) {
			error = priv_check(td, PRIV_NET_DELIFADDR);
			if (error)
				return (error);
		}
		sx_xlock(&in_control_sx);
		error = in_difaddr_ioctl(data, ifp);
		sx_xunlock(&in_control_sx);
		return (error);
	default:
		return (EOPNOTSUPP);
	}
}

/*
 * Interface ioctls on a socket (ifconfig's AF_INET datagram socket; `so`
 * may be NULL, sockets are not modelled).  Create and destroy go to the
 * cloners; everything else looks the interface up with a reference and
 * tries ifhwioctl, then in_control, then the driver's if_ioctl.
 */
int
ifioctl(struct socket *so, u_long cmd, caddr_t data, struct thread *td)
{
	struct ifnet *ifp;
	struct ifreq *ifr;
	int error;

	CURVNET_SET(so);
	ifr = (struct ifreq *)data;
	switch (cmd) {
	case SIOCIFCREATE:
	case SIOCIFCREATE2:
		error = priv_check(td, PRIV_NET_IFCREATE);
		if (error == 0)
			error = if_clone_create(ifr->ifr_name,
			    sizeof(ifr->ifr_name), cmd == SIOCIFCREATE2 ?
			    ifr->ifr_data : NULL);
		goto out_noref;
	case SIOCIFDESTROY:
		error = priv_check(td, PRIV_NET_IFDESTROY);
		if (error == 0)
			error = if_clone_destroy(ifr->ifr_name);
		goto out_noref;
	case SIOCIFGCLONERS:
		error = if_clone_list((struct if_clonereq *)data);
		goto out_noref;
	}

	ifp = ifunit_ref(ifr->ifr_name);
	if (ifp == NULL) {
		error = ENXIO;
		goto out_noref;
	}

	error = ifhwioctl(cmd, ifp, data, td);
	if (error != ENOIOCTL)
		goto out_ref;

	/*
	 * Pass the request on to the socket control method, and if the
	 * latter returns EOPNOTSUPP, directly to the interface.
	 *
	 * Make an exception for the legacy SIOCSIF* requests.  Drivers
	 * trust SIOCSIFADDR et al to come from an already privileged
	 * layer, and do not perform any credentials checks or input
	 * validation.
	 */
	error = in_control(cmd, data, ifp, td);
	if (error == EOPNOTSUPP && ifp != NULL && ifp->if_ioctl != NULL &&
	    cmd != SIOCSIFADDR && cmd != SIOCSIFBRDADDR &&
	    cmd != SIOCSIFDSTADDR && cmd != SIOCSIFNETMASK)
		error = (*ifp->if_ioctl)(ifp, cmd, data);
	/* in6_if_up() on an IFF_UP transition: IPv6 not modelled. */

out_ref:
	if_rele(ifp);
out_noref:
	CURVNET_RESTORE();
	return (error);
}

/*
 * if_addr_rlock(9) of FreeBSD 12 (if_var.h): enter the network epoch for
 * a walk of if_addrhead, with a tracker of the calling thread's own.
 */
#define	IF_ADDR_MAXTHREADS	256
static struct epoch_tracker if_addr_et[IF_ADDR_MAXTHREADS] __kdata;
static struct ifnet *if_addr_held[IF_ADDR_MAXTHREADS] __kdata;

void
if_addr_rlock(struct ifnet *ifp)
{
	int tid;

	tid = sim_curthread();
	KASSERT(tid >= 0 && tid < IF_ADDR_MAXTHREADS,
	    ("if_addr_rlock: thread %d out of range", tid));
	KASSERT(if_addr_held[tid] == NULL,
	    ("if_addr_rlock: %s while %s is read-locked", ifp->if_xname,
	    if_addr_held[tid]->if_xname));
	NET_EPOCH_ENTER(if_addr_et[tid]);
	if_addr_held[tid] = ifp;
}

/* if_addr_runlock(9) of FreeBSD 12: leave the epoch if_addr_rlock entered. */
void
if_addr_runlock(struct ifnet *ifp)
{
	int tid;

	tid = sim_curthread();
	KASSERT(tid >= 0 && tid < IF_ADDR_MAXTHREADS &&
	    if_addr_held[tid] == ifp,
	    ("if_addr_runlock: %s not read-locked by this thread",
	    ifp->if_xname));
	if_addr_held[tid] = NULL;
	NET_EPOCH_EXIT(if_addr_et[tid]);
}
