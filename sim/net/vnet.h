/* Stands for sys/net/vnet.h at FreeBSD edca4938 (2019).
 * vnet.h - network stack virtualization, modelled as one vnet.
 *
 * The simulated kernel has a single network stack, as a kernel without
 * options VIMAGE: VNET(n) is the plain global, curvnet and the
 * TD_TO_VNET/CRED_TO_VNET lookups are NULL, and CURVNET_SET/RESTORE only
 * evaluate their argument (so a stale pointer passed to them is still
 * computed where the driver computes it).  VNET_DEFINE'd variables are
 * kernel data (__kdata), or module data (__moddata) in a file compiled as
 * part of the module (SIM_MODULE), so every execution and every kldload
 * starts from the initializer.  VNET_SYSINIT/VNET_SYSUNINIT are plain
 * SYSINIT/SYSUNINIT, run once for the one vnet.
 */
#ifndef _SIM_NET_VNET_H_
#define _SIM_NET_VNET_H_

#include <sys/param.h>
#include <sys/kernel.h>

struct vnet;

#ifdef SIM_MODULE
#define	_VNET_DATA	__moddata
#else
#define	_VNET_DATA	__kdata
#endif

#define	VNET_NAME(n)		n
#define	VNET_DECLARE(t, n)	extern t n
#define	VNET_DEFINE(t, n)	t n _VNET_DATA
#define	VNET_DEFINE_STATIC(t, n) static t n _VNET_DATA
#define	VNET(n)			(n)
#define	VNET_PTR(n)		(&(n))

#define	curvnet			((struct vnet *)NULL)
#define	IS_DEFAULT_VNET(arg)	1
#define	TD_TO_VNET(td)		((void)(td), (struct vnet *)NULL)
#define	CRED_TO_VNET(cr)	((void)(cr), (struct vnet *)NULL)
#define	P_TO_VNET(p)		((void)(p), (struct vnet *)NULL)

#define	CURVNET_SET(arg)	do { (void)(arg); } while (0)
#define	CURVNET_SET_QUIET(arg)	do { (void)(arg); } while (0)
#define	CURVNET_RESTORE()	do { } while (0)
#define	CURVNET_ASSERT_SET()	do { } while (0)

#define	VNET_ASSERT(exp, msg)	do { } while (0)
#define	VNET_LIST_RLOCK()	do { } while (0)
#define	VNET_LIST_RUNLOCK()	do { } while (0)

#define	VNET_SYSINIT(ident, subsystem, order, func, arg)		\
	SYSINIT(ident, subsystem, order, func, arg)
#define	VNET_SYSUNINIT(ident, subsystem, order, func, arg)		\
	SYSUNINIT(ident, subsystem, order, func, arg)

#endif /* !_SIM_NET_VNET_H_ */
