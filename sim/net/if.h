/* Stands for sys/net/if.h at FreeBSD edca4938 (2019).
 * if.h - the user-visible interface definitions of FreeBSD's <net/if.h>
 * (2019, the edca4938 era): interface flags, capabilities, link states and
 * the request structures ifioctl() takes.
 *
 * Models: FreeBSD's values and layouts for everything below.  Does not
 * model: routing messages (if_msghdr), interface groups requests, the
 * if_data export structure.
 */
#ifndef _SIM_NET_IF_H_
#define _SIM_NET_IF_H_

#include <sys/param.h>
#include <sys/socket.h>

struct ifnet;

#define	IF_NAMESIZE	16
#define	IFNAMSIZ	IF_NAMESIZE
#define	IF_MAXUNIT	0x7fff		/* historical value */

/*
 * Interface flags: (i) set by the driver before attach, (n) owned by the
 * network stack, (d) if_drv_flags owned by the driver.
 */
#define	IFF_UP		0x1		/* (n) interface is up */
#define	IFF_BROADCAST	0x2		/* (i) broadcast address valid */
#define	IFF_DEBUG	0x4		/* (n) turn on debugging */
#define	IFF_LOOPBACK	0x8		/* (i) is a loopback net */
#define	IFF_POINTOPOINT	0x10		/* (i) is a point-to-point link */
#define	IFF_NEEDSEPOCH	0x20		/* (i) calls if_input w/o net epoch */
#define	IFF_DRV_RUNNING	0x40		/* (d) resources allocated */
#define	IFF_NOARP	0x80		/* (n) no address resolution protocol */
#define	IFF_PROMISC	0x100		/* (n) receive all packets */
#define	IFF_ALLMULTI	0x200		/* (n) receive all multicast packets */
#define	IFF_DRV_OACTIVE	0x400		/* (d) tx hardware queue is full */
#define	IFF_SIMPLEX	0x800		/* (i) can't hear own transmissions */
#define	IFF_LINK0	0x1000		/* per link layer defined bit */
#define	IFF_LINK1	0x2000		/* per link layer defined bit */
#define	IFF_LINK2	0x4000		/* per link layer defined bit */
#define	IFF_ALTPHYS	IFF_LINK2	/* use alternate physical connection */
#define	IFF_MULTICAST	0x8000		/* (i) supports multicast */
#define	IFF_CANTCONFIG	0x10000		/* (i) unconfigurable using ioctl(2) */
#define	IFF_PPROMISC	0x20000		/* (n) user-requested promisc mode */
#define	IFF_MONITOR	0x40000		/* (n) user-requested monitor mode */
#define	IFF_STATICARP	0x80000		/* (n) static ARP */
#define	IFF_DYING	0x200000	/* (n) interface is winding down */
#define	IFF_RENAMING	0x400000	/* (n) interface is being renamed */
#define	IFF_NOGROUP	0x800000	/* (n) interface is not part of any groups */

/* Flags set internally only. */
#define	IFF_CANTCHANGE \
	(IFF_BROADCAST|IFF_POINTOPOINT|IFF_DRV_RUNNING|IFF_DRV_OACTIVE|\
	    IFF_SIMPLEX|IFF_MULTICAST|IFF_ALLMULTI|IFF_PROMISC|\
	    IFF_DYING|IFF_CANTCONFIG)

/* Values for if_link_state. */
#define	LINK_STATE_UNKNOWN	0	/* link invalid/unknown */
#define	LINK_STATE_DOWN		1	/* link is down */
#define	LINK_STATE_UP		2	/* link is up */

#define	IF_Kbps(x)	((uintmax_t)(x) * 1000)	/* kilobits/sec. */
#define	IF_Mbps(x)	(IF_Kbps((x) * 1000))	/* megabits/sec. */
#define	IF_Gbps(x)	(IF_Mbps((x) * 1000))	/* gigabits/sec. */

/* Capabilities (if_capabilities / if_capenable). */
#define	IFCAP_RXCSUM		0x00001
#define	IFCAP_TXCSUM		0x00002
#define	IFCAP_NETCONS		0x00004
#define	IFCAP_VLAN_MTU		0x00008
#define	IFCAP_VLAN_HWTAGGING	0x00010
#define	IFCAP_JUMBO_MTU		0x00020
#define	IFCAP_POLLING		0x00040
#define	IFCAP_VLAN_HWCSUM	0x00080
#define	IFCAP_TSO4		0x00100
#define	IFCAP_TSO6		0x00200
#define	IFCAP_LRO		0x00400
#define	IFCAP_WOL_UCAST		0x00800
#define	IFCAP_WOL_MCAST		0x01000
#define	IFCAP_WOL_MAGIC		0x02000
#define	IFCAP_TOE4		0x04000
#define	IFCAP_TOE6		0x08000
#define	IFCAP_VLAN_HWFILTER	0x10000
#define	IFCAP_LINKSTATE		0x80000	/* the runtime link state is dynamic */

#define	IFQ_MAXLEN	50
#define	IFNET_SLOWHZ	1

#define	IFAN_ARRIVAL	0	/* interface arrival */
#define	IFAN_DEPARTURE	1	/* interface departure */

/*
 * Interface request structure used for socket ioctls.  All interface
 * ioctls must have parameter definitions which begin with ifr_name.
 */
struct ifreq {
	char	ifr_name[IFNAMSIZ];		/* if name, e.g. "en0" */
	union {
		struct	sockaddr ifru_addr;
		struct	sockaddr ifru_dstaddr;
		struct	sockaddr ifru_broadaddr;
		short	ifru_flags[2];
		short	ifru_index;
		int	ifru_jid;
		int	ifru_metric;
		int	ifru_mtu;
		int	ifru_phys;
		int	ifru_media;
		caddr_t	ifru_data;
		int	ifru_cap[2];
		u_int	ifru_fib;
		u_char	ifru_vlan_pcp;
	} ifr_ifru;
#define	ifr_addr	ifr_ifru.ifru_addr	/* address */
#define	ifr_dstaddr	ifr_ifru.ifru_dstaddr	/* other end of p-to-p link */
#define	ifr_broadaddr	ifr_ifru.ifru_broadaddr	/* broadcast address */
#define	ifr_flags	ifr_ifru.ifru_flags[0]	/* flags (low 16 bits) */
#define	ifr_flagshigh	ifr_ifru.ifru_flags[1]	/* flags (high 16 bits) */
#define	ifr_jid		ifr_ifru.ifru_jid	/* jail/vnet */
#define	ifr_metric	ifr_ifru.ifru_metric	/* metric */
#define	ifr_mtu		ifr_ifru.ifru_mtu	/* mtu */
#define	ifr_phys	ifr_ifru.ifru_phys	/* physical wire */
#define	ifr_media	ifr_ifru.ifru_media	/* physical media */
#define	ifr_data	ifr_ifru.ifru_data	/* for use by interface */
#define	ifr_reqcap	ifr_ifru.ifru_cap[0]	/* requested capabilities */
#define	ifr_curcap	ifr_ifru.ifru_cap[1]	/* current capabilities */
#define	ifr_index	ifr_ifru.ifru_index	/* interface index */
#define	ifr_fib		ifr_ifru.ifru_fib	/* interface fib */
#define	ifr_vlan_pcp	ifr_ifru.ifru_vlan_pcp	/* VLAN priority */
};

/* SIOCAIFADDR / SIOCDIFADDR argument. */
struct ifaliasreq {
	char	ifra_name[IFNAMSIZ];		/* if name, e.g. "en0" */
	struct	sockaddr ifra_addr;
	struct	sockaddr ifra_broadaddr;
	struct	sockaddr ifra_mask;
	int	ifra_vhid;
};
#define	ifra_dstaddr	ifra_broadaddr

/* SIOCGIFSTATUS argument: the driver's free-form status text. */
struct ifstat {
	char	ifs_name[IFNAMSIZ];		/* if name, e.g. "en0" */
	char	ascii[800 + 1];
};

struct if_clonereq {
	int	ifcr_total;		/* total cloners (out) */
	int	ifcr_count;		/* room for this many in user buffer */
	char	*ifcr_buffer;		/* buffer for cloner names */
};

/* The interface capabilities above IFCAP_LINKSTATE, FreeBSD's bits. */
#define	IFCAP_VLAN_HWTSO	0x40000	/* can do IFCAP_TSO on VLANs */
#define	IFCAP_RXCSUM_IPV6	0x200000 /* can offload checksum on IPv6 RX */
#define	IFCAP_TXCSUM_IPV6	0x400000 /* can offload checksum on IPv6 TX */
#define	IFCAP_HWCSUM_IPV6	(IFCAP_RXCSUM_IPV6 | IFCAP_TXCSUM_IPV6)
#define	IFCAP_HWCSUM		(IFCAP_RXCSUM | IFCAP_TXCSUM)
#define	IFCAP_TSO		(IFCAP_TSO4 | IFCAP_TSO6)

#endif /* !_SIM_NET_IF_H_ */
