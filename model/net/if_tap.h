/*
 * if_tap.h - tap(4) ioctls and limits, FreeBSD's definitions as of the
 * model's revision (edca4938, October 2019).  TAPSDEBUG..TAPGIFNAME have
 * the same numbers as their TUN* twins, so tunioctl's common switch
 * handles both; TAPMRU was still 16384 then (raised to 65535 in 2020).
 */
#ifndef _NET_IF_TAP_H_
#define _NET_IF_TAP_H_

#include <sys/ioccom.h>

/* maximum receive packet size (hard limit) */
#define	TAPMRU		16384

struct tapinfo {
	int	baudrate;	/* linespeed                 */
	short	mtu;		/* maximum transmission unit */
	u_char	type;		/* ethernet, tokenring, etc. */
	u_char	dummy;		/* place holder              */
};

/* ioctl's for get/set debug */
#define	TAPSDEBUG		_IOW('t', 90, int)
#define	TAPGDEBUG		_IOR('t', 89, int)
#define	TAPSIFINFO		_IOW('t', 91, struct tapinfo)
#define	TAPGIFINFO		_IOR('t', 92, struct tapinfo)
#define	TAPGIFNAME		_IOR('t', 93, struct ifreq)

/*
 * The virtio-net header length (f8bc74e2, 18 October 2019, after the
 * model's revision): later revisions compiled as tunsim-NAME use them.
 */
#define	TAPSVNETHDR		_IOW('t', 91, int)
#define	TAPGVNETHDR		_IOR('t', 94, int)

/* VMware ioctl's */
#define	VMIO_SIOCSIFFLAGS	_IOWINT('V', 0)
#define	VMIO_SIOCSKEEP		_IO('V', 1)
#define	VMIO_SIOCSIFBR		_IO('V', 2)
#define	VMIO_SIOCSLADRF		_IO('V', 3)

/* XXX -- unimplemented */
#define	VMIO_SIOCSETMACADDR	_IO('V', 4)

/* XXX -- not used? */
#define	VMIO_SIOCPORT		_IO('V', 5)
#define	VMIO_SIOCBRIDGE		_IO('V', 6)
#define	VMIO_SIOCNETIF		_IO('V', 7)

#endif /* !_NET_IF_TAP_H_ */
