/*
 * racy_open.c - a test driver with one deliberately unmarked race.
 *
 * A minimal character device, /dev/racy, written as a FreeBSD driver is
 * (cdevsw, make_dev, a module event handler), that counts its opens
 * twice: in `opens`, read and written with no lock (the bug: two opens
 * running at once can lose an update), and in `opens_locked`, under
 * racy_mtx (the truth).  At unload a KASSERT compares them.
 *
 * Nothing in the file marks the race: no scheduling point sits between the
 * unlocked read and write.  Built with the compiler's instrumentation
 * (tunsim-test-racy) every access can be a point, so exploration can put
 * the second open between them and the KASSERT fires; built without it
 * (tunsim-test-racy-plain) the only points are the kernel's own, the two
 * accesses always run back to back and the bug cannot be seen.  The test
 * of that difference is tests/CMakeLists.txt's racy_driver_*.
 *
 * The module answers to "if_tuntap" because that is the module every
 * scenario's boot loads (scenario_run.c).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/conf.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/module.h>
#include <sys/mutex.h>

static struct cdev *racy_dev;
static struct mtx racy_mtx;
static int opens;		/* no lock: the deliberate race */
static int opens_locked;	/* racy_mtx */

static int
racy_open(struct cdev *dev, int oflags, int devtype, struct thread *td)
{
	int n;

	n = opens;
	opens = n + 1;
	mtx_lock(&racy_mtx);
	opens_locked++;
	mtx_unlock(&racy_mtx);
	return (0);
}

static int
racy_close(struct cdev *dev, int fflag, int devtype, struct thread *td)
{

	return (0);
}

static struct cdevsw racy_cdevsw = {
	.d_version =	D_VERSION,
	.d_flags =	D_TRACKCLOSE,
	.d_open =	racy_open,
	.d_close =	racy_close,
	.d_name =	"racy",
};

static int
racy_modevent(module_t mod, int type, void *data)
{

	switch (type) {
	case MOD_LOAD:
		mtx_init(&racy_mtx, "racy", NULL, MTX_DEF);
		racy_dev = make_dev(&racy_cdevsw, 0, UID_ROOT, GID_WHEEL, 0666,
		    "racy");
		break;
	case MOD_UNLOAD:
		destroy_dev(racy_dev);
		KASSERT(opens == opens_locked,
		    ("racy: %d opens counted without the lock, %d with it",
		    opens, opens_locked));
		mtx_destroy(&racy_mtx);
		break;
	default:
		return (EOPNOTSUPP);
	}
	return (0);
}

static moduledata_t racy_mod = {
	"if_tuntap",
	racy_modevent,
	0
};

DECLARE_MODULE(if_tuntap, racy_mod, SI_SUB_PSEUDO, SI_ORDER_ANY);
MODULE_VERSION(if_tuntap, 1);
