/* Stands for sys/kern/uipc_mbuf.c at FreeBSD edca4938 (2019).
 * uipc_mbuf.c - mbuf allocation, chains and the few manipulations the
 * interface code and the tun/tap driver use (FreeBSD's kern_mbuf.c and
 * uipc_mbuf.c).
 *
 * Models: m_get/m_gethdr/m_getcl/m_getm2 with storage of FreeBSD's sizes
 * (MLEN, MHLEN, MCLBYTES, MJUMPAGESIZE), m_free/m_freem, m_uiotombuf as
 * FreeBSD builds a packet from a write(2) (one chain, the first mbuf
 * optionally offset by `align`), m_prepend (used by M_PREPEND when there
 * is no leading space), m_pullup, m_adj, m_length, m_copydata.
 * Fault sites (M_NOWAIT only; M_WAITOK never fails): "m_uiotombuf" (the
 * whole allocation of m_uiotombuf), "M_PREPEND" (the new mbuf of
 * m_prepend), "m_pullup", "m_get" (any other M_NOWAIT allocation).
 * Every allocation and every free is a scheduling point at the caller's
 * line.  Each mbuf is one ledger object of type "mbuf", leak-checked.
 * Does not model: UMA zones and their limits, external storage shared by
 * several mbufs (m_copym), mbuf tags.
 * Locking: none; an mbuf has one owner at a time (a thread or a queue).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/uio.h>

/* mbufs are leak-checked: one alive after teardown is a `leak`. */
static void
mbuf_init(const void *unused __unused)
{

	sim_type_leak_checked("mbuf", true);
}
SYSINIT(mbuf_init, SI_SUB_MBUF, SI_ORDER_FIRST, mbuf_init, NULL);

/*
 * Allocate one mbuf with `size` bytes of storage.  M_NOWAIT allocations
 * fail when the fault plan fails `site`.
 */
static struct mbuf *
m_alloc(int size, int how, short type, int flags, const char *site,
    const char *file, int line)
{
	struct mbuf *m;

	KASSERT(how == M_NOWAIT || how == M_WAITOK,
	    ("m_alloc: bad how %d", how));
	sim_point("m_get", NULL, SIM_ACC_NONE, file, line);
	if (how == M_NOWAIT && sim_fault(site))
		return (NULL);
	m = sim_obj_alloc(sizeof(struct mbuf) + size, "mbuf", false, site,
	    file, line);
	m->m_next = NULL;
	m->m_nextpkt = NULL;
	m->m_buf = m->m_storage;
	m->m_bufsize = size;
	m->m_data = m->m_buf;
	m->m_len = 0;
	m->m_type = type;
	m->m_flags = flags;
	if (size > MLEN)
		m->m_flags |= M_EXT;
	if (flags & M_PKTHDR) {
		m->m_pkthdr.rcvif = NULL;
		m->m_pkthdr.len = 0;
		m->m_pkthdr.fibnum = 0;
		m->m_pkthdr.csum_flags = 0;
		m->m_pkthdr.flowid = 0;
	}
	return (m);
}

/* Allocate a plain mbuf (MLEN bytes of data). */
struct mbuf *
_m_get(int how, short type, const char *file, int line)
{

	return (m_alloc(MLEN, how, type, 0, "m_get", file, line));
}

/* Allocate a packet header mbuf (MHLEN bytes of data). */
struct mbuf *
_m_gethdr(int how, short type, const char *file, int line)
{

	return (m_alloc(MHLEN, how, type, M_PKTHDR, "m_get", file, line));
}

/* Allocate an mbuf with a cluster (MCLBYTES of data). */
struct mbuf *
_m_getcl(int how, short type, int flags, const char *file, int line)
{

	return (m_alloc(MCLBYTES, how, type, flags & M_PKTHDR, "m_get",
	    file, line));
}

/*
 * Allocate a chain with room for len bytes, appended to m if given, as
 * FreeBSD's m_getm2: page-sized jumbo clusters while more than MCLBYTES
 * remain, a cluster for at least MINCLSIZE, else a plain or header mbuf.
 * On failure everything allocated here is freed and NULL returned (m is
 * left alone).
 */
static struct mbuf *
m_getm2_site(struct mbuf *m, int len, int how, short type, int flags,
    const char *site, const char *file, int line)
{
	struct mbuf *mb, *nm = NULL, *mtail = NULL;
	int size;

	KASSERT(len >= 0, ("%s: len is < 0", __func__));

	/* Validate flags. */
	flags &= (M_PKTHDR | M_EOR);

	/* Packet header mbuf must be first in chain. */
	if ((flags & M_PKTHDR) && m != NULL)
		flags &= ~M_PKTHDR;

	/* Loop and append maximum sized mbufs to the chain tail. */
	while (len > 0) {
		if (len > MCLBYTES)
			size = MJUMPAGESIZE;
		else if (len >= MINCLSIZE)
			size = MCLBYTES;
		else if (flags & M_PKTHDR)
			size = MHLEN;
		else
			size = MLEN;
		mb = m_alloc(size, how, type, flags & M_PKTHDR, site, file,
		    line);
		if (mb == NULL) {
			if (nm != NULL)
				_m_freem(nm, file, line);
			return (NULL);
		}
		len -= size;
		if (mtail != NULL)
			mtail->m_next = mb;
		else
			nm = mb;
		mtail = mb;
		flags &= ~M_PKTHDR;	/* Only valid on the first mbuf. */
	}
	if (flags & M_EOR)
		mtail->m_flags |= M_EOR;  /* Only valid on the last mbuf. */

	/* If mbuf was supplied, append new chain to the end of it. */
	if (m != NULL) {
		for (mtail = m; mtail->m_next != NULL; mtail = mtail->m_next)
			;
		mtail->m_next = nm;
		mtail->m_flags &= ~M_EOR;
	} else
		m = nm;

	return (m);
}

/* m_getm2(9): allocate a chain of at least len bytes. */
struct mbuf *
_m_getm2(struct mbuf *m, int len, int how, short type, int flags,
    const char *file, int line)
{

	return (m_getm2_site(m, len, how, type, flags, "m_get", file, line));
}

/* Free one mbuf and return the next one of its chain. */
struct mbuf *
_m_free(struct mbuf *m, const char *file, int line)
{
	struct mbuf *n;

	sim_point("m_free", m, SIM_ACC_WRITE, file, line);
	n = m->m_next;		/* a freed m is reported by sim_obj_free */
	sim_obj_free(m, file, line);
	return (n);
}

/* Free a whole chain; NULL is allowed. */
void
_m_freem(struct mbuf *mb, const char *file, int line)
{

	if (mb == NULL)
		return;
	sim_point("m_freem", mb, SIM_ACC_WRITE, file, line);
	while (mb != NULL) {
		struct mbuf *n;

		n = mb->m_next;	/* a freed mb is reported by sim_obj_free */
		sim_obj_free(mb, file, line);
		mb = n;
	}
}

/*
 * Copy a uio into a new mbuf chain (a write(2) packet): up to len bytes
 * (all of it when len is 0), the first mbuf's data offset by align.  The
 * whole allocation fails at the fault site "m_uiotombuf" under M_NOWAIT.
 */
struct mbuf *
_m_uiotombuf(struct uio *uio, int how, int len, int align, int flags,
    const char *file, int line)
{
	struct mbuf *m, *mb;
	int error, length;
	ssize_t total;
	int progress = 0;

	/*
	 * len can be zero or an arbitrary large value bound by
	 * the total data supplied by the uio.
	 */
	if (len > 0)
		total = (uio->uio_resid < len) ? uio->uio_resid : len;
	else
		total = uio->uio_resid;

	/*
	 * The smallest unit returned by m_getm2() is a single mbuf
	 * with pkthdr.  We can't align past it.
	 */
	if (align >= MHLEN)
		return (NULL);

	/*
	 * Give us the full allocation or nothing.
	 * If len is zero return the smallest empty mbuf.
	 */
	m = m_getm2_site(NULL, imax(total + align, 1), how, MT_DATA, flags,
	    "m_uiotombuf", file, line);
	if (m == NULL)
		return (NULL);
	m->m_data += align;

	/* Fill all mbufs with uio data and update header information. */
	for (mb = m; mb != NULL; mb = mb->m_next) {
		length = imin(M_TRAILINGSPACE(mb), total - progress);

		error = uiomove(mtod(mb, void *), length, uio);
		if (error) {
			_m_freem(m, file, line);
			return (NULL);
		}

		mb->m_len = length;
		progress += length;
		if (flags & M_PKTHDR)
			m->m_pkthdr.len += length;
	}
	KASSERT(progress == total, ("%s: progress != total", __func__));

	return (m);
}

/* Move the packet header from one mbuf to another. */
void
m_move_pkthdr(struct mbuf *to, struct mbuf *from)
{

	to->m_flags = (from->m_flags & M_COPYFLAGS) |
	    (to->m_flags & M_EXT);
	if ((to->m_flags & M_EXT) == 0)
		to->m_data = to->m_buf;
	to->m_pkthdr = from->m_pkthdr;		/* especially tags */
	from->m_flags &= ~M_PKTHDR;
}

/*
 * Lesser-used path for M_PREPEND: allocate a new mbuf to prepend to the
 * chain, copy junk along.  On failure (fault site "M_PREPEND" under
 * M_NOWAIT) the chain is freed and NULL returned.
 */
struct mbuf *
_m_prepend(struct mbuf *m, int len, int how, const char *file, int line)
{
	struct mbuf *mn;

	if (m->m_flags & M_PKTHDR)
		mn = m_alloc(MHLEN, how, m->m_type, M_PKTHDR, "M_PREPEND",
		    file, line);
	else
		mn = m_alloc(MLEN, how, m->m_type, 0, "M_PREPEND", file,
		    line);
	if (mn == NULL) {
		_m_freem(m, file, line);
		return (NULL);
	}
	if (m->m_flags & M_PKTHDR)
		m_move_pkthdr(mn, m);
	mn->m_next = m;
	m = mn;
	if (len < M_SIZE(m))
		M_ALIGN(m, len);
	m->m_len = len;
	return (m);
}

/*
 * Rearrange an mbuf chain so that len bytes are contiguous and in the
 * data area of the first mbuf.  If there is room it is used, else a new
 * mbuf is allocated (fault site "m_pullup"; m_pullup is always
 * M_NOWAIT).  On failure the chain is freed and NULL returned.
 */
struct mbuf *
_m_pullup(struct mbuf *n, int len, const char *file, int line)
{
	struct mbuf *m;
	int count;
	int space;

	sim_obj_check(n, "mbuf", file, line);
	/*
	 * If first mbuf has no cluster, and has room for len bytes
	 * without shifting current data, pullup into it,
	 * otherwise allocate a new mbuf to prepend to the chain.
	 */
	if ((n->m_flags & M_EXT) == 0 &&
	    n->m_data + len < n->m_buf + M_SIZE(n) && n->m_next) {
		if (n->m_len >= len)
			return (n);
		m = n;
		n = n->m_next;
		len -= m->m_len;
	} else {
		if (len > MHLEN)
			goto bad;
		m = m_alloc(MHLEN, M_NOWAIT, n->m_type, n->m_flags & M_PKTHDR,
		    "m_pullup", file, line);
		if (m == NULL)
			goto bad;
		if (n->m_flags & M_PKTHDR)
			m_move_pkthdr(m, n);
	}
	space = (m->m_buf + M_SIZE(m)) - (m->m_data + m->m_len);
	do {
		count = imin(imin(imax(len, 0), space), n->m_len);
		bcopy(mtod(n, caddr_t), mtod(m, caddr_t) + m->m_len,
		    (u_int)count);
		len -= count;
		m->m_len += count;
		n->m_len -= count;
		space -= count;
		if (n->m_len)
			n->m_data += count;
		else
			n = _m_free(n, file, line);
	} while (len > 0 && n);
	if (len > 0) {
		_m_free(m, file, line);
		goto bad;
	}
	m->m_next = n;
	return (m);
bad:
	_m_freem(n, file, line);
	return (NULL);
}

/*
 * Trim req_len bytes of data from the head (positive) or the tail
 * (negative) of the chain, keeping the packet header length in step.
 */
void
m_adj(struct mbuf *mp, int req_len)
{
	int len = req_len;
	struct mbuf *m;
	int count;

	if ((m = mp) == NULL)
		return;
	sim_obj_check(mp, "mbuf", __FILE__, __LINE__);
	if (len >= 0) {
		/* Trim from head. */
		while (m != NULL && len > 0) {
			if (m->m_len <= len) {
				len -= m->m_len;
				m->m_len = 0;
				m = m->m_next;
			} else {
				m->m_len -= len;
				m->m_data += len;
				len = 0;
			}
		}
		if (mp->m_flags & M_PKTHDR)
			mp->m_pkthdr.len -= (req_len - len);
	} else {
		/* Trim from tail: find the new length, then cut. */
		len = -len;
		count = 0;
		for (m = mp; m != NULL; m = m->m_next)
			count += m->m_len;
		count = imax(count - len, 0);
		if (mp->m_flags & M_PKTHDR)
			mp->m_pkthdr.len = count;
		for (m = mp; m != NULL; m = m->m_next) {
			if (m->m_len >= count) {
				m->m_len = count;
				for (m = m->m_next; m != NULL; m = m->m_next)
					m->m_len = 0;
				break;
			}
			count -= m->m_len;
		}
	}
}

/* Total data length of a chain; *last gets its last mbuf. */
u_int
m_length(struct mbuf *m0, struct mbuf **last)
{
	struct mbuf *m;
	u_int len;

	len = 0;
	for (m = m0; m != NULL; m = m->m_next) {
		len += m->m_len;
		if (m->m_next == NULL)
			break;
	}
	if (last != NULL)
		*last = m;
	return (len);
}

/* Recompute m_pkthdr.len from the chain. */
u_int
m_fixhdr(struct mbuf *m0)
{
	u_int len;

	len = m_length(m0, NULL);
	m0->m_pkthdr.len = len;
	return (len);
}

/* Copy len bytes from offset off of the chain into cp. */
void
m_copydata(const struct mbuf *m, int off, int len, caddr_t cp)
{
	u_int count;

	KASSERT(off >= 0, ("m_copydata, negative off %d", off));
	KASSERT(len >= 0, ("m_copydata, negative len %d", len));
	while (off > 0) {
		KASSERT(m != NULL, ("m_copydata, offset > size of mbuf chain"));
		if (off < m->m_len)
			break;
		off -= m->m_len;
		m = m->m_next;
	}
	while (len > 0) {
		KASSERT(m != NULL, ("m_copydata, length > size of mbuf chain"));
		count = imin(m->m_len - off, len);
		bcopy(m->m_data + off, cp, count);
		len -= count;
		cp += count;
		off = 0;
		m = m->m_next;
	}
}
