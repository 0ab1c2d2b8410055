/* Stands for sys/sys/mbuf.h at FreeBSD edca4938 (2019).
 * mbuf.h - packet buffers (FreeBSD's <sys/mbuf.h>, trimmed to what the
 * interface code and the tun/tap driver use).
 *
 * Models: mbufs and chains (m_next), packets on queues (m_nextpkt), the
 * packet header (len, rcvif, fibnum), data pointer arithmetic (leading and
 * trailing space), and the allocating calls with FreeBSD's failure rules:
 * M_WAITOK never fails, M_NOWAIT may fail at a named fault site
 * ("m_uiotombuf", "M_PREPEND", "m_get", "m_pullup").  Every mbuf is one
 * ledger object of type "mbuf" (leak-checked): its storage, normal,
 * cluster or jumbo sized, sits inline after the header, so freeing the
 * mbuf frees its data and any later touch through mtod() or the queue
 * macros is reported as a use-after-free.
 * Does not model: external storage reference counts (m_copym sharing),
 * tags, checksum offload, UMA zones and their limits.
 * Locking: an mbuf belongs to one thread at a time, or to a queue and is
 * then protected by that queue's lock.
 */
#ifndef _SIM_SYS_MBUF_H_
#define _SIM_SYS_MBUF_H_

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/malloc.h>		/* M_NOWAIT, M_WAITOK */

struct ifnet;
struct uio;

#define	MSIZE		256		/* size of an mbuf */
#define	MCLBYTES	2048		/* size of a cluster */
#define	MJUMPAGESIZE	4096		/* jumbo cluster, one page */
#define	MJUM9BYTES	(9 * 1024)
#define	MJUM16BYTES	(16 * 1024)

/* Header sizes as FreeBSD/amd64 computes them. */
#define	MHSIZE		56		/* struct m_hdr-ish prefix */
#define	MPKTHSIZE	(MHSIZE + 56)	/* ... plus struct pkthdr */
#define	MLEN		((int)(MSIZE - MHSIZE))	/* data in a plain mbuf */
#define	MHLEN		((int)(MSIZE - MPKTHSIZE)) /* data in a header mbuf */
#define	MINCLSIZE	(MHLEN + 1)	/* smallest amount to put in cluster */

/* Record/packet header in first mbuf of chain; valid iff M_PKTHDR. */
struct pkthdr {
	struct ifnet	*rcvif;		/* rcv interface */
	int32_t		 len;		/* total packet length */
	uint32_t	 flowid;	/* packet's 4-tuple system */
	uint32_t	 csum_flags;	/* checksum and offload features */
	uint16_t	 fibnum;	/* this packet should use this fib */
	uint8_t		 rsstype;	/* hash type */
};

struct mbuf {
	struct mbuf	*m_next;	/* next buffer in chain */
	struct mbuf	*m_nextpkt;	/* next chain in queue/record */
	caddr_t		 m_data;	/* location of data */
	int32_t		 m_len;		/* amount of data in this mbuf */
	uint32_t	 m_type:8,	/* type of data in this mbuf */
			 m_flags:24;	/* flags; see below */
	struct pkthdr	 m_pkthdr;	/* M_PKTHDR set */
	/* Simulation: where the storage is and how big it is. */
	char		*m_buf;		/* start of storage */
	uint32_t	 m_bufsize;	/* MLEN, MHLEN, MCLBYTES, ... */
	char		 m_storage[];	/* the storage itself */
};

#define	m_act		m_nextpkt

/* mbuf flags. */
#define	M_EXT		0x00000001 /* has associated external storage */
#define	M_PKTHDR	0x00000002 /* start of record */
#define	M_EOR		0x00000004 /* end of record */
#define	M_RDONLY	0x00000008 /* associated data is marked read-only */
#define	M_BCAST		0x00000010 /* send/received as link-level broadcast */
#define	M_MCAST		0x00000020 /* send/received as link-level multicast */
#define	M_PROMISC	0x00000040 /* packet was not for us */
#define	M_VLANTAG	0x00000080 /* ether_vtag is valid */
#define	M_COPYFLAGS	(M_PKTHDR|M_EOR|M_RDONLY|M_BCAST|M_MCAST|M_PROMISC|\
			    M_VLANTAG)

/* mbuf types. */
#define	MT_NOTMBUF	0	/* USED INTERNALLY ONLY! Object is not mbuf */
#define	MT_DATA		1	/* dynamic (data) allocation */
#define	MT_HEADER	MT_DATA	/* packet header, use M_PKTHDR instead */


/* Check an mbuf is alive before using it (UAF on a freed one). */
static inline struct mbuf *
_m_live(struct mbuf *m, const char *file, int line)
{

	sim_obj_check(m, "mbuf", file, line);
	return (m);
}

#define	mtod(m, t)	((t)(_m_live((m), __FILE__, __LINE__)->m_data))
#define	mtodo(m, o)	((void *)(mtod((m), char *) + (o)))

#define	M_SIZE(m)	((int)(m)->m_bufsize)
#define	M_START(m)	((m)->m_buf)
#define	M_WRITABLE(m)	(((m)->m_flags & M_RDONLY) == 0)
#define	M_LEADINGSPACE(m)						\
	(M_WRITABLE(m) ? (int)((m)->m_data - M_START(m)) : 0)
#define	M_TRAILINGSPACE(m)						\
	(M_WRITABLE(m) ?						\
	    (int)((M_START(m) + M_SIZE(m)) - ((m)->m_data + (m)->m_len)) : 0)

/* Set the data pointer so that len bytes end at the end of storage. */
#define	M_ALIGN(m, len) do {						\
	(m)->m_data += (M_SIZE(m) - (len)) & ~(sizeof(long) - 1);	\
} while (0)
#define	MH_ALIGN(m, len)	M_ALIGN(m, len)

#define	M_SETFIB(_m, _fib) do {						\
	KASSERT((_m)->m_flags & M_PKTHDR,				\
	    ("Attempt to set FIB on non header mbuf."));		\
	((_m)->m_pkthdr.fibnum) = (_fib);				\
} while (0)
#define	M_GETFIB(_m)	((_m)->m_pkthdr.fibnum)

struct mbuf	*_m_get(int how, short type, const char *file, int line);
struct mbuf	*_m_gethdr(int how, short type, const char *file, int line);
struct mbuf	*_m_getcl(int how, short type, int flags, const char *file,
		    int line);
struct mbuf	*_m_getm2(struct mbuf *m, int len, int how, short type,
		    int flags, const char *file, int line);
struct mbuf	*_m_free(struct mbuf *m, const char *file, int line);
void		 _m_freem(struct mbuf *m, const char *file, int line);
struct mbuf	*_m_uiotombuf(struct uio *uio, int how, int len, int align,
		    int flags, const char *file, int line);
struct mbuf	*_m_prepend(struct mbuf *m, int len, int how,
		    const char *file, int line);
struct mbuf	*_m_pullup(struct mbuf *m, int len, const char *file,
		    int line);
void		 m_adj(struct mbuf *m, int req_len);
u_int		 m_length(struct mbuf *m, struct mbuf **last);
u_int		 m_fixhdr(struct mbuf *m);
void		 m_copydata(const struct mbuf *m, int off, int len, caddr_t cp);
void		 m_move_pkthdr(struct mbuf *to, struct mbuf *from);

#define	m_get(how, type)	_m_get((how), (type), __FILE__, __LINE__)
#define	m_gethdr(how, type)	_m_gethdr((how), (type), __FILE__, __LINE__)
#define	m_getcl(how, type, flags)					\
	_m_getcl((how), (type), (flags), __FILE__, __LINE__)
#define	m_getm2(m, len, how, type, flags)				\
	_m_getm2((m), (len), (how), (type), (flags), __FILE__, __LINE__)
#define	m_free(m)		_m_free((m), __FILE__, __LINE__)
#define	m_freem(m)		_m_freem((m), __FILE__, __LINE__)
#define	m_uiotombuf(uio, how, len, align, flags)			\
	_m_uiotombuf((uio), (how), (len), (align), (flags), __FILE__, __LINE__)
#define	m_prepend(m, len, how)	_m_prepend((m), (len), (how), __FILE__, __LINE__)
#define	m_pullup(m, len)	_m_pullup((m), (len), __FILE__, __LINE__)

/*
 * Arrange to prepend space of size plen to mbuf m.  If a new mbuf must be
 * allocated, how specifies whether to wait.  If the allocation fails, the
 * original mbuf chain is freed and m is set to NULL.
 */
#define	M_PREPEND(m, plen, how) do {					\
	struct mbuf **_mmp = &(m);					\
	struct mbuf *_mm = _m_live(*_mmp, __FILE__, __LINE__);		\
	int _mplen = (plen);						\
	int __mhow = (how);						\
									\
	if (M_LEADINGSPACE(_mm) >= _mplen) {				\
		_mm->m_data -= _mplen;					\
		_mm->m_len += _mplen;					\
	} else								\
		_mm = _m_prepend(_mm, _mplen, __mhow, __FILE__, __LINE__); \
	if (_mm != NULL && _mm->m_flags & M_PKTHDR)			\
		_mm->m_pkthdr.len += _mplen;				\
	*_mmp = _mm;							\
} while (0)

/*
 * csum_flags: the offloads a packet asks of (or got from) the hardware,
 * FreeBSD's bits.  Nothing in the simulation offloads: no interface here
 * advertises a checksum or TSO capability unless a driver sets it, and
 * no protocol sets these bits, so a packet never carries one.  They exist
 * for drivers (if_tuntap.c since the October 2019 virtio-net header
 * support) that test or translate them.
 */
#define	CSUM_IP			0x00000001	/* IP header checksum */
#define	CSUM_IP_UDP		0x00000002	/* UDP checksum */
#define	CSUM_IP_TCP		0x00000004	/* TCP checksum */
#define	CSUM_IP_SCTP		0x00000008	/* SCTP checksum */
#define	CSUM_IP_TSO		0x00000010	/* TCP segmentation offload */
#define	CSUM_IP_ISCSI		0x00000020	/* iSCSI checksum */
#define	CSUM_IP6_UDP		0x00000200	/* UDP checksum over IPv6 */
#define	CSUM_IP6_TCP		0x00000400	/* TCP checksum over IPv6 */
#define	CSUM_IP6_SCTP		0x00000800	/* SCTP checksum over IPv6 */
#define	CSUM_IP6_TSO		0x00001000	/* TSO over IPv6 */
#define	CSUM_IP6_ISCSI		0x00002000	/* iSCSI checksum over IPv6 */
#define	CSUM_UDP		CSUM_IP_UDP
#define	CSUM_TCP		CSUM_IP_TCP
#define	CSUM_SCTP		CSUM_IP_SCTP
#define	CSUM_TSO		(CSUM_IP_TSO | CSUM_IP6_TSO)
#define	CSUM_UDP_IPV6		CSUM_IP6_UDP
#define	CSUM_TCP_IPV6		CSUM_IP6_TCP
#define	CSUM_SCTP_IPV6		CSUM_IP6_SCTP

#endif /* !_SIM_SYS_MBUF_H_ */
