/* Stands for sys/sys/socket.h at FreeBSD edca4938 (2019).
 * socket.h - the part of FreeBSD's <sys/socket.h> the network stack and
 * the tun/tap driver use: address families and struct sockaddr.
 *
 * Models: FreeBSD's values for AF_*, the BSD sockaddr layout (sa_len
 * first).  Does not model: sockets themselves; struct socket is opaque and
 * ifioctl() accepts a NULL socket (the ifconfig entry points have none).
 */
#ifndef _SIM_SYS_SOCKET_H_
#define _SIM_SYS_SOCKET_H_

#include <sys/param.h>

#define	AF_UNSPEC	0		/* unspecified */
#define	AF_LOCAL	1		/* local to host (pipes, portals) */
#define	AF_UNIX		AF_LOCAL
#define	AF_INET		2		/* internetwork: UDP, TCP, etc. */
#define	AF_LINK		18		/* Link layer interface */
#define	AF_INET6	28		/* IPv6 */
#define	AF_ARP		35		/* used by arprequest() only */
#define	AF_MAX		42

#define	PF_UNSPEC	AF_UNSPEC
#define	PF_INET		AF_INET
#define	PF_LINK		AF_LINK
#define	PF_INET6	AF_INET6

#define	SOCK_STREAM	1
#define	SOCK_DGRAM	2

/* Generic socket address: sa_len is the whole length, BSD style. */
struct sockaddr {
	unsigned char	sa_len;		/* total length */
	sa_family_t	sa_family;	/* address family */
	char		sa_data[14];	/* actually longer; address value */
};

/* Large enough for any sockaddr the simulation builds. */
struct sockaddr_storage {
	unsigned char	ss_len;
	sa_family_t	ss_family;
	char		__ss_pad[126];
};

struct socket;			/* opaque: sockets are not modelled */

#endif /* !_SIM_SYS_SOCKET_H_ */
