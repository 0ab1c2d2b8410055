/* Stands for sys/sys/conf.h at FreeBSD edca4938 (2019).
 * conf.h - character devices: struct cdev, struct cdevsw, make_dev*(),
 * destroy_dev(), cloning helpers and the dev_clone event, FreeBSD's names.
 *
 * Locking (as FreeBSD): devmtx (dev_lock()/dev_unlock()) protects
 * si_refcount, si_threadcount, si_usecount, si_flags, the parent/child and
 * clone lists and the cdevsw's d_devs list; si_devsw is read under it by
 * dev_refthread().  si_drv1/si_drv2 belong to the driver (unlocked).
 * A cdev is a ledger object of type "cdev" (malloc type M_DEVT "cdev"),
 * labelled "/dev/<name>" once named.
 */
#ifndef _SIM_SYS_CONF_H_
#define _SIM_SYS_CONF_H_

#include <sys/param.h>
#include <sys/eventhandler.h>

struct cdevsw;
struct cdev_privdata;
struct file;
struct knote;
struct thread;
struct ucred;
struct uio;
struct vnode;

struct cdev {
	void		*si_spare0;
	u_int		si_flags;
#define	SI_ETERNAL	0x0001	/* never destroyed */
#define	SI_ALIAS	0x0002	/* carrier of alias name */
#define	SI_NAMED	0x0004	/* make_dev{_alias} has been called */
#define	SI_CHILD	0x0010	/* child of another struct cdev **/
#define	SI_DUMPDEV	0x0080	/* is kernel dumpdev */
#define	SI_CLONELIST	0x0200	/* on a clone list */
#define	SI_UNMAPPED	0x0400	/* can handle unmapped I/O */
#define	SI_NOSPLIT	0x0800	/* I/O should not be split up */
	struct ucred	*si_cred;	/* cached clone-time credential */
	uid_t		si_uid;
	gid_t		si_gid;
	mode_t		si_mode;
	LIST_ENTRY(cdev)	si_list;	/* on the cdevsw's d_devs */
	LIST_ENTRY(cdev)	si_clone;	/* on the driver's clone list */
	LIST_HEAD(, cdev)	si_children;
	LIST_ENTRY(cdev)	si_siblings;
	struct cdev	*si_parent;
	char		*si_name;
	void		*si_drv1, *si_drv2;
	struct cdevsw	*si_devsw;
	int		si_iosize_max;	/* maximum I/O size (for physio &al) */
	u_long		si_usecount;
	u_long		si_threadcount;
	int		si_drv0;
	int		si_refcount;

	/* Simulation-private (kern_conf.c, devfs). */
	int		si_sched_dtr;	/* CDP_SCHED_DTR of cdev_priv */
	LIST_HEAD(, cdev_privdata) si_fdpriv; /* cdp_fdpriv: per-file data */
	TAILQ_ENTRY(cdev) si_devfs;	/* devfs name table (named nodes) */
	int		si_devfs_active; /* CDP_ACTIVE: node visible by name */
	struct vnode	*si_vnode;	/* (d) de_vnode: the node's vnode */
	char		__si_namebuf[SPECNAMELEN + 1];
};

#define	si_unit		si_drv0		/* legacy spelling */

/* Device types passed to d_open/d_close. */
#define	S_IFCHR		0020000		/* character special */

typedef int d_open_t(struct cdev *dev, int oflags, int devtype,
    struct thread *td);
typedef int d_fdopen_t(struct cdev *dev, int oflags, struct thread *td,
    struct file *fp);
typedef int d_close_t(struct cdev *dev, int fflag, int devtype,
    struct thread *td);
typedef int d_ioctl_t(struct cdev *dev, u_long cmd, caddr_t data,
    int fflag, struct thread *td);
typedef int d_read_t(struct cdev *dev, struct uio *uio, int ioflag);
typedef int d_write_t(struct cdev *dev, struct uio *uio, int ioflag);
typedef int d_poll_t(struct cdev *dev, int events, struct thread *td);
typedef int d_kqfilter_t(struct cdev *dev, struct knote *kn);
typedef void d_purge_t(struct cdev *dev);

/* Types of device (d_flags & D_TYPEMASK). */
#define	D_TYPEMASK	0xffff
#define	D_DISK		0x0002
#define	D_TTY		0x0004
#define	D_MEM		0x0008

/* Flags for d_flags which the drivers can set. */
#define	D_TRACKCLOSE	0x00080000	/* track all closes */
#define	D_MMAP_ANON	0x00100000	/* special treatment in vm_mmap.c */
#define	D_NEEDGIANT	0x00400000	/* driver want Giant */
#define	D_NEEDMINOR	0x00800000	/* driver uses clone_create() */

/* Version numbers. */
#define	D_VERSION_00	0x20011966
#define	D_VERSION_01	0x17032005	/* Add d_uid,gid,mode & kind */
#define	D_VERSION_02	0x28042009	/* Add d_mmap_single */
#define	D_VERSION_03	0x17122009	/* d_mmap takes memattr,vm_ooffset_t */
#define	D_VERSION	D_VERSION_03

/* Flags used internally by kern_conf.c */
#define	D_INIT		0x80000000	/* cdevsw initialized */

struct cdevsw {
	int		d_version;
	u_int		d_flags;
	const char	*d_name;
	d_open_t	*d_open;
	d_fdopen_t	*d_fdopen;
	d_close_t	*d_close;
	d_read_t	*d_read;
	d_write_t	*d_write;
	d_ioctl_t	*d_ioctl;
	d_poll_t	*d_poll;
	d_kqfilter_t	*d_kqfilter;
	d_purge_t	*d_purge;

	/* These fields should not be messed with by drivers */
	LIST_HEAD(, cdev)	d_devs;
};

#define	NUMCDEVSW	256

/* make_dev*() flags */
#define	MAKEDEV_REF		0x01
#define	MAKEDEV_WHTOUT		0x02
#define	MAKEDEV_NOWAIT		0x04
#define	MAKEDEV_WAITOK		0x08
#define	MAKEDEV_ETERNAL		0x10
#define	MAKEDEV_CHECKNAME	0x20

struct make_dev_args {
	size_t		 mda_size;
	int		 mda_flags;
	struct cdevsw	*mda_devsw;
	struct ucred	*mda_cr;
	uid_t		 mda_uid;
	gid_t		 mda_gid;
	int		 mda_mode;
	int		 mda_unit;
	void		*mda_si_drv1;
	void		*mda_si_drv2;
};

/* Well-known owners (sys/conf.h). */
#define	UID_ROOT	0
#define	UID_BIN		3
#define	UID_UUCP	66
#define	UID_NOBODY	65534

#define	GID_WHEEL	0
#define	GID_KMEM	2
#define	GID_TTY		4
#define	GID_OPERATOR	5
#define	GID_BIN		7
#define	GID_GAMES	13
#define	GID_VIDEO	44
#define	GID_DIALER	68
#define	GID_NOGROUP	65533
#define	GID_NOBODY	65534

/* Cloning helpers. */
struct clonedevs;
#define	CLONE_UNITMASK	0xfffff
#define	CLONE_FLAG0	(CLONE_UNITMASK + 1)

void	clone_setup(struct clonedevs **cdp);
void	clone_cleanup(struct clonedevs **cdp);
int	clone_create(struct clonedevs **cdp, struct cdevsw *csw, int *unit,
	    struct cdev **dev, int extra);

int	count_dev(struct cdev *dev);
void	destroy_dev(struct cdev *dev);
void	destroy_dev_drain(struct cdevsw *csw);
void	drain_dev_clone_events(void);
struct cdevsw *dev_refthread(struct cdev *dev, int *_ref);
void	dev_relthread(struct cdev *dev, int _ref);
void	dev_depends(struct cdev *pdev, struct cdev *cdev);
void	dev_ref(struct cdev *dev);
void	dev_refl(struct cdev *dev);
void	dev_rel(struct cdev *dev);
const char *devtoname(struct cdev *dev);
int	dev2unit(struct cdev *dev);
void	dev_lock(void);
void	dev_unlock(void);
int	dev_stdclone(char *_name, char **_namep, const char *_stem, int *_unit);

struct cdev *make_dev(struct cdevsw *_devsw, int _unit, uid_t _uid,
	    gid_t _gid, int _perms, const char *_fmt, ...)
	    __attribute__((format(printf, 6, 7)));
struct cdev *make_dev_cred(struct cdevsw *_devsw, int _unit,
	    struct ucred *_cr, uid_t _uid, gid_t _gid, int _perms,
	    const char *_fmt, ...) __attribute__((format(printf, 7, 8)));
struct cdev *make_dev_credf(int _flags, struct cdevsw *_devsw, int _unit,
	    struct ucred *_cr, uid_t _uid, gid_t _gid, int _mode,
	    const char *_fmt, ...) __attribute__((format(printf, 8, 9)));
int	make_dev_p(int _flags, struct cdev **_cdev, struct cdevsw *_devsw,
	    struct ucred *_cr, uid_t _uid, gid_t _gid, int _mode,
	    const char *_fmt, ...) __attribute__((format(printf, 8, 9)));
void	make_dev_args_init_impl(struct make_dev_args *_args, size_t _sz);
#define	make_dev_args_init(a)	make_dev_args_init_impl((a), sizeof(struct make_dev_args))
int	make_dev_s(struct make_dev_args *_args, struct cdev **_cdev,
	    const char *_fmt, ...) __attribute__((format(printf, 3, 4)));
struct cdev *make_dev_alias(struct cdev *_pdev, const char *_fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	make_dev_alias_p(int _flags, struct cdev **_cdev, struct cdev *_pdev,
	    const char *_fmt, ...) __attribute__((format(printf, 4, 5)));

/* Per-file private data of a cdev (devfs_set_cdevpriv(9)). */
typedef void (*cdevpriv_dtr_t)(void *data);
int	devfs_get_cdevpriv(void **datap);
int	devfs_set_cdevpriv(void *priv, cdevpriv_dtr_t dtr);
void	devfs_clear_cdevpriv(void);

/* The dev_clone event, fired by devfs on a lookup miss. */
typedef void (*dev_clone_fn)(void *arg, struct ucred *cred, char *name,
	    int namelen, struct cdev **result);
EVENTHANDLER_DECLARE(dev_clone, dev_clone_fn);

#endif /* !_SIM_SYS_CONF_H_ */
