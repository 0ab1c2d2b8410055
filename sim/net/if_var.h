/* Stands for sys/net/if_var.h at FreeBSD edca4938 (2019).
 * if_var.h - the kernel's view of a network interface (FreeBSD's
 * <net/if_var.h>, edca4938 era): struct ifnet, struct ifaddr, the
 * interface send queue and its macros, the ifnet list and its locks, and
 * the events interfaces raise.
 *
 * Locking, as FreeBSD:
 *  - the ifnet list (V_ifnet) and the index table: IFNET_WLOCK (an sx,
 *    ifnet_sxlock; FreeBSD pairs it with an rwlock, modelled by the sx
 *    alone).  Readers of the list (ifunit) run in the network epoch;
 *  - if_addrhead and the AF_LINK sockaddr (so if_xname during a rename):
 *    IF_ADDR_WLOCK, the if_addr_lock mutex;
 *  - if_snd: its own mutex (IFQ_LOCK);
 *  - if_flags: "XXX: Locking", nothing (the stack writes it unlocked:
 *    those writes are SIM_WRITE points); if_drv_flags: the driver;
 *  - if_refcount: atomic; the ifnet is freed when the last reference goes.
 * The network epoch (NET_EPOCH_ENTER/EXIT/WAIT/CALL, sys/epoch.h,
 * kern/subr_epoch.c): readers of the ifnet list and of if_addrhead run in
 * it; the last if_rele/ifa_free defers the free with epoch_call (if.c), so
 * a reader inside a section never finds the memory gone, and if_detach
 * waits for the readers (epoch_wait_preempt) after unlinking.
 * Does not model: multicast addresses, address-family data (if_afdata),
 * ALTQ, counters per CPU, interface groups beyond their membership list.
 */
#ifndef _SIM_NET_IF_VAR_H_
#define _SIM_NET_IF_VAR_H_

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/queue.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/sx.h>
#include <sys/taskqueue.h>
#include <sys/eventhandler.h>
#include <sys/epoch.h>
#include <sys/mbuf.h>
#include <net/if.h>
#include <net/vnet.h>

struct bpf_if;
struct route;
struct sockaddr;
struct socket;
struct thread;
struct vnet;
struct if_clone;

#ifndef _SIM_STRUCT_TIMEVAL_
#define	_SIM_STRUCT_TIMEVAL_
struct timeval {
	int64_t	tv_sec;		/* seconds */
	int64_t	tv_usec;	/* and microseconds */
};
#endif
/* The virtual clock, as getmicrotime(9) would read it. */
void	getmicrotime(struct timeval *tvp);

typedef enum {
	IFCOUNTER_IPACKETS = 0,
	IFCOUNTER_IERRORS,
	IFCOUNTER_OPACKETS,
	IFCOUNTER_OERRORS,
	IFCOUNTER_COLLISIONS,
	IFCOUNTER_IBYTES,
	IFCOUNTER_OBYTES,
	IFCOUNTER_IMCASTS,
	IFCOUNTER_OMCASTS,
	IFCOUNTER_IQDROPS,
	IFCOUNTER_OQDROPS,
	IFCOUNTER_NOPROTO,
	IFCOUNTERS /* Array size. */
} ift_counter;

typedef struct ifnet *if_t;

typedef void (*if_start_fn_t)(struct ifnet *);
typedef int (*if_ioctl_fn_t)(struct ifnet *, u_long, caddr_t);
typedef void (*if_init_fn_t)(void *);
typedef void (*if_qflush_fn_t)(struct ifnet *);
typedef int (*if_transmit_fn_t)(struct ifnet *, struct mbuf *);
typedef uint64_t (*if_get_counter_t)(struct ifnet *, ift_counter);

/* The interface send queue (struct ifaltq without ALTQ proper). */
struct ifaltq {
	struct mbuf	*ifq_head;
	struct mbuf	*ifq_tail;
	int		 ifq_len;
	int		 ifq_maxlen;
	struct mtx	 ifq_mtx;

	/* driver owned queue (used for bulk dequeue and prepend) UNLOCKED */
	struct mbuf	*ifq_drv_head;
	struct mbuf	*ifq_drv_tail;
	int		 ifq_drv_len;
	int		 ifq_drv_maxlen;

	/* alternate queueing related fields */
	int		 altq_type;	/* discipline type */
	int		 altq_flags;	/* flags (e.g. ready, in-use) */
	struct ifnet	*altq_ifp;	/* back pointer to interface */
	uint64_t	 ifq_drops;
};
#define	ALTQF_READY	0x01	/* driver supports alternate queueing */
#define	ALTQF_ENABLED	0x02	/* altq is in use */
#define	ALTQF_CANTCHANGE	(ALTQF_READY)

struct ifaddr;

/* An interface address. */
struct ifaddr {
	struct	sockaddr *ifa_addr;	/* address of interface */
	struct	sockaddr *ifa_dstaddr;	/* other end of p-to-p link */
#define	ifa_broadaddr	ifa_dstaddr	/* broadcast address interface */
	struct	sockaddr *ifa_netmask;	/* used to determine subnet */
	struct	ifnet *ifa_ifp;		/* back-pointer to interface */
	struct	carp_softc *ifa_carp;	/* pointer to CARP data */
	CK_STAILQ_ENTRY(ifaddr) ifa_link; /* queue macro glue */
	u_short	ifa_flags;		/* mostly rt_flags for cloning */
#define	IFA_ROUTE	RTF_UP		/* route installed */
#define	IFA_RTSELF	RTF_HOST	/* loopback route to self installed */
	u_int	ifa_refcnt;		/* references to this structure */
	int	ifa_metric;		/* cost of going out this interface */
	struct	epoch_context ifa_epoch_ctx;	/* deferred free */
};

struct ifg_list {
	char			 ifgl_group[IFNAMSIZ];
	CK_STAILQ_ENTRY(ifg_list) ifgl_next;
};

CK_STAILQ_HEAD(ifnethead, ifnet);
CK_STAILQ_HEAD(ifaddrhead, ifaddr);
CK_STAILQ_HEAD(ifgrouphead, ifg_list);

/* Structure defining a network interface. */
struct ifnet {
	/* General book keeping of interface lists. */
	CK_STAILQ_ENTRY(ifnet) if_link;	/* all struct ifnets are chained */
	LIST_ENTRY(ifnet) if_clones;	/* interfaces of a cloner */
	struct ifgrouphead if_groups;	/* linked list of groups per if */
	u_char	if_alloctype;		/* if_type at time of allocation */

	/* Driver and protocol specific information that remains stable. */
	void	*if_softc;		/* pointer to driver state */
	void	*if_llsoftc;		/* link layer softc */
	void	*if_l2com;		/* pointer to protocol bits */
	const char *if_dname;		/* driver name */
	int	if_dunit;		/* unit or IF_DUNIT_NONE */
	u_short	if_index;		/* numeric abbreviation for this if  */
	short	if_index_reserved;	/* spare space to grow if_index */
	char	if_xname[IFNAMSIZ];	/* external name (name + unit) */
	char	*if_description;	/* interface description */

	/* Variable fields that are touched by the stack and drivers. */
	int	if_flags;		/* up/down, broadcast, etc. */
	int	if_drv_flags;		/* driver-managed status flags */
	int	if_capabilities;	/* interface features & capabilities */
	int	if_capenable;		/* enabled features & capabilities */
	void	*if_linkmib;		/* link-type-specific MIB data */
	size_t	if_linkmiblen;		/* length of above data */
	u_int	if_refcount;		/* reference count */
	struct	epoch_context if_epoch_ctx;	/* deferred free */

	/* These fields are shared with struct if_data. */
	uint8_t		if_type;	/* ethernet, tokenring, etc */
	uint8_t		if_addrlen;	/* media address length */
	uint8_t		if_hdrlen;	/* media header length */
	uint8_t		if_link_state;	/* current link state */
	uint32_t	if_mtu;		/* maximum transmission unit */
	uint32_t	if_metric;	/* routing metric (external only) */
	uint64_t	if_baudrate;	/* linespeed */
	uint64_t	if_hwassist;	/* HW offload capabilities, see IFCAP */
	int64_t		if_epoch;	/* uptime at attach or stat reset */
	struct timeval	if_lastchange;	/* time of last administrative change */

	struct  ifaltq if_snd;		/* output queue (includes altq) */
	struct	task if_linktask;	/* task for link change events */

	/* Addresses of different protocol families assigned to this if. */
	struct mtx if_addr_lock;	/* lock to protect address lists */
	struct	ifaddrhead if_addrhead;	/* linked list of addresses per if */
	struct	ifaddr	*if_addr;	/* pointer to link-level address */
	void	*if_hw_addr;		/* hardware link-level address */
	const u_int8_t *if_broadcastaddr; /* linklevel broadcast bytestring */
	int	if_pcount;		/* number of promiscuous listeners */
	struct	bpf_if *if_bpf;		/* packet filter structure */
	struct	vnet *if_vnet;		/* pointer to network stack instance */
	u_int	if_fib;			/* interface FIB */
	uint8_t	if_pcp;			/* 802.1p priority */

	/* Various procedures of the layer2 encapsulation and drivers. */
	int	(*if_output)		/* output routine (enqueue) */
		(struct ifnet *, struct mbuf *, const struct sockaddr *,
		     struct route *);
	void	(*if_input)		/* input routine (from h/w driver) */
		(struct ifnet *, struct mbuf *);
	if_start_fn_t	if_start;	/* initiate output routine */
	if_ioctl_fn_t	if_ioctl;	/* ioctl routine */
	if_init_fn_t	if_init;	/* Init routine */
	if_qflush_fn_t	if_qflush;	/* flush any queue */
	if_transmit_fn_t if_transmit;	/* initiate output routine */
	if_get_counter_t if_get_counter; /* get counter values */

	/* Statistics (FreeBSD keeps per-CPU counter(9)s). */
	uint64_t	if_counters[IFCOUNTERS];
};

#define	IF_DUNIT_NONE	-1
#define	IF_MINMTU	72
#define	IF_MAXMTU	65535

#define	TOEDEV(ifp)	((ifp)->if_llsoftc)

/* Locks for address lists on the network interface. */
#define	IF_ADDR_LOCK_INIT(if)	mtx_init(&(if)->if_addr_lock, "if_addr_lock", NULL, MTX_DEF)
#define	IF_ADDR_LOCK_DESTROY(if)	mtx_destroy(&(if)->if_addr_lock)
#define	IF_ADDR_WLOCK(if)	mtx_lock(&(if)->if_addr_lock)
#define	IF_ADDR_WUNLOCK(if)	mtx_unlock(&(if)->if_addr_lock)
#define	IF_ADDR_LOCK_ASSERT(if)	mtx_assert(&(if)->if_addr_lock, MA_OWNED)
#define	IF_ADDR_WLOCK_ASSERT(if) mtx_assert(&(if)->if_addr_lock, MA_OWNED)

/* The ifnet list and index table lock. */
extern struct sx ifnet_sxlock;
#define	IFNET_WLOCK()		sx_xlock(&ifnet_sxlock)
#define	IFNET_WUNLOCK()		sx_xunlock(&ifnet_sxlock)
#define	IFNET_RLOCK()		sx_slock(&ifnet_sxlock)
#define	IFNET_RUNLOCK()		sx_sunlock(&ifnet_sxlock)
#define	IFNET_WLOCK_ASSERT()	sx_assert(&ifnet_sxlock, SA_XLOCKED)


VNET_DECLARE(struct ifnethead, ifnet);
#define	V_ifnet		VNET(ifnet)
VNET_DECLARE(int, if_index);
#define	V_if_index	VNET(if_index)

extern int ifqmaxlen;

/*
 * Output queues (ifp->if_snd) and slow device input queues (*ifp->if_slowq)
 * are queues of messages stored on ifqueue structures.  The head/tail
 * fields are protected by ifq_mtx; IFQ_IS_EMPTY reads ifq_len unlocked
 * (a scheduling point that also checks the ifnet is alive).
 */
#define	IF_LOCK(ifq)		mtx_lock(&(ifq)->ifq_mtx)
#define	IF_UNLOCK(ifq)		mtx_unlock(&(ifq)->ifq_mtx)
#define	IF_LOCK_ASSERT(ifq)	mtx_assert(&(ifq)->ifq_mtx, MA_OWNED)
#define	_IF_QFULL(ifq)		((ifq)->ifq_len >= (ifq)->ifq_maxlen)
#define	_IF_QLEN(ifq)		((ifq)->ifq_len)

#define	_IF_ENQUEUE(ifq, m) do {					\
	(m)->m_nextpkt = NULL;						\
	if ((ifq)->ifq_tail == NULL)					\
		(ifq)->ifq_head = m;					\
	else								\
		(ifq)->ifq_tail->m_nextpkt = m;				\
	(ifq)->ifq_tail = m;						\
	(ifq)->ifq_len++;						\
} while (0)

#define	IF_ENQUEUE(ifq, m) do {						\
	IF_LOCK(ifq);							\
	_IF_ENQUEUE(ifq, m);						\
	IF_UNLOCK(ifq);							\
} while (0)

#define	_IF_PREPEND(ifq, m) do {					\
	(m)->m_nextpkt = (ifq)->ifq_head;				\
	if ((ifq)->ifq_tail == NULL)					\
		(ifq)->ifq_tail = (m);					\
	(ifq)->ifq_head = (m);						\
	(ifq)->ifq_len++;						\
} while (0)

#define	_IF_DEQUEUE(ifq, m) do {					\
	(m) = (ifq)->ifq_head;						\
	if (m) {							\
		if (((ifq)->ifq_head = (m)->m_nextpkt) == NULL)		\
			(ifq)->ifq_tail = NULL;				\
		(m)->m_nextpkt = NULL;					\
		(ifq)->ifq_len--;					\
	}								\
} while (0)

#define	IF_DEQUEUE(ifq, m) do {						\
	IF_LOCK(ifq);							\
	_IF_DEQUEUE(ifq, m);						\
	IF_UNLOCK(ifq);							\
} while (0)

#define	_IF_DEQUEUE_ALL(ifq, m) do {					\
	(m) = (ifq)->ifq_head;						\
	(ifq)->ifq_head = (ifq)->ifq_tail = NULL;			\
	(ifq)->ifq_len = 0;						\
} while (0)

#define	IF_DEQUEUE_ALL(ifq, m) do {					\
	IF_LOCK(ifq);							\
	_IF_DEQUEUE_ALL(ifq, m);					\
	IF_UNLOCK(ifq);							\
} while (0)

#define	_IF_POLL(ifq, m)	((m) = (ifq)->ifq_head)
#define	IF_POLL(ifq, m)		_IF_POLL(ifq, m)

#define	_IF_DRAIN(ifq) do {						\
	struct mbuf *_m;						\
	for (;;) {							\
		_IF_DEQUEUE(ifq, _m);					\
		if (_m == NULL)						\
			break;						\
		m_freem(_m);						\
	}								\
} while (0)

#define	IF_DRAIN(ifq) do {						\
	IF_LOCK(ifq);							\
	_IF_DRAIN(ifq);							\
	IF_UNLOCK(ifq);							\
} while (0)

/* ALTQ is not compiled in: the IFQ_* macros are the plain queue's. */
#define	ALTQ_IS_ENABLED(ifq)	0
#define	ALTQ_IS_ATTACHED(ifq)	0

#define	IFQ_INC_DROPS(ifq)	((ifq)->ifq_drops++)
#define	IFQ_LOCK(ifq)		IF_LOCK(ifq)
#define	IFQ_UNLOCK(ifq)		IF_UNLOCK(ifq)
#define	IFQ_LOCK_ASSERT(ifq)	IF_LOCK_ASSERT(ifq)
#define	IFQ_IS_EMPTY(ifq)						\
	(SIM_READ((ifq), "ifq_len"), (ifq)->ifq_len == 0)
#define	IFQ_INC_LEN(ifq)	((ifq)->ifq_len++)
#define	IFQ_DEC_LEN(ifq)	(--(ifq)->ifq_len)
#define	IFQ_SET_MAXLEN(ifq, len)	((ifq)->ifq_maxlen = (len))
#define	IFQ_SET_READY(ifq)	((ifq)->altq_flags |= ALTQF_READY)

#define	IFQ_ENQUEUE(ifq, m, err) do {					\
	IF_LOCK(ifq);							\
	if (_IF_QFULL(ifq)) {						\
		m_freem(m);						\
		(err) = ENOBUFS;					\
	} else {							\
		_IF_ENQUEUE(ifq, m);					\
		(err) = 0;						\
	}								\
	if (err)							\
		IFQ_INC_DROPS(ifq);					\
	IF_UNLOCK(ifq);							\
} while (0)

#define	IFQ_DEQUEUE_NOLOCK(ifq, m)	_IF_DEQUEUE(ifq, m)
#define	IFQ_DEQUEUE(ifq, m) do {					\
	IF_LOCK(ifq);							\
	IFQ_DEQUEUE_NOLOCK(ifq, m);					\
	IF_UNLOCK(ifq);							\
} while (0)

#define	IFQ_POLL_NOLOCK(ifq, m)	_IF_POLL(ifq, m)
#define	IFQ_POLL(ifq, m) do {						\
	IF_LOCK(ifq);							\
	IFQ_POLL_NOLOCK(ifq, m);					\
	IF_UNLOCK(ifq);							\
} while (0)

#define	IFQ_PURGE_NOLOCK(ifq)	_IF_DRAIN(ifq)
#define	IFQ_PURGE(ifq) do {						\
	IF_LOCK(ifq);							\
	IFQ_PURGE_NOLOCK(ifq);						\
	IF_UNLOCK(ifq);							\
} while (0)

#define	IFQ_HANDOFF_ADJ(ifp, m, adj, err) do {				\
	int len;							\
	short mflags;							\
									\
	len = (m)->m_pkthdr.len;					\
	mflags = (m)->m_flags;						\
	IFQ_ENQUEUE(&(ifp)->if_snd, m, err);				\
	if ((err) == 0) {						\
		if_inc_counter((ifp), IFCOUNTER_OBYTES, len + (adj));	\
		if (mflags & M_MCAST)					\
			if_inc_counter((ifp), IFCOUNTER_OMCASTS, 1);	\
		if (((ifp)->if_drv_flags & IFF_DRV_OACTIVE) == 0)	\
			if_start(ifp);					\
	} else								\
		if_inc_counter((ifp), IFCOUNTER_OQDROPS, 1);		\
} while (0)
#define	IFQ_HANDOFF(ifp, m, err)	IFQ_HANDOFF_ADJ(ifp, m, 0, err)

/* The link-level address of an interface. */
#define	IF_LLADDR(ifp)							\
    LLADDR((struct sockaddr_dl *)((ifp)->if_addr->ifa_addr))

/* Events an interface raises (handlers run in the caller's thread). */
typedef void (*ifnet_arrival_event_handler_t)(void *, struct ifnet *);
EVENTHANDLER_DECLARE(ifnet_arrival_event, ifnet_arrival_event_handler_t);
typedef void (*ifnet_departure_event_handler_t)(void *, struct ifnet *);
EVENTHANDLER_DECLARE(ifnet_departure_event, ifnet_departure_event_handler_t);
typedef void (*ifnet_link_event_handler_t)(void *, struct ifnet *, int);
EVENTHANDLER_DECLARE(ifnet_link_event, ifnet_link_event_handler_t);

/* Interface address reference counting. */
struct ifaddr	*ifa_alloc(size_t size, int flags);
void	ifa_free(struct ifaddr *ifa);
void	ifa_ref(struct ifaddr *ifa);

/* The ifnet KPI. */
struct ifnet	*if_alloc(u_char);
void	if_free(struct ifnet *);
void	if_attach(struct ifnet *);
void	if_detach(struct ifnet *);
void	if_ref(struct ifnet *);
void	if_rele(struct ifnet *);
void	if_initname(struct ifnet *, const char *, int);
void	if_up(struct ifnet *);
void	if_down(struct ifnet *);
void	if_qflush(struct ifnet *);
void	if_link_state_change(struct ifnet *, int);
void	if_purgeaddrs(struct ifnet *);
int	if_addgroup(struct ifnet *, const char *);
int	if_delgroup(struct ifnet *, const char *);
int	if_setlladdr(struct ifnet *, const u_char *, int);
void	if_inc_counter(struct ifnet *, ift_counter, int64_t);
void	_if_inc_counter(struct ifnet *, ift_counter, int64_t, const char *,
	    int);
/* A macro so that a use-after-free report names the caller's line. */
#define	if_inc_counter(ifp, cnt, inc)					\
	_if_inc_counter((ifp), (cnt), (inc), __FILE__, __LINE__)
uint64_t if_get_counter_default(struct ifnet *, ift_counter);
const char *if_name(struct ifnet *);
struct ifnet	*ifunit(const char *);
struct ifnet	*ifunit_ref(const char *);
struct ifnet	*ifnet_byindex(u_short);
int	ifioctl(struct socket *, u_long, caddr_t, struct thread *);
int	ifhwioctl(u_long, struct ifnet *, caddr_t, struct thread *);
int	if_handoff(struct ifaltq *ifq, struct mbuf *m, struct ifnet *ifp,
	    int adjust);
#define	if_start(ifp)	((*(ifp)->if_start)(ifp))

/*
 * if_printf() prints "name: message" to the trace, at the caller's line
 * (a macro: the driver's TUNDEBUG expands to it).
 */
int	_if_printf(struct ifnet *, const char *, int, const char *, ...)
	    __attribute__((format(printf, 4, 5)));
#define	if_printf(ifp, ...)						\
	_if_printf((ifp), __FILE__, __LINE__, __VA_ARGS__)

#include <net/if_dl.h>
#include <net/route.h>

/*
 * FreeBSD 12's address-list read lock (removed in 13): if_addr_rlock()
 * enters the network epoch, if_addr_runlock() leaves it.  Readers walk
 * if_addrhead inside it, as with NET_EPOCH_ENTER.  The tracker is the
 * calling thread's; one section a thread (nesting panics).
 */
void	if_addr_rlock(struct ifnet *ifp);
void	if_addr_runlock(struct ifnet *ifp);

#endif /* !_SIM_NET_IF_VAR_H_ */
