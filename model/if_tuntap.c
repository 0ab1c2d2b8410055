/*
 * if_tuntap.c - the model of FreeBSD's tun/tap/vmnet driver,
 * sys/net/if_tuntap.c at revision edca4938.
 *
 * What it models: every function of the upstream file, in the upstream
 * order, with the same names, flags, locks, busy counts, sleeps and control
 * flow.  Each function's header comment gives the upstream range it ports
 * ("if_tuntap.c:A-B"); blocks inside cite their lines too.  The upstream
 * file is at ../shared/upstream/if_tuntap.c; docs/fidelity.md lists every
 * function and every deviation.
 *
 * What it deliberately does not model: the COMPAT_FREEBSD4/5/6 VMware ioctl
 * (_IO('V', 0)) and the MAC framework hooks (both compiled out here); the
 * includes of sys/jail.h, sys/syslog.h and the opt_inet*.h headers (INET
 * and INET6 come from the build).
 *
 * Locks, as upstream:
 *  - tunmtx (global) protects tunhead and is the unrhdr mutex of all three
 *    drivers (so alloc_unr/free_unr must be called without it);
 *  - tun_ioctl_sx guards ifp->if_softc against tun_destroy for tunifioctl
 *    and tunrename;
 *  - tp->tun_mtx protects the softc's mutable fields and is the knlist lock
 *    of tun_rsel.si_note;
 *  - tp->tun_busy (under tun_mtx) keeps tun_destroy waiting on tun_cv.
 *
 * The places where the driver touches shared softc/ifnet/cdev state without
 * the lock that protects it (its own "Unlocked read" and XXXRW comments,
 * and the others listed in docs/fidelity.md) are preceded by SIM_READ or
 * SIM_WRITE: a scheduling point that also reports a use of a freed object.
 * The driver's bugs are kept; none is fixed here.
 *
 * Every mutable static is __moddata: restored from the module image at each
 * kldload, as a fresh load of if_tuntap.ko would be.
 */

#include <sys/param.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/priv.h>
#include <sys/proc.h>
#include <sys/systm.h>
#include <sys/mbuf.h>
#include <sys/module.h>
#include <sys/socket.h>
#include <sys/eventhandler.h>
#include <sys/fcntl.h>
#include <sys/filio.h>
#include <sys/sockio.h>
#include <sys/sx.h>
#include <sys/ttycom.h>
#include <sys/poll.h>
#include <sys/selinfo.h>
#include <sys/event.h>
#include <sys/signalvar.h>
#include <sys/sigio.h>
#include <sys/filedesc.h>
#include <sys/kernel.h>
#include <sys/sysctl.h>
#include <sys/conf.h>
#include <sys/uio.h>
#include <sys/malloc.h>
#include <sys/random.h>
#include <sys/ctype.h>

#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/if_clone.h>
#include <net/if_dl.h>
#include <net/if_media.h>
#include <net/if_types.h>
#include <net/netisr.h>
#include <net/route.h>
#include <net/vnet.h>
#ifdef INET
#include <netinet/in.h>
#endif
#include <net/bpf.h>
#include <net/if_tap.h>
#include <net/if_tun.h>

#include <sys/queue.h>
#include <sys/condvar.h>
#include <security/mac/mac_framework.h>

struct tuntap_driver;

/* if_tuntap.c:103-137: the softc and its flags. */
struct tuntap_softc {
	TAILQ_ENTRY(tuntap_softc)	 tun_list;
	struct cdev			*tun_alias;
	struct cdev			*tun_dev;
	u_short				 tun_flags;	/* misc flags */
#define	TUN_OPEN	0x0001
#define	TUN_INITED	0x0002
#define	TUN_IASET	0x0008
#define	TUN_DSTADDR	0x0010
#define	TUN_LMODE	0x0020
#define	TUN_RWAIT	0x0040
#define	TUN_ASYNC	0x0080
#define	TUN_IFHEAD	0x0100
#define	TUN_DYING	0x0200
#define	TUN_L2		0x0400
#define	TUN_VMNET	0x0800

#define	TUN_DRIVER_IDENT_MASK	(TUN_L2 | TUN_VMNET)
#define	TUN_READY		(TUN_OPEN | TUN_INITED)

	pid_t			 tun_pid;	/* owning pid */
	struct ifnet		*tun_ifp;	/* the interface */
	struct sigio		*tun_sigio;	/* async I/O info */
	struct tuntap_driver	*tun_drv;	/* appropriate driver */
	struct selinfo		 tun_rsel;	/* read select */
	struct mtx		 tun_mtx;	/* softc field mutex */
	struct cv		 tun_cv;	/* for ref'd dev destroy */
	struct ether_addr	 tun_ether;	/* remote address */
	int			 tun_busy;	/* busy count */
};
/* if_tuntap.c:138-146 */
#define	TUN2IFP(sc)	((sc)->tun_ifp)

#define	TUNDEBUG	if (tundebug) if_printf

#define	TUN_LOCK(tp)		mtx_lock(&(tp)->tun_mtx)
#define	TUN_UNLOCK(tp)		mtx_unlock(&(tp)->tun_mtx)
#define	TUN_LOCK_ASSERT(tp)	mtx_assert(&(tp)->tun_mtx, MA_OWNED);

#define	TUN_VMIO_FLAG_MASK	0x0fff

/*
 * if_tuntap.c:148-166: the module's globals.  tunmtx locks the mutable
 * ones, except tundebug (used unlocked) and the drivers' clones (static
 * after setup).
 */
static struct mtx tunmtx __moddata;
static eventhandler_tag arrival_tag __moddata;
static eventhandler_tag clone_tag __moddata;
static const char tunname[] = "tun";
static const char tapname[] = "tap";
static const char vmnetname[] = "vmnet";
static MALLOC_DEFINE(M_TUN, tunname, "Tunnel Interface");
static int tundebug __moddata = 0;
static int tundclone __moddata = 1;
static int tap_allow_uopen __moddata = 0;	/* allow user open() */
static int tapuponopen __moddata = 0;	/* IFF_UP on open() */
static int tapdclone __moddata = 1;	/* enable devfs cloning */

static TAILQ_HEAD(,tuntap_softc) tunhead __moddata =
    TAILQ_HEAD_INITIALIZER(tunhead);
/* if_tuntap.c:167 */
SYSCTL_INT(_debug, OID_AUTO, if_tun_debug, CTLFLAG_RW, &tundebug, 0, "");

/* if_tuntap.c:169-170 */
static struct sx tun_ioctl_sx __moddata;
SX_SYSINIT(tun_ioctl_sx, &tun_ioctl_sx, "tun_ioctl");

/* if_tuntap.c:172-188: the sysctls. */
SYSCTL_DECL(_net_link);
/* tun */
static SYSCTL_NODE(_net_link, OID_AUTO, tun, CTLFLAG_RW, 0,
    "IP tunnel software network interface");
SYSCTL_INT(_net_link_tun, OID_AUTO, devfs_cloning, CTLFLAG_RWTUN, &tundclone, 0,
    "Enable legacy devfs interface creation");

/* tap */
static SYSCTL_NODE(_net_link, OID_AUTO, tap, CTLFLAG_RW, 0,
    "Ethernet tunnel software network interface");
SYSCTL_INT(_net_link_tap, OID_AUTO, user_open, CTLFLAG_RW, &tap_allow_uopen, 0,
    "Allow user to open /dev/tap (based on node permissions)");
SYSCTL_INT(_net_link_tap, OID_AUTO, up_on_open, CTLFLAG_RW, &tapuponopen, 0,
    "Bring interface up when /dev/tap is opened");
SYSCTL_INT(_net_link_tap, OID_AUTO, devfs_cloning, CTLFLAG_RWTUN, &tapdclone, 0,
    "Enable legacy devfs interface creation");
SYSCTL_INT(_net_link_tap, OID_AUTO, debug, CTLFLAG_RW, &tundebug, 0, "");

/* if_tuntap.c:190-225: prototypes. */
static int	tun_busy_locked(struct tuntap_softc *tp);
static void	tun_unbusy_locked(struct tuntap_softc *tp);
static int	tun_busy(struct tuntap_softc *tp);
static void	tun_unbusy(struct tuntap_softc *tp);

static int	tuntap_name2info(const char *name, int *unit, int *flags);
static void	tunclone(void *arg, struct ucred *cred, char *name,
		    int namelen, struct cdev **dev);
static void	tuncreate(struct cdev *dev, struct tuntap_driver *);
static void	tunrename(void *arg, struct ifnet *ifp);
static int	tunifioctl(struct ifnet *, u_long, caddr_t);
static void	tuninit(struct ifnet *);
static void	tunifinit(void *xtp);
static int	tuntapmodevent(module_t, int, void *);
static int	tunoutput(struct ifnet *, struct mbuf *,
		    const struct sockaddr *, struct route *ro);
static void	tunstart(struct ifnet *);
static void	tunstart_l2(struct ifnet *);

static int	tun_clone_match(struct if_clone *ifc, const char *name);
static int	tap_clone_match(struct if_clone *ifc, const char *name);
static int	vmnet_clone_match(struct if_clone *ifc, const char *name);
static int	tun_clone_create(struct if_clone *, char *, size_t, caddr_t);
static int	tun_clone_destroy(struct if_clone *, struct ifnet *);

static d_open_t		tunopen;
static d_close_t	tunclose;
static d_read_t		tunread;
static d_write_t	tunwrite;
static d_ioctl_t	tunioctl;
static d_poll_t		tunpoll;
static d_kqfilter_t	tunkqfilter;

static int		tunkqread(struct knote *, long);
static int		tunkqwrite(struct knote *, long);
static void		tunkqdetach(struct knote *);

/* if_tuntap.c:227-239: knote filters (never written after setup). */
static struct filterops tun_read_filterops = {
	.f_isfd =	1,
	.f_attach =	NULL,
	.f_detach =	tunkqdetach,
	.f_event =	tunkqread,
};

static struct filterops tun_write_filterops = {
	.f_isfd =	1,
	.f_attach =	NULL,
	.f_detach =	tunkqdetach,
	.f_event =	tunkqwrite,
};

/*
 * if_tuntap.c:241-304: the three drivers, tun, tap and vmnet.  unrhdr and
 * clones are set at MOD_LOAD, so the table is module data.
 */
static struct tuntap_driver {
	struct cdevsw		 cdevsw;
	int			 ident_flags;
	struct unrhdr		*unrhdr;
	struct clonedevs	*clones;
	ifc_match_t		*clone_match_fn;
	ifc_create_t		*clone_create_fn;
	ifc_destroy_t		*clone_destroy_fn;
} tuntap_drivers[] __moddata = {
	{
		.ident_flags =	0,
		.cdevsw =	{
		    .d_version =	D_VERSION,
		    .d_flags =		D_NEEDMINOR,
		    .d_open =		tunopen,
		    .d_close =		tunclose,
		    .d_read =		tunread,
		    .d_write =		tunwrite,
		    .d_ioctl =		tunioctl,
		    .d_poll =		tunpoll,
		    .d_kqfilter =	tunkqfilter,
		    .d_name =		tunname,
		},
		.clone_match_fn =	tun_clone_match,
		.clone_create_fn =	tun_clone_create,
		.clone_destroy_fn =	tun_clone_destroy,
	},
	{
		.ident_flags =	TUN_L2,
		.cdevsw =	{
		    .d_version =	D_VERSION,
		    .d_flags =		D_NEEDMINOR,
		    .d_open =		tunopen,
		    .d_close =		tunclose,
		    .d_read =		tunread,
		    .d_write =		tunwrite,
		    .d_ioctl =		tunioctl,
		    .d_poll =		tunpoll,
		    .d_kqfilter =	tunkqfilter,
		    .d_name =		tapname,
		},
		.clone_match_fn =	tap_clone_match,
		.clone_create_fn =	tun_clone_create,
		.clone_destroy_fn =	tun_clone_destroy,
	},
	{
		.ident_flags =	TUN_L2 | TUN_VMNET,
		.cdevsw =	{
		    .d_version =	D_VERSION,
		    .d_flags =		D_NEEDMINOR,
		    .d_open =		tunopen,
		    .d_close =		tunclose,
		    .d_read =		tunread,
		    .d_write =		tunwrite,
		    .d_ioctl =		tunioctl,
		    .d_poll =		tunpoll,
		    .d_kqfilter =	tunkqfilter,
		    .d_name =		vmnetname,
		},
		.clone_match_fn =	vmnet_clone_match,
		.clone_create_fn =	tun_clone_create,
		.clone_destroy_fn =	tun_clone_destroy,
	},
};

/* if_tuntap.c:306-315: one if_clone per driver, per vnet. */
struct tuntap_driver_cloner {
	SLIST_ENTRY(tuntap_driver_cloner)	 link;
	struct tuntap_driver			*drv;
	struct if_clone				*cloner;
};

/* VNET_DEFINE_STATIC makes it module data (__moddata) in the module. */
VNET_DEFINE_STATIC(SLIST_HEAD(, tuntap_driver_cloner), tuntap_driver_cloners) =
    SLIST_HEAD_INITIALIZER(tuntap_driver_cloners);

#define	V_tuntap_driver_cloners	VNET(tuntap_driver_cloners)

/*
 * if_tuntap.c:317-322: the busy count lets an operation on the device run
 * without racing tun_destroy, which waits on tun_cv while the tunnel is
 * busy or open.
 */

/*
 * Take a busy reference; EBUSY if the tunnel is already dying.  Needs
 * tun_mtx.  (if_tuntap.c:323-340)
 */
static int
tun_busy_locked(struct tuntap_softc *tp)
{

	TUN_LOCK_ASSERT(tp);
	/* if_tuntap.c:328-336 */
	if ((tp->tun_flags & TUN_DYING) != 0) {
		/*
		 * The device is busy going away: the only EBUSY that makes
		 * sense for a busy count.
		 */
		return (EBUSY);
	}

	/* if_tuntap.c:338-339 */
	++tp->tun_busy;
	return (0);
}

/*
 * Drop a busy reference and wake tun_destroy when it was the last.  Needs
 * tun_mtx.  (if_tuntap.c:342-353)
 */
static void
tun_unbusy_locked(struct tuntap_softc *tp)
{

	TUN_LOCK_ASSERT(tp);
	KASSERT(tp->tun_busy != 0, ("tun_unbusy: called for non-busy tunnel"));

	/* if_tuntap.c:349-352 */
	--tp->tun_busy;
	/* Wake up anything that may be waiting on our busy tunnel. */
	if (tp->tun_busy == 0)
		cv_broadcast(&tp->tun_cv);
}

/* tun_busy_locked() under tun_mtx.  (if_tuntap.c:355-364) */
static int
tun_busy(struct tuntap_softc *tp)
{
	int ret;

	TUN_LOCK(tp);
	ret = tun_busy_locked(tp);
	TUN_UNLOCK(tp);
	return (ret);
}

/* tun_unbusy_locked() under tun_mtx.  (if_tuntap.c:367-374) */
static void
tun_unbusy(struct tuntap_softc *tp)
{

	TUN_LOCK(tp);
	tun_unbusy_locked(tp);
	TUN_UNLOCK(tp);
}

/*
 * Find the driver a device or interface name belongs to: its ident flags,
 * and its unit (-1 for the bare driver name).  ENXIO if no driver matches.
 * Needs the right vnet.  (if_tuntap.c:380-429)
 */
static int
tuntap_name2info(const char *name, int *outunit, int *outflags)
{
	struct tuntap_driver *drv;
	struct tuntap_driver_cloner *drvc;
	char *dname;
	int flags, unit;
	bool found;

	if (name == NULL)
		return (EINVAL);

	/*
	 * if_tuntap.c:392-398: dev_stdclone takes a char * but does not
	 * write through it when namep is NULL.
	 */
	dname = __DECONST(char *, name);
	found = false;

	/* if_tuntap.c:400-419 */
	KASSERT(!SLIST_EMPTY(&V_tuntap_driver_cloners),
	    ("tuntap_driver_cloners failed to initialize"));
	SLIST_FOREACH(drvc, &V_tuntap_driver_cloners, link) {
		KASSERT(drvc->drv != NULL,
		    ("tuntap_driver_cloners entry not properly initialized"));
		drv = drvc->drv;

		if (strcmp(name, drv->cdevsw.d_name) == 0) {
			found = true;
			unit = -1;
			flags = drv->ident_flags;
			break;
		}

		if (dev_stdclone(dname, NULL, drv->cdevsw.d_name, &unit) == 1) {
			found = true;
			flags = drv->ident_flags;
			break;
		}
	}

	/* if_tuntap.c:421-428 */
	if (!found)
		return (ENXIO);

	if (outunit != NULL)
		*outunit = unit;
	if (outflags != NULL)
		*outflags = flags;
	return (0);
}

/*
 * The driver whose ident flags match the identifying bits of tun_flags, or
 * NULL.  Needs the right vnet.  (if_tuntap.c:436-453)
 */
static struct tuntap_driver *
tuntap_driver_from_flags(int tun_flags)
{
	struct tuntap_driver *drv;
	struct tuntap_driver_cloner *drvc;

	KASSERT(!SLIST_EMPTY(&V_tuntap_driver_cloners),
	    ("tuntap_driver_cloners failed to initialize"));
	SLIST_FOREACH(drvc, &V_tuntap_driver_cloners, link) {
		KASSERT(drvc->drv != NULL,
		    ("tuntap_driver_cloners entry not properly initialized"));
		drv = drvc->drv;
		if ((tun_flags & TUN_DRIVER_IDENT_MASK) == drv->ident_flags)
			return (drv);
	}

	return (NULL);
}

/* if_clone match for tun: a driver without TUN_L2.  (if_tuntap.c:457-468) */
static int
tun_clone_match(struct if_clone *ifc, const char *name)
{
	int tunflags;

	if (tuntap_name2info(name, NULL, &tunflags) == 0) {
		if ((tunflags & TUN_L2) == 0)
			return (1);
	}

	return (0);
}

/* if_clone match for tap: TUN_L2 without TUN_VMNET.  (if_tuntap.c:470-481) */
static int
tap_clone_match(struct if_clone *ifc, const char *name)
{
	int tunflags;

	if (tuntap_name2info(name, NULL, &tunflags) == 0) {
		if ((tunflags & (TUN_L2 | TUN_VMNET)) == TUN_L2)
			return (1);
	}

	return (0);
}

/* if_clone match for vmnet: TUN_VMNET set.  (if_tuntap.c:483-494) */
static int
vmnet_clone_match(struct if_clone *ifc, const char *name)
{
	int tunflags;

	if (tuntap_name2info(name, NULL, &tunflags) == 0) {
		if ((tunflags & TUN_VMNET) != 0)
			return (1);
	}

	return (0);
}

/*
 * if_clone create for all three drivers: reserve the unit (the named one,
 * EEXIST if taken, or the lowest free), find or make its cdev and create
 * the softc and interface.  Writes the final name back into `name`.
 * (if_tuntap.c:496-534)
 */
static int
tun_clone_create(struct if_clone *ifc, char *name, size_t len, caddr_t params)
{
	struct tuntap_driver *drv;
	struct cdev *dev;
	int err, i, tunflags, unit;

	/* if_tuntap.c:503-511 */
	tunflags = 0;
	/* The name here tells us exactly what we're creating */
	err = tuntap_name2info(name, &unit, &tunflags);
	if (err != 0)
		return (err);

	drv = tuntap_driver_from_flags(tunflags);
	if (drv == NULL)
		return (ENXIO);

	/* if_tuntap.c:513-519 */
	if (unit != -1) {
		/* If this unit number is still available that's okay. */
		if (alloc_unr_specific(drv->unrhdr, unit) == -1)
			return (EEXIST);
	} else {
		unit = alloc_unr(drv->unrhdr);
	}

	/* if_tuntap.c:521 */
	snprintf(name, IFNAMSIZ, "%s%d", drv->cdevsw.d_name, unit);

	/* if_tuntap.c:523-529: find any existing device, or make one. */
	i = clone_create(&drv->clones, &drv->cdevsw, &unit, &dev, 0);
	if (i) {
		/* No preexisting struct cdev *, create one */
		dev = make_dev(&drv->cdevsw, unit, UID_UUCP, GID_DIALER, 0600,
		    "%s%d", drv->cdevsw.d_name, unit);
	}

	/* if_tuntap.c:531-533 */
	tuncreate(dev, drv);

	return (0);
}

/*
 * dev_clone event handler (devfs lookup miss): for a tun/tap/vmnet name
 * the caller may clone, make the cdev (referenced, as the event requires)
 * and create the interface through if_clone_create.  (if_tuntap.c:536-596)
 */
static void
tunclone(void *arg, struct ucred *cred, char *name, int namelen,
    struct cdev **dev)
{
	char devname[SPECNAMELEN + 1];
	struct tuntap_driver *drv;
	int append_unit, i, u, tunflags;
	bool mayclone;

	/* if_tuntap.c:545-554 */
	if (*dev != NULL)
		return;

	tunflags = 0;
	CURVNET_SET(CRED_TO_VNET(cred));
	if (tuntap_name2info(name, &u, &tunflags) != 0)
		goto out;	/* Not recognized */

	if (u != -1 && u > IF_MAXUNIT)
		goto out;	/* Unit number too high */

	/* if_tuntap.c:556-569: who may clone. */
	mayclone = priv_check_cred(cred, PRIV_NET_IFCREATE) == 0;
	if ((tunflags & TUN_L2) != 0) {
		/* tap/vmnet allow user open with a sysctl */
		mayclone = (mayclone || tap_allow_uopen) && tapdclone;
	} else {
		mayclone = mayclone && tundclone;
	}

	/*
	 * If tun cloning is enabled, only the superuser can create an
	 * interface.
	 */
	if (!mayclone)
		goto out;

	/* if_tuntap.c:571-578 */
	if (u == -1)
		append_unit = 1;
	else
		append_unit = 0;

	drv = tuntap_driver_from_flags(tunflags);
	if (drv == NULL)
		goto out;

	/* if_tuntap.c:580-591: find any existing device, or make one. */
	i = clone_create(&drv->clones, &drv->cdevsw, &u, dev, 0);
	if (i) {
		if (append_unit) {
			namelen = snprintf(devname, sizeof(devname), "%s%d",
			    name, u);
			name = devname;
		}
		/* No preexisting struct cdev *, create one */
		*dev = make_dev_credf(MAKEDEV_REF, &drv->cdevsw, u, cred,
		    UID_UUCP, GID_DIALER, 0600, "%s", name);
	}

	/* if_tuntap.c:593-595 */
	if_clone_create(name, namelen, NULL);
out:
	CURVNET_RESTORE();
}

/*
 * Tear a tunnel down: mark it dying, wait until nobody holds it busy, then
 * destroy its cdev (and alias), detach and free the interface, release the
 * unit and free the softc.  Called without locks; sleeps.
 * (if_tuntap.c:598-631)
 */
static void
tun_destroy(struct tuntap_softc *tp)
{

	/* if_tuntap.c:602-607 */
	TUN_LOCK(tp);
	tp->tun_flags |= TUN_DYING;
	if (tp->tun_busy != 0)
		cv_wait_unlock(&tp->tun_cv, &tp->tun_mtx);
	else
		TUN_UNLOCK(tp);

	/* if_tuntap.c:609: tun_ifp read without tun_mtx. */
	SIM_READ(tp, "tun_ifp");
	CURVNET_SET(TUN2IFP(tp)->if_vnet);

	/* if_tuntap.c:611-615: destroy_dev will take care of any alias. */
	SIM_READ(tp, "tun_dev");
	destroy_dev(tp->tun_dev);
	seldrain(&tp->tun_rsel);
	knlist_clear(&tp->tun_rsel.si_note, 0);
	knlist_destroy(&tp->tun_rsel.si_note);
	/* if_tuntap.c:616-621: tun_flags read without tun_mtx. */
	SIM_READ(tp, "tun_flags");
	if ((tp->tun_flags & TUN_L2) != 0) {
		ether_ifdetach(TUN2IFP(tp));
	} else {
		bpfdetach(TUN2IFP(tp));
		if_detach(TUN2IFP(tp));
	}
	/* if_tuntap.c:622-624 */
	sx_xlock(&tun_ioctl_sx);
	TUN2IFP(tp)->if_softc = NULL;
	sx_xunlock(&tun_ioctl_sx);
	/* if_tuntap.c:625-630 */
	SIM_READ(tp, "tun_drv");
	free_unr(tp->tun_drv->unrhdr, TUN2IFP(tp)->if_dunit);
	if_free(TUN2IFP(tp));
	mtx_destroy(&tp->tun_mtx);
	cv_destroy(&tp->tun_cv);
	free(tp, M_TUN);
	CURVNET_RESTORE();
}

/*
 * if_clone destroy: unlink the softc from tunhead and destroy it.  Runs
 * without locks (if_clone_destroyif).  (if_tuntap.c:633-644)
 */
static int
tun_clone_destroy(struct if_clone *ifc __unused, struct ifnet *ifp)
{
	struct tuntap_softc *tp;

	/* if_tuntap.c:636: if_softc read without tun_ioctl_sx. */
	SIM_READ(ifp, "if_softc");
	tp = ifp->if_softc;

	/* if_tuntap.c:638-643 */
	mtx_lock(&tunmtx);
	TAILQ_REMOVE(&tunhead, tp, tun_list);
	mtx_unlock(&tunmtx);
	tun_destroy(tp);

	return (0);
}

/*
 * Attach one if_clone per driver in this vnet.  (if_tuntap.c:646-663)
 */
static void
vnet_tun_init(const void *unused __unused)
{
	struct tuntap_driver *drv;
	struct tuntap_driver_cloner *drvc;
	int i;

	for (i = 0; i < (int)nitems(tuntap_drivers); ++i) {
		drv = &tuntap_drivers[i];
		drvc = malloc(sizeof(*drvc), M_TUN, M_WAITOK | M_ZERO);

		drvc->drv = drv;
		drvc->cloner = if_clone_advanced(drv->cdevsw.d_name, 0,
		    drv->clone_match_fn, drv->clone_create_fn,
		    drv->clone_destroy_fn);
		SLIST_INSERT_HEAD(&V_tuntap_driver_cloners, drvc, link);
	};
}
/* if_tuntap.c:664-665 */
VNET_SYSINIT(vnet_tun_init, SI_SUB_PROTO_IF, SI_ORDER_ANY,
		vnet_tun_init, NULL);

/*
 * Detach the cloners of this vnet (if_clone_detach destroys their
 * interfaces).  (if_tuntap.c:667-679)
 */
static void
vnet_tun_uninit(const void *unused __unused)
{
	struct tuntap_driver_cloner *drvc;

	while (!SLIST_EMPTY(&V_tuntap_driver_cloners)) {
		drvc = SLIST_FIRST(&V_tuntap_driver_cloners);
		SLIST_REMOVE_HEAD(&V_tuntap_driver_cloners, link);

		if_clone_detach(drvc->cloner);
		free(drvc, M_TUN);
	}
}
/* if_tuntap.c:680-681 */
VNET_SYSUNINIT(vnet_tun_uninit, SI_SUB_PROTO_IF, SI_ORDER_ANY,
    vnet_tun_uninit, NULL);

/*
 * Module unload: stop the event handlers, wait for in-flight dev_clone
 * handlers, destroy every remaining tunnel, then the unit allocators, the
 * clone lists and tunmtx.  (if_tuntap.c:683-708)
 */
static void
tun_uninit(const void *unused __unused)
{
	struct tuntap_driver *drv;
	struct tuntap_softc *tp;
	int i;

	/* if_tuntap.c:690-692 */
	EVENTHANDLER_DEREGISTER(ifnet_arrival_event, arrival_tag);
	EVENTHANDLER_DEREGISTER(dev_clone, clone_tag);
	drain_dev_clone_events();

	/* if_tuntap.c:694-701 */
	mtx_lock(&tunmtx);
	while ((tp = TAILQ_FIRST(&tunhead)) != NULL) {
		TAILQ_REMOVE(&tunhead, tp, tun_list);
		mtx_unlock(&tunmtx);
		tun_destroy(tp);
		mtx_lock(&tunmtx);
	}
	mtx_unlock(&tunmtx);
	/* if_tuntap.c:702-707 */
	for (i = 0; i < (int)nitems(tuntap_drivers); ++i) {
		drv = &tuntap_drivers[i];
		delete_unrhdr(drv->unrhdr);
		clone_cleanup(&drv->clones);
	}
	mtx_destroy(&tunmtx);
}
/* if_tuntap.c:709 */
SYSUNINIT(tun_uninit, SI_SUB_PROTO_IF, SI_ORDER_ANY, tun_uninit, NULL);

/*
 * The driver an interface belongs to, by its driver name, or NULL.
 * (if_tuntap.c:711-727)
 */
static struct tuntap_driver *
tuntap_driver_from_ifnet(const struct ifnet *ifp)
{
	struct tuntap_driver *drv;
	int i;

	if (ifp == NULL)
		return (NULL);

	for (i = 0; i < (int)nitems(tuntap_drivers); ++i) {
		drv = &tuntap_drivers[i];
		if (strcmp(ifp->if_dname, drv->cdevsw.d_name) == 0)
			return (drv);
	}

	return (NULL);
}

/*
 * Module event handler: MOD_LOAD sets up tunmtx, the clone lists and unit
 * allocators and registers tunrename and tunclone; MOD_UNLOAD does nothing
 * (tun_uninit runs as a SYSUNINIT).  (if_tuntap.c:729-758)
 */
static int
tuntapmodevent(module_t mod, int type, void *data)
{
	struct tuntap_driver *drv;
	int i;

	switch (type) {
	case MOD_LOAD:
		/* if_tuntap.c:737-750 */
		mtx_init(&tunmtx, "tunmtx", NULL, MTX_DEF);
		for (i = 0; i < (int)nitems(tuntap_drivers); ++i) {
			drv = &tuntap_drivers[i];
			clone_setup(&drv->clones);
			drv->unrhdr = new_unrhdr(0, IF_MAXUNIT, &tunmtx);
		}
		arrival_tag = EVENTHANDLER_REGISTER(ifnet_arrival_event,
		   tunrename, 0, 1000);
		if (arrival_tag == NULL)
			return (ENOMEM);
		clone_tag = EVENTHANDLER_REGISTER(dev_clone, tunclone, 0, 1000);
		if (clone_tag == NULL)
			return (ENOMEM);
		break;
	case MOD_UNLOAD:
		/* See tun_uninit, so it's done after the vnet_sysuninit() */
		break;
	default:
		return EOPNOTSUPP;
	}
	return 0;
}

/* if_tuntap.c:760-769 */
static moduledata_t tuntap_mod = {
	"if_tuntap",
	tuntapmodevent,
	0
};

DECLARE_MODULE(if_tuntap, tuntap_mod, SI_SUB_PSEUDO, SI_ORDER_ANY);
MODULE_VERSION(if_tuntap, 1);
MODULE_VERSION(if_tun, 1);
MODULE_VERSION(if_tap, 1);

/*
 * if_start of tun: a packet was queued; wake a sleeping reader, select,
 * kqueue and SIGIO.  (if_tuntap.c:771-800)
 */
static void
tunstart(struct ifnet *ifp)
{
	struct tuntap_softc *tp;
	struct mbuf *m;

	/* if_tuntap.c:774: if_softc read without tun_ioctl_sx. */
	SIM_READ(ifp, "if_softc");
	tp = ifp->if_softc;

	/* if_tuntap.c:777-786 */
	TUNDEBUG(ifp, "starting\n");
	if (ALTQ_IS_ENABLED(&ifp->if_snd)) {
		IFQ_LOCK(&ifp->if_snd);
		IFQ_POLL_NOLOCK(&ifp->if_snd, m);
		if (m == NULL) {
			IFQ_UNLOCK(&ifp->if_snd);
			return;
		}
		IFQ_UNLOCK(&ifp->if_snd);
	}

	/* if_tuntap.c:788-799 */
	TUN_LOCK(tp);
	if (tp->tun_flags & TUN_RWAIT) {
		tp->tun_flags &= ~TUN_RWAIT;
		wakeup(tp);
	}
	selwakeuppri(&tp->tun_rsel, PZERO + 1);
	KNOTE_LOCKED(&tp->tun_rsel.si_note, 0);
	if (tp->tun_flags & TUN_ASYNC && tp->tun_sigio) {
		TUN_UNLOCK(tp);
		pgsigio(&tp->tun_sigio, SIGIO, 0);
	} else
		TUN_UNLOCK(tp);
}

/*
 * if_start of tap/vmnet: queue packets from higher level ready to put out;
 * junk them when tap is not ready (vmnet keeps them).
 * (if_tuntap.c:807-861)
 */
static void
tunstart_l2(struct ifnet *ifp)
{
	struct tuntap_softc	*tp;

	/* if_tuntap.c:810: if_softc read without tun_ioctl_sx. */
	SIM_READ(ifp, "if_softc");
	tp = ifp->if_softc;

	TUNDEBUG(ifp, "starting\n");

	/*
	 * if_tuntap.c:814-838: do not junk pending output if we are in VMnet
	 * mode.  XXX: can this do any harm because of queue overflow?
	 */
	TUN_LOCK(tp);
	if (((tp->tun_flags & TUN_VMNET) == 0) &&
	    ((tp->tun_flags & TUN_READY) != TUN_READY)) {
		struct mbuf *m;

		/* Unlocked read (upstream's comment; tun_mtx is held). */
		TUNDEBUG(ifp, "not ready, tun_flags = 0x%x\n", tp->tun_flags);

		for (;;) {
			IF_DEQUEUE(&ifp->if_snd, m);
			if (m != NULL) {
				m_freem(m);
				if_inc_counter(ifp, IFCOUNTER_OERRORS, 1);
			} else
				break;
		}
		TUN_UNLOCK(tp);

		return;
	}

	/* if_tuntap.c:840-857 */
	ifp->if_drv_flags |= IFF_DRV_OACTIVE;

	if (!IFQ_IS_EMPTY(&ifp->if_snd)) {
		if (tp->tun_flags & TUN_RWAIT) {
			tp->tun_flags &= ~TUN_RWAIT;
			wakeup(tp);
		}

		if ((tp->tun_flags & TUN_ASYNC) && (tp->tun_sigio != NULL)) {
			TUN_UNLOCK(tp);
			pgsigio(&tp->tun_sigio, SIGIO, 0);
			TUN_LOCK(tp);
		}

		selwakeuppri(&tp->tun_rsel, PZERO+1);
		KNOTE_LOCKED(&tp->tun_rsel.si_note, 0);
		/* obytes are counted in ether_output */
		if_inc_counter(ifp, IFCOUNTER_OPACKETS, 1);
	}

	/* if_tuntap.c:859-860 */
	ifp->if_drv_flags &= ~IFF_DRV_OACTIVE;
	TUN_UNLOCK(tp);
} /* tunstart_l2 */

/*
 * Create the softc and interface of a cdev and publish the softc in
 * dev->si_drv1.  XXX (upstream): should return an error code so it can
 * fail.  (if_tuntap.c:865-931)
 */
static void
tuncreate(struct cdev *dev, struct tuntap_driver *drv)
{
	struct tuntap_softc *sc;
	struct ifnet *ifp;
	struct ether_addr eaddr;
	int iflags;
	u_char type;

	/* if_tuntap.c:874-882 */
	sc = malloc(sizeof(*sc), M_TUN, M_WAITOK | M_ZERO);
	mtx_init(&sc->tun_mtx, "tun_mtx", NULL, MTX_DEF);
	cv_init(&sc->tun_cv, "tun_condvar");
	sc->tun_flags = drv->ident_flags;
	sc->tun_dev = dev;
	sc->tun_drv = drv;
	mtx_lock(&tunmtx);
	TAILQ_INSERT_TAIL(&tunhead, sc, tun_list);
	mtx_unlock(&tunmtx);

	/* if_tuntap.c:884-891 */
	iflags = IFF_MULTICAST;
	if ((sc->tun_flags & TUN_L2) != 0) {
		type = IFT_ETHER;
		iflags |= IFF_BROADCAST | IFF_SIMPLEX;
	} else {
		type = IFT_PPP;
		iflags |= IFF_POINTOPOINT;
	}
	/* if_tuntap.c:892-903 */
	ifp = sc->tun_ifp = if_alloc(type);
	if (ifp == NULL)
		panic("%s%d: failed to if_alloc() interface.\n",
		    drv->cdevsw.d_name, dev2unit(dev));
	ifp->if_softc = sc;
	if_initname(ifp, drv->cdevsw.d_name, dev2unit(dev));
	ifp->if_ioctl = tunifioctl;
	ifp->if_flags = iflags;
	IFQ_SET_MAXLEN(&ifp->if_snd, ifqmaxlen);
	knlist_init_mtx(&sc->tun_rsel.si_note, &sc->tun_mtx);
	ifp->if_capabilities |= IFCAP_LINKSTATE;
	ifp->if_capenable |= IFCAP_LINKSTATE;

	/* if_tuntap.c:905-922 */
	if ((sc->tun_flags & TUN_L2) != 0) {
		ifp->if_mtu = ETHERMTU;
		ifp->if_init = tunifinit;
		ifp->if_start = tunstart_l2;

		ether_gen_addr(ifp, &eaddr);
		ether_ifattach(ifp, eaddr.octet);
	} else {
		ifp->if_mtu = TUNMTU;
		ifp->if_start = tunstart;
		ifp->if_output = tunoutput;

		ifp->if_snd.ifq_drv_maxlen = 0;
		IFQ_SET_READY(&ifp->if_snd);

		if_attach(ifp);
		bpfattach(ifp, DLT_NULL, sizeof(u_int32_t));
	}
	/* if_tuntap.c:923: the set half of tunopen's XXXRW test-and-set. */
	SIM_WRITE(dev, "si_drv1");
	dev->si_drv1 = sc;

	/* if_tuntap.c:925-930 */
	TUN_LOCK(sc);
	sc->tun_flags |= TUN_INITED;
	TUN_UNLOCK(sc);

	TUNDEBUG(ifp, "interface %s is created, minor = %#x\n",
	    ifp->if_xname, dev2unit(dev));
}

/*
 * ifnet_arrival_event handler: after a rename, replace the cdev alias
 * with one named like the interface (none when the name is the cdev's).
 * tun_alias is handled without tun_mtx, under a busy reference only.
 * (if_tuntap.c:933-982)
 */
static void
tunrename(void *arg __unused, struct ifnet *ifp)
{
	struct tuntap_softc *tp;
	int error;

	/* if_tuntap.c:939-943: if_flags read without a lock. */
	SIM_READ(ifp, "if_flags");
	if ((ifp->if_flags & IFF_RENAMING) == 0)
		return;

	if (tuntap_driver_from_ifnet(ifp) == NULL)
		return;

	/*
	 * if_tuntap.c:945-962: hold the ioctl sx long enough to see the
	 * softc is still there, then busy it (which fails if it is dying);
	 * the busy count keeps it alive until the alias is made.
	 */
	sx_xlock(&tun_ioctl_sx);
	tp = ifp->if_softc;
	if (tp == NULL) {
		sx_xunlock(&tun_ioctl_sx);
		return;
	}
	error = tun_busy(tp);
	sx_xunlock(&tun_ioctl_sx);
	if (error != 0)
		return;
	/* if_tuntap.c:963-966: tun_alias read and written unlocked. */
	SIM_READ(tp, "tun_alias");
	if (tp->tun_alias != NULL) {
		destroy_dev(tp->tun_alias);
		SIM_WRITE(tp, "tun_alias");
		tp->tun_alias = NULL;
	}

	/* if_tuntap.c:968-969: if_xname read without a lock. */
	SIM_READ(ifp, "if_xname");
	if (strcmp(ifp->if_xname, tp->tun_dev->si_name) == 0)
		goto out;

	/*
	 * if_tuntap.c:971-979: aliases are best effort; make_dev_alias_p
	 * leaves tun_alias alone on failure, so its error is ignored.
	 */
	SIM_WRITE(tp, "tun_alias");
	make_dev_alias_p(MAKEDEV_CHECKNAME, &tp->tun_alias, tp->tun_dev, "%s",
	    ifp->if_xname);
out:
	/* if_tuntap.c:980-981 */
	tun_unbusy(tp);
}

/*
 * d_open: create the tunnel on first open of a cloned cdev (the XXXRW
 * unsynchronised test-and-set of si_drv1), then take it exclusively:
 * EBUSY if open or dying; tap/vmnet need PRIV_NET_TAP unless user_open.
 * (if_tuntap.c:984-1056)
 */
static int
tunopen(struct cdev *dev, int flag, int mode, struct thread *td)
{
	struct ifnet	*ifp;
	struct tuntap_driver *drv;
	struct tuntap_softc *tp;
	int error, tunflags;

	/* if_tuntap.c:992-998 */
	tunflags = 0;
	CURVNET_SET(TD_TO_VNET(td));
	error = tuntap_name2info(dev->si_name, NULL, &tunflags);
	if (error != 0) {
		CURVNET_RESTORE();
		return (error);	/* Shouldn't happen */
	}

	/* if_tuntap.c:1000-1009 */
	if ((tunflags & TUN_L2) != 0) {
		/* Restrict? */
		if (tap_allow_uopen == 0) {
			error = priv_check(td, PRIV_NET_TAP);
			if (error != 0) {
				CURVNET_RESTORE();
				return (error);
			}
		}
	}

	/*
	 * if_tuntap.c:1011-1024.  XXXRW: Non-atomic test and set of
	 * dev->si_drv1 requires synchronization.
	 */
	SIM_READ(dev, "si_drv1");
	tp = dev->si_drv1;
	if (!tp) {
		drv = tuntap_driver_from_flags(tunflags);
		if (drv == NULL) {
			CURVNET_RESTORE();
			return (ENXIO);
		}
		tuncreate(dev, drv);
		SIM_READ(dev, "si_drv1");
		tp = dev->si_drv1;
	}

	/* if_tuntap.c:1026-1035 */
	TUN_LOCK(tp);
	if ((tp->tun_flags & (TUN_OPEN | TUN_DYING)) != 0) {
		TUN_UNLOCK(tp);
		CURVNET_RESTORE();
		return (EBUSY);
	}

	error = tun_busy_locked(tp);
	KASSERT(error == 0, ("Must be able to busy an unopen tunnel"));
	ifp = TUN2IFP(tp);

	/* if_tuntap.c:1037-1046 */
	if ((tp->tun_flags & TUN_L2) != 0) {
		bcopy(IF_LLADDR(ifp), tp->tun_ether.octet,
		    sizeof(tp->tun_ether.octet));

		ifp->if_drv_flags |= IFF_DRV_RUNNING;
		ifp->if_drv_flags &= ~IFF_DRV_OACTIVE;

		if (tapuponopen) {
			/* if_flags is ifnet state, not under tun_mtx. */
			SIM_WRITE(ifp, "if_flags");
			ifp->if_flags |= IFF_UP;
		}
	}

	/* if_tuntap.c:1048-1055 */
	tp->tun_pid = td->td_proc->p_pid;
	tp->tun_flags |= TUN_OPEN;

	if_link_state_change(ifp, LINK_STATE_UP);
	TUNDEBUG(ifp, "open\n");
	TUN_UNLOCK(tp);
	CURVNET_RESTORE();
	return (0);
}

/*
 * d_close (last close only): junk pending output; unless vmnet or tap with
 * IFF_LINK0, bring the interface down and delete its addresses and routes;
 * link down; drop SIGIO ownership and the open state and its busy
 * reference.  A last closer other than tun_pid is only logged.
 * (if_tuntap.c:1062-1147)
 */
static	int
tunclose(struct cdev *dev, int foo, int bar, struct thread *td)
{
	struct proc *p;
	struct tuntap_softc *tp;
	struct ifnet *ifp;
	bool l2tun;

	/* if_tuntap.c:1070-1074: si_drv1 and tun_ifp read unlocked. */
	p = td->td_proc;
	SIM_READ(dev, "si_drv1");
	tp = dev->si_drv1;
	SIM_READ(tp, "tun_ifp");
	ifp = TUN2IFP(tp);

	TUN_LOCK(tp);

	/*
	 * if_tuntap.c:1076-1088: closed out of order, the last closer is not
	 * the controller; good to know, but not refused.
	 */
	if (p->p_pid != tp->tun_pid) {
		log(LOG_INFO,
		    "pid %d (%s), %s: tun/tap protocol violation, non-controlling process closed last.\n",
		    p->p_pid, p->p_comm, dev->si_name);
	}

	/* if_tuntap.c:1090-1101: junk all pending output. */
	CURVNET_SET(ifp->if_vnet);

	l2tun = false;
	if ((tp->tun_flags & TUN_L2) != 0) {
		l2tun = true;
		IF_DRAIN(&ifp->if_snd);
	} else {
		IFQ_PURGE(&ifp->if_snd);
	}

	/*
	 * if_tuntap.c:1103-1106: for vmnet, we won't do most of the
	 * address/route bits.  if_flags is ifnet state, not under tun_mtx.
	 */
	SIM_READ(ifp, "if_flags");
	if ((tp->tun_flags & TUN_VMNET) != 0 ||
	    (l2tun && (ifp->if_flags & IFF_LINK0) != 0))
		goto out;

	/* if_tuntap.c:1108-1112 */
	SIM_READ(ifp, "if_flags");
	if (ifp->if_flags & IFF_UP) {
		TUN_UNLOCK(tp);
		if_down(ifp);
		TUN_LOCK(tp);
	}

	/*
	 * if_tuntap.c:1114-1131: delete all addresses and routes which
	 * reference this interface; the address list and tun_flags are read
	 * without locks.
	 */
	if (ifp->if_drv_flags & IFF_DRV_RUNNING) {
		struct ifaddr *ifa;

		ifp->if_drv_flags &= ~IFF_DRV_RUNNING;
		TUN_UNLOCK(tp);
		SIM_READ(ifp, "if_addrhead");
		CK_STAILQ_FOREACH(ifa, &ifp->if_addrhead, ifa_link) {
			/* deal w/IPv4 PtP destination; unlocked read */
			if (!l2tun && ifa->ifa_addr->sa_family == AF_INET) {
				SIM_READ(tp, "tun_flags");
				rtinit(ifa, (int)RTM_DELETE,
				    tp->tun_flags & TUN_DSTADDR ? RTF_HOST : 0);
			} else {
				rtinit(ifa, (int)RTM_DELETE, 0);
			}
		}
		if_purgeaddrs(ifp);
		TUN_LOCK(tp);
	}

out:
	/* if_tuntap.c:1133-1146 */
	if_link_state_change(ifp, LINK_STATE_DOWN);
	CURVNET_RESTORE();

	funsetown(&tp->tun_sigio);
	selwakeuppri(&tp->tun_rsel, PZERO + 1);
	KNOTE_LOCKED(&tp->tun_rsel.si_note, 0);
	TUNDEBUG (ifp, "closed\n");
	tp->tun_flags &= ~TUN_OPEN;
	tp->tun_pid = 0;

	tun_unbusy_locked(tp);
	TUN_UNLOCK(tp);
	return (0);
}

/*
 * Mark the interface running; tun: bring it up and note whether an IPv4
 * address and destination are set; tap: start output.
 * (if_tuntap.c:1149-1190)
 */
static void
tuninit(struct ifnet *ifp)
{
	struct tuntap_softc *tp = ifp->if_softc;
#ifdef INET
	struct epoch_tracker et;
	struct ifaddr *ifa;
#endif

	TUNDEBUG(ifp, "tuninit\n");

	/* if_tuntap.c:1160-1164 */
	TUN_LOCK(tp);
	ifp->if_drv_flags |= IFF_DRV_RUNNING;
	if ((tp->tun_flags & TUN_L2) == 0) {
		/* if_flags is ifnet state, not under tun_mtx. */
		SIM_WRITE(ifp, "if_flags");
		ifp->if_flags |= IFF_UP;
		getmicrotime(&ifp->if_lastchange);
#ifdef INET
		/* if_tuntap.c:1165-1181 */
		NET_EPOCH_ENTER(et);
		CK_STAILQ_FOREACH(ifa, &ifp->if_addrhead, ifa_link) {
			if (ifa->ifa_addr->sa_family == AF_INET) {
				struct sockaddr_in *si;

				si = (struct sockaddr_in *)ifa->ifa_addr;
				if (si->sin_addr.s_addr)
					tp->tun_flags |= TUN_IASET;

				si = (struct sockaddr_in *)ifa->ifa_dstaddr;
				if (si && si->sin_addr.s_addr)
					tp->tun_flags |= TUN_DSTADDR;
			}
		}
		NET_EPOCH_EXIT(et);
#endif
		TUN_UNLOCK(tp);
	} else {
		/* if_tuntap.c:1183-1188 */
		ifp->if_drv_flags &= ~IFF_DRV_OACTIVE;
		TUN_UNLOCK(tp);
		/* attempt to start output */
		tunstart_l2(ifp);
	}

}

/* if_init of tap/vmnet (l2 only).  (if_tuntap.c:1195-1202) */
static void
tunifinit(void *xtp)
{
	struct tuntap_softc *tp;

	tp = (struct tuntap_softc *)xtp;
	tuninit(tp->tun_ifp);
}

/*
 * if_ioctl: under tun_ioctl_sx, so the softc cannot vanish; ENXIO once
 * tun_destroy cleared if_softc.  (if_tuntap.c:1207-1281)
 */
static int
tunifioctl(struct ifnet *ifp, u_long cmd, caddr_t data)
{
	struct ifreq *ifr = (struct ifreq *)data;
	struct tuntap_softc *tp;
	struct ifstat *ifs;
	struct ifmediareq	*ifmr;
	int		dummy, error = 0;
	bool		l2tun;

	/* if_tuntap.c:1217-1224 */
	ifmr = NULL;
	sx_xlock(&tun_ioctl_sx);
	tp = ifp->if_softc;
	if (tp == NULL) {
		error = ENXIO;
		goto bad;
	}
	SIM_READ(tp, "tun_flags");
	l2tun = (tp->tun_flags & TUN_L2) != 0;
	switch(cmd) {
	case SIOCGIFSTATUS:
		/* if_tuntap.c:1226-1235 */
		ifs = (struct ifstat *)data;
		TUN_LOCK(tp);
		if (tp->tun_pid)
			snprintf(ifs->ascii, sizeof(ifs->ascii),
			    "\tOpened by PID %d\n", tp->tun_pid);
		else
			ifs->ascii[0] = '\0';
		TUN_UNLOCK(tp);
		break;
	case SIOCSIFADDR:
		/* if_tuntap.c:1236-1243 */
		if (l2tun)
			error = ether_ioctl(ifp, cmd, data);
		else
			tuninit(ifp);
		if (error == 0)
		    TUNDEBUG(ifp, "address set\n");
		break;
	case SIOCSIFMTU:
		/* if_tuntap.c:1244-1247: if_mtu written without a lock. */
		SIM_WRITE(ifp, "if_mtu");
		ifp->if_mtu = ifr->ifr_mtu;
		TUNDEBUG(ifp, "mtu set\n");
		break;
	case SIOCSIFFLAGS:
	case SIOCADDMULTI:
	case SIOCDELMULTI:
		/* if_tuntap.c:1248-1251 */
		break;
	case SIOCGIFMEDIA:
		/* if_tuntap.c:1252-1270 */
		if (!l2tun) {
			error = EINVAL;
			break;
		}

		ifmr = (struct ifmediareq *)data;
		dummy = ifmr->ifm_count;
		ifmr->ifm_count = 1;
		ifmr->ifm_status = IFM_AVALID;
		ifmr->ifm_active = IFM_ETHER;
		SIM_READ(tp, "tun_flags");
		if (tp->tun_flags & TUN_OPEN)
			ifmr->ifm_status |= IFM_ACTIVE;
		ifmr->ifm_current = ifmr->ifm_active;
		if (dummy >= 1) {
			int media = IFM_ETHER;
			error = copyout(&media, ifmr->ifm_ulist, sizeof(int));
		}
		break;
	default:
		/* if_tuntap.c:1271-1276 */
		if (l2tun) {
			error = ether_ioctl(ifp, cmd, data);
		} else {
			error = EINVAL;
		}
	}
bad:
	/* if_tuntap.c:1278-1280 */
	sx_xunlock(&tun_ioctl_sx);
	return (error);
}

/*
 * if_output of tun: EHOSTDOWN unless ready and up; frame the packet as
 * TUNSLMODE/TUNSIFHEAD say (EAFNOSUPPORT for a non-IPv4 packet without
 * TUNSIFHEAD), queue it and start.  (if_tuntap.c:1286-1370)
 */
static int
tunoutput(struct ifnet *ifp, struct mbuf *m0, const struct sockaddr *dst,
    struct route *ro)
{
	struct tuntap_softc *tp;
	u_short cached_tun_flags;
	int error;
	u_int32_t af;

	/* if_tuntap.c:1290: if_softc read without tun_ioctl_sx. */
	SIM_READ(ifp, "if_softc");
	tp = ifp->if_softc;

	TUNDEBUG (ifp, "tunoutput\n");

	/* if_tuntap.c:1297-1303: MAC check, not compiled. */

	/* if_tuntap.c:1305-1313: Could be unlocked read? */
	TUN_LOCK(tp);
	cached_tun_flags = tp->tun_flags;
	TUN_UNLOCK(tp);
	if ((cached_tun_flags & TUN_READY) != TUN_READY) {
		TUNDEBUG (ifp, "not ready 0%o\n",
		    (SIM_READ(tp, "tun_flags"), tp->tun_flags));
		m_freem (m0);
		return (EHOSTDOWN);
	}

	/* if_tuntap.c:1315-1318: if_flags read without a lock. */
	SIM_READ(ifp, "if_flags");
	if ((ifp->if_flags & IFF_UP) != IFF_UP) {
		m_freem (m0);
		return (EHOSTDOWN);
	}

	/* if_tuntap.c:1320-1327: BPF writes need to be handled specially. */
	if (dst->sa_family == AF_UNSPEC)
		bcopy(dst->sa_data, &af, sizeof(af));
	else
		af = dst->sa_family;

	if (bpf_peers_present(ifp->if_bpf))
		bpf_mtap2(ifp->if_bpf, &af, sizeof(af), m0);

	/*
	 * if_tuntap.c:1329-1342: prepend sockaddr? this may abort if the
	 * mbuf allocation fails.
	 */
	if (cached_tun_flags & TUN_LMODE) {
		/* allocate space for sockaddr */
		M_PREPEND(m0, dst->sa_len, M_NOWAIT);

		/* if allocation failed drop packet */
		if (m0 == NULL) {
			if_inc_counter(ifp, IFCOUNTER_IQDROPS, 1);
			if_inc_counter(ifp, IFCOUNTER_OERRORS, 1);
			return (ENOBUFS);
		} else {
			bcopy(dst, m0->m_data, dst->sa_len);
		}
	}

	/* if_tuntap.c:1344-1363 */
	if (cached_tun_flags & TUN_IFHEAD) {
		/* Prepend the address family */
		M_PREPEND(m0, 4, M_NOWAIT);

		/* if allocation failed drop packet */
		if (m0 == NULL) {
			if_inc_counter(ifp, IFCOUNTER_IQDROPS, 1);
			if_inc_counter(ifp, IFCOUNTER_OERRORS, 1);
			return (ENOBUFS);
		} else
			*(u_int32_t *)m0->m_data = htonl(af);
	} else {
#ifdef INET
		if (af != AF_INET)
#endif
		{
			m_freem(m0);
			return (EAFNOSUPPORT);
		}
	}

	/* if_tuntap.c:1365-1369 */
	error = (ifp->if_transmit)(ifp, m0);
	if (error)
		return (ENOBUFS);
	if_inc_counter(ifp, IFCOUNTER_OPACKETS, 1);
	return (0);
}

/*
 * d_ioctl: the tap/vmnet ioctls, then the tun ioctls, then the common
 * ones; ENOTTY for anything else.  (if_tuntap.c:1375-1569)
 */
static	int
tunioctl(struct cdev *dev, u_long cmd, caddr_t data, int flag,
    struct thread *td)
{
	struct ifreq ifr, *ifrp;
	struct tuntap_softc *tp;
	struct tuninfo *tunp;
	int error, iflags;
	bool	l2tun;

	/* if_tuntap.c:1380: si_drv1 read unlocked. */
	SIM_READ(dev, "si_drv1");
	tp = dev->si_drv1;
	/* if_tuntap.c:1383-1386: COMPAT_FREEBSD4/5/6 ival, left out. */

	/* if_tuntap.c:1389-1390 */
	SIM_READ(tp, "tun_flags");
	l2tun = (tp->tun_flags & TUN_L2) != 0;
	if (l2tun) {
		/* tap specific ioctls */
		switch(cmd) {
		/* VMware/VMnet port ioctl's */
		/* if_tuntap.c:1394-1400: COMPAT _IO('V', 0), left out. */
		case VMIO_SIOCSIFFLAGS: /* VMware/VMnet SIOCSIFFLAGS */
			/* if_tuntap.c:1401-1412 */
			iflags = *(int *)data;
			iflags &= TUN_VMIO_FLAG_MASK;
			iflags &= ~IFF_CANTCHANGE;
			iflags |= IFF_UP;

			TUN_LOCK(tp);
			/* if_flags is ifnet state, not under tun_mtx. */
			SIM_WRITE(TUN2IFP(tp), "if_flags");
			TUN2IFP(tp)->if_flags = iflags |
			    (TUN2IFP(tp)->if_flags & IFF_CANTCHANGE);
			TUN_UNLOCK(tp);

			return (0);
		case SIOCGIFADDR:	/* get MAC address of the remote side */
			/* if_tuntap.c:1413-1419 */
			TUN_LOCK(tp);
			bcopy(&tp->tun_ether.octet, data,
			    sizeof(tp->tun_ether.octet));
			TUN_UNLOCK(tp);

			return (0);
		case SIOCSIFADDR:	/* set MAC address of the remote side */
			/* if_tuntap.c:1420-1426 */
			TUN_LOCK(tp);
			bcopy(data, &tp->tun_ether.octet,
			    sizeof(tp->tun_ether.octet));
			TUN_UNLOCK(tp);

			return (0);
		}

		/* Fall through to the common ioctls if unhandled */
	} else {
		switch (cmd) {
		case TUNSLMODE:
			/* if_tuntap.c:1432-1441 */
			TUN_LOCK(tp);
			if (*(int *)data) {
				tp->tun_flags |= TUN_LMODE;
				tp->tun_flags &= ~TUN_IFHEAD;
			} else
				tp->tun_flags &= ~TUN_LMODE;
			TUN_UNLOCK(tp);

			return (0);
		case TUNSIFHEAD:
			/* if_tuntap.c:1442-1451 */
			TUN_LOCK(tp);
			if (*(int *)data) {
				tp->tun_flags |= TUN_IFHEAD;
				tp->tun_flags &= ~TUN_LMODE;
			} else
				tp->tun_flags &= ~TUN_IFHEAD;
			TUN_UNLOCK(tp);

			return (0);
		case TUNGIFHEAD:
			/* if_tuntap.c:1452-1457 */
			TUN_LOCK(tp);
			*(int *)data = (tp->tun_flags & TUN_IFHEAD) ? 1 : 0;
			TUN_UNLOCK(tp);

			return (0);
		case TUNSIFMODE:
			/*
			 * if_tuntap.c:1458-1477: deny this if UP; the IFF_UP
			 * test is an unlocked read.
			 */
			SIM_READ(TUN2IFP(tp), "if_flags");
			if (TUN2IFP(tp)->if_flags & IFF_UP)
				return (EBUSY);

			switch (*(int *)data & ~IFF_MULTICAST) {
			case IFF_POINTOPOINT:
			case IFF_BROADCAST:
				TUN_LOCK(tp);
				/* ifnet state, not under tun_mtx. */
				SIM_WRITE(TUN2IFP(tp), "if_flags");
				TUN2IFP(tp)->if_flags &=
				    ~(IFF_BROADCAST|IFF_POINTOPOINT|IFF_MULTICAST);
				TUN2IFP(tp)->if_flags |= *(int *)data;
				TUN_UNLOCK(tp);

				break;
			default:
				return (EINVAL);
			}

			return (0);
		case TUNSIFPID:
			/* if_tuntap.c:1478-1483 */
			TUN_LOCK(tp);
			tp->tun_pid = curthread->td_proc->p_pid;
			TUN_UNLOCK(tp);

			return (0);
		}
		/* Fall through to the common ioctls if unhandled */
	}

	switch (cmd) {
	case TUNGIFNAME:
		/* if_tuntap.c:1489-1493: if_xname read without a lock. */
		ifrp = (struct ifreq *)data;
		SIM_READ(TUN2IFP(tp), "if_xname");
		strlcpy(ifrp->ifr_name, TUN2IFP(tp)->if_xname, IFNAMSIZ);

		return (0);
	case TUNSIFINFO:
		/*
		 * if_tuntap.c:1494-1513: if_type read unlocked; the MTU is
		 * changed through ifhwioctl with tun_mtx held.
		 */
		tunp = (struct tuninfo *)data;
		SIM_READ(TUN2IFP(tp), "if_type");
		if (TUN2IFP(tp)->if_type != tunp->type)
			return (EPROTOTYPE);
		TUN_LOCK(tp);
		if (TUN2IFP(tp)->if_mtu != (uint32_t)tunp->mtu) {
			strlcpy(ifr.ifr_name, if_name(TUN2IFP(tp)), IFNAMSIZ);
			ifr.ifr_mtu = tunp->mtu;
			CURVNET_SET(TUN2IFP(tp)->if_vnet);
			error = ifhwioctl(SIOCSIFMTU, TUN2IFP(tp),
			    (caddr_t)&ifr, td);
			CURVNET_RESTORE();
			if (error) {
				TUN_UNLOCK(tp);
				return (error);
			}
		}
		TUN2IFP(tp)->if_baudrate = tunp->baudrate;
		TUN_UNLOCK(tp);
		break;
	case TUNGIFINFO:
		/* if_tuntap.c:1514-1521 */
		tunp = (struct tuninfo *)data;
		TUN_LOCK(tp);
		tunp->mtu = TUN2IFP(tp)->if_mtu;
		tunp->type = TUN2IFP(tp)->if_type;
		tunp->baudrate = TUN2IFP(tp)->if_baudrate;
		TUN_UNLOCK(tp);
		break;
	case TUNSDEBUG:
		/* if_tuntap.c:1522-1527 */
		tundebug = *(int *)data;
		break;
	case TUNGDEBUG:
		*(int *)data = tundebug;
		break;
	case FIONBIO:
		/* if_tuntap.c:1528-1529 */
		break;
	case FIOASYNC:
		/* if_tuntap.c:1530-1537 */
		TUN_LOCK(tp);
		if (*(int *)data)
			tp->tun_flags |= TUN_ASYNC;
		else
			tp->tun_flags &= ~TUN_ASYNC;
		TUN_UNLOCK(tp);
		break;
	case FIONREAD:
		/*
		 * if_tuntap.c:1538-1548: the emptiness test reads ifq_len
		 * without the queue lock.
		 */
		SIM_READ(TUN2IFP(tp), "if_snd.ifq_len");
		if (!IFQ_IS_EMPTY(&TUN2IFP(tp)->if_snd)) {
			struct mbuf *mb;
			IFQ_LOCK(&TUN2IFP(tp)->if_snd);
			IFQ_POLL_NOLOCK(&TUN2IFP(tp)->if_snd, mb);
			for (*(int *)data = 0; mb != NULL; mb = mb->m_next)
				*(int *)data += mb->m_len;
			IFQ_UNLOCK(&TUN2IFP(tp)->if_snd);
		} else
			*(int *)data = 0;
		break;
	case FIOSETOWN:
		/* if_tuntap.c:1549-1563 */
		return (fsetown(*(int *)data, &tp->tun_sigio));

	case FIOGETOWN:
		*(int *)data = fgetown(&tp->tun_sigio);
		return (0);

	/* This is deprecated, FIOSETOWN should be used instead. */
	case TIOCSPGRP:
		return (fsetown(-(*(int *)data), &tp->tun_sigio));

	/* This is deprecated, FIOGETOWN should be used instead. */
	case TIOCGPGRP:
		*(int *)data = -fgetown(&tp->tun_sigio);
		return (0);

	default:
		/* if_tuntap.c:1565-1566 */
		return (ENOTTY);
	}
	return (0);
}

/*
 * d_read: one packet (or as much of it as fits; the rest is dropped).
 * EHOSTDOWN unless ready; EWOULDBLOCK when empty and non-blocking;
 * otherwise sleep interruptibly on tp until tunstart wakes us.
 * (if_tuntap.c:1575-1626)
 */
static	int
tunread(struct cdev *dev, struct uio *uio, int flag)
{
	struct tuntap_softc *tp;
	struct ifnet	*ifp;
	struct mbuf	*m;
	int		error=0, len;

	/* if_tuntap.c:1578-1579: si_drv1 and tun_ifp read unlocked. */
	SIM_READ(dev, "si_drv1");
	tp = dev->si_drv1;
	SIM_READ(tp, "tun_ifp");
	ifp = TUN2IFP(tp);

	/* if_tuntap.c:1583-1591 */
	TUNDEBUG (ifp, "read\n");
	TUN_LOCK(tp);
	if ((tp->tun_flags & TUN_READY) != TUN_READY) {
		TUN_UNLOCK(tp);
		TUNDEBUG (ifp, "not ready 0%o\n",
		    (SIM_READ(tp, "tun_flags"), tp->tun_flags));
		return (EHOSTDOWN);
	}

	tp->tun_flags &= ~TUN_RWAIT;

	/* if_tuntap.c:1593-1609 */
	for (;;) {
		IFQ_DEQUEUE(&ifp->if_snd, m);
		if (m != NULL)
			break;
		if (flag & O_NONBLOCK) {
			TUN_UNLOCK(tp);
			return (EWOULDBLOCK);
		}
		tp->tun_flags |= TUN_RWAIT;
		error = mtx_sleep(tp, &tp->tun_mtx, PCATCH | (PZERO + 1),
		    "tunread", 0);
		if (error != 0) {
			TUN_UNLOCK(tp);
			return (error);
		}
	}
	TUN_UNLOCK(tp);

	/* if_tuntap.c:1611-1612: tun_flags read without tun_mtx. */
	SIM_READ(tp, "tun_flags");
	if ((tp->tun_flags & TUN_L2) != 0)
		BPF_MTAP(ifp, m);

	/* if_tuntap.c:1614-1625 */
	while (m && uio->uio_resid > 0 && error == 0) {
		len = min(uio->uio_resid, m->m_len);
		if (len != 0)
			error = uiomove(mtod(m, void *), len, uio);
		m = m_free(m);
	}

	if (m) {
		TUNDEBUG(ifp, "Dropping mbuf\n");
		m_freem(m);
	}
	return (error);
}

/*
 * tap/vmnet write: pass the frame to ether_input unless it is a runt or,
 * without IFF_PROMISC, a unicast frame for another address (both dropped
 * silently).  (if_tuntap.c:1628-1661)
 */
static int
tunwrite_l2(struct tuntap_softc *tp, struct mbuf *m)
{
	struct ether_header *eh;
	struct ifnet *ifp;

	ifp = TUN2IFP(tp);

	/*
	 * if_tuntap.c:1636-1643: only pass a unicast frame to ether_input()
	 * if it would actually have been received by non-virtual hardware.
	 */
	if (m->m_len < (int)sizeof(struct ether_header)) {
		m_freem(m);
		return (0);
	}

	eh = mtod(m, struct ether_header *);

	/* if_tuntap.c:1647-1652: if_flags and lladdr read without a lock. */
	SIM_READ(ifp, "if_flags");
	if (eh && (ifp->if_flags & IFF_PROMISC) == 0 &&
	    !ETHER_IS_MULTICAST(eh->ether_dhost) &&
	    bcmp(eh->ether_dhost, IF_LLADDR(ifp), ETHER_ADDR_LEN) != 0) {
		m_freem(m);
		return (0);
	}

	/* if_tuntap.c:1654-1660: Pass packet up to parent. */
	CURVNET_SET(ifp->if_vnet);
	(*ifp->if_input)(ifp, m);
	CURVNET_RESTORE();
	/* ibytes are counted in parent */
	if_inc_counter(ifp, IFCOUNTER_IPACKETS, 1);
	return (0);
}

/*
 * tun write: take the address family from the 4-byte header under
 * TUNSIFHEAD (else AF_INET) and dispatch to netisr; EAFNOSUPPORT for other
 * families, ENOBUFS if the header cannot be pulled up.
 * (if_tuntap.c:1663-1712)
 */
static int
tunwrite_l3(struct tuntap_softc *tp, struct mbuf *m)
{
	struct epoch_tracker et;
	struct ifnet *ifp;
	int family, isr;

	/* if_tuntap.c:1670-1683: Could be unlocked read? */
	ifp = TUN2IFP(tp);
	TUN_LOCK(tp);
	if (tp->tun_flags & TUN_IFHEAD) {
		TUN_UNLOCK(tp);
		if (m->m_len < (int)sizeof(family) &&
		(m = m_pullup(m, sizeof(family))) == NULL)
			return (ENOBUFS);
		family = ntohl(*mtod(m, u_int32_t *));
		m_adj(m, sizeof(family));
	} else {
		TUN_UNLOCK(tp);
		family = AF_INET;
	}

	/* if_tuntap.c:1685-1701 */
	BPF_MTAP2(ifp, &family, sizeof(family), m);

	switch (family) {
#ifdef INET
	case AF_INET:
		isr = NETISR_IP;
		break;
#endif
#ifdef INET6
	case AF_INET6:
		isr = NETISR_IPV6;
		break;
#endif
	default:
		m_freem(m);
		return (EAFNOSUPPORT);
	}
	/* if_tuntap.c:1702-1711 */
	random_harvest_queue(m, sizeof(*m), RANDOM_NET_TUN);
	if_inc_counter(ifp, IFCOUNTER_IBYTES, m->m_pkthdr.len);
	if_inc_counter(ifp, IFCOUNTER_IPACKETS, 1);
	CURVNET_SET(ifp->if_vnet);
	M_SETFIB(m, ifp->if_fib);
	NET_EPOCH_ENTER(et);
	netisr_dispatch(isr, m);
	NET_EPOCH_EXIT(et);
	CURVNET_RESTORE();
	return (0);
}

/*
 * d_write: an atomic write is a packet.  Ignored (0) while the interface
 * is down or for an empty write; EIO above the MRU (plus 4 with
 * TUNSIFHEAD); ENOBUFS if no mbuf.  (if_tuntap.c:1717-1763)
 */
static	int
tunwrite(struct cdev *dev, struct uio *uio, int flag)
{
	struct tuntap_softc *tp;
	struct ifnet	*ifp;
	struct mbuf	*m;
	uint32_t	mru;
	int		align;
	bool		l2tun;

	/* if_tuntap.c:1727-1735: all unlocked reads. */
	SIM_READ(dev, "si_drv1");
	tp = dev->si_drv1;
	SIM_READ(tp, "tun_ifp");
	ifp = TUN2IFP(tp);
	TUNDEBUG(ifp, "tunwrite\n");
	SIM_READ(ifp, "if_flags");
	if ((ifp->if_flags & IFF_UP) != IFF_UP)
		/* ignore silently */
		return (0);

	if (uio->uio_resid == 0)
		return (0);

	/* if_tuntap.c:1737-1747: tun_flags read without tun_mtx. */
	SIM_READ(tp, "tun_flags");
	l2tun = (tp->tun_flags & TUN_L2) != 0;
	align = 0;
	mru = l2tun ? TAPMRU : TUNMRU;
	if (l2tun)
		align = ETHER_ALIGN;
	else if (SIM_READ(tp, "tun_flags"), (tp->tun_flags & TUN_IFHEAD) != 0)
		mru += sizeof(uint32_t);	/* family */
	if (uio->uio_resid < 0 || uio->uio_resid > (ssize_t)mru) {
		TUNDEBUG(ifp, "len=%zd!\n", uio->uio_resid);
		return (EIO);
	}

	/* if_tuntap.c:1749-1752 */
	if ((m = m_uiotombuf(uio, M_NOWAIT, 0, align, M_PKTHDR)) == NULL) {
		if_inc_counter(ifp, IFCOUNTER_IERRORS, 1);
		return (ENOBUFS);
	}

	/* if_tuntap.c:1754-1762; the MAC hook (1755-1757) is not compiled. */
	m->m_pkthdr.rcvif = ifp;

	if (l2tun)
		return (tunwrite_l2(tp, m));

	return (tunwrite_l3(tp, m));
}

/*
 * d_poll: readable when a packet is queued (else record the selector);
 * always writable.  (if_tuntap.c:1770-1793)
 */
static	int
tunpoll(struct cdev *dev, int events, struct thread *td)
{
	struct tuntap_softc *tp;
	struct ifnet	*ifp;
	int		revents = 0;

	/* if_tuntap.c:1773-1774: si_drv1 and tun_ifp read unlocked. */
	SIM_READ(dev, "si_drv1");
	tp = dev->si_drv1;
	SIM_READ(tp, "tun_ifp");
	ifp = TUN2IFP(tp);

	TUNDEBUG(ifp, "tunpoll\n");

	/* if_tuntap.c:1779-1792 */
	if (events & (POLLIN | POLLRDNORM)) {
		IFQ_LOCK(&ifp->if_snd);
		if (!IFQ_IS_EMPTY(&ifp->if_snd)) {
			TUNDEBUG(ifp, "tunpoll q=%d\n", ifp->if_snd.ifq_len);
			revents |= events & (POLLIN | POLLRDNORM);
		} else {
			TUNDEBUG(ifp, "tunpoll waiting\n");
			selrecord(td, &tp->tun_rsel);
		}
		IFQ_UNLOCK(&ifp->if_snd);
	}
	revents |= events & (POLLOUT | POLLWRNORM);

	return (revents);
}

/*
 * d_kqfilter: attach a read or write knote to tun_rsel (EINVAL for other
 * filters).  (if_tuntap.c:1798-1827)
 */
static int
tunkqfilter(struct cdev *dev, struct knote *kn)
{
	struct tuntap_softc	*tp;
	struct ifnet	*ifp;

	/* if_tuntap.c:1801-1802: si_drv1 and tun_ifp read unlocked. */
	SIM_READ(dev, "si_drv1");
	tp = dev->si_drv1;
	SIM_READ(tp, "tun_ifp");
	ifp = TUN2IFP(tp);

	/* if_tuntap.c:1804-1821 */
	switch(kn->kn_filter) {
	case EVFILT_READ:
		TUNDEBUG(ifp, "%s kqfilter: EVFILT_READ, minor = %#x\n",
		    ifp->if_xname, dev2unit(dev));
		kn->kn_fop = &tun_read_filterops;
		break;

	case EVFILT_WRITE:
		TUNDEBUG(ifp, "%s kqfilter: EVFILT_WRITE, minor = %#x\n",
		    ifp->if_xname, dev2unit(dev));
		kn->kn_fop = &tun_write_filterops;
		break;

	default:
		TUNDEBUG(ifp, "%s kqfilter: invalid filter, minor = %#x\n",
		    ifp->if_xname, dev2unit(dev));
		return(EINVAL);
	}

	/* if_tuntap.c:1823-1826 */
	kn->kn_hook = tp;
	knlist_add(&tp->tun_rsel.si_note, kn, 0);

	return (0);
}

/*
 * Read filter: true when packets are queued; kn_data is the queue length,
 * read without the queue lock.  (if_tuntap.c:1832-1853)
 */
static int
tunkqread(struct knote *kn, long hint)
{
	int			ret;
	struct tuntap_softc	*tp = kn->kn_hook;
	struct cdev		*dev;
	struct ifnet	*ifp;

	/* if_tuntap.c:1837-1838 */
	SIM_READ(tp, "tun_ifp");
	dev = tp->tun_dev;
	ifp = TUN2IFP(tp);

	/* if_tuntap.c:1840-1852 */
	SIM_READ(ifp, "if_snd.ifq_len");
	if ((kn->kn_data = ifp->if_snd.ifq_len) > 0) {
		TUNDEBUG(ifp,
		    "%s have data in the queue.  Len = %d, minor = %#x\n",
		    ifp->if_xname, ifp->if_snd.ifq_len, dev2unit(dev));
		ret = 1;
	} else {
		TUNDEBUG(ifp,
		    "%s waiting for data, minor = %#x\n", ifp->if_xname,
		    dev2unit(dev));
		ret = 0;
	}

	return (ret);
}

/*
 * Write filter: always writable, kn_data is the MTU (read unlocked).
 * (if_tuntap.c:1858-1867)
 */
static int
tunkqwrite(struct knote *kn, long hint)
{
	struct tuntap_softc	*tp = kn->kn_hook;
	struct ifnet	*ifp;

	/* if_tuntap.c:1862-1866 */
	SIM_READ(tp, "tun_ifp");
	ifp = TUN2IFP(tp);

	SIM_READ(ifp, "if_mtu");
	kn->kn_data = ifp->if_mtu;

	return (1);
}

/* Knote detach: remove it from tun_rsel.  (if_tuntap.c:1869-1875) */
static void
tunkqdetach(struct knote *kn)
{
	struct tuntap_softc	*tp = kn->kn_hook;

	knlist_remove(&tp->tun_rsel.si_note, kn, 0);
}
