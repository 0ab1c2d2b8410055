/*
 * t_mbuf.c - kernel side of tests/check_mbuf.c: mbuf allocation, the
 * M_NOWAIT fault sites, chains, M_PREPEND, m_adj/m_pullup, and the ledger
 * checks (leak, double free, use after free).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mbuf.h>
#include <sys/proc.h>
#include <sys/uio.h>

static char t_buf[5000] __kdata;

/* A write(2)-style uio over t_buf[0..len). */
static void
t_uio(struct uio *uio, struct iovec *iov, int len)
{
	int i;

	for (i = 0; i < len; i++)
		t_buf[i] = (char)i;
	iov->iov_base = t_buf;
	iov->iov_len = len;
	bzero(uio, sizeof(*uio));
	uio->uio_iov = iov;
	uio->uio_iovcnt = 1;
	uio->uio_resid = len;
	uio->uio_segflg = UIO_USERSPACE;
	uio->uio_rw = UIO_WRITE;
	uio->uio_td = curthread;
}

/* m_uiotombuf copies everything, honours align, and sets the header. */
void
t_mbuf_uiotombuf(void)
{
	struct iovec iov;
	struct uio uio;
	struct mbuf *m;
	char out[5000];

	t_uio(&uio, &iov, 100);
	m = m_uiotombuf(&uio, M_NOWAIT, 0, 2, M_PKTHDR);
	KASSERT(m != NULL, ("m_uiotombuf failed without faults"));
	KASSERT(m->m_pkthdr.len == 100 && m->m_len == 100 &&
	    m->m_next == NULL, ("small packet layout"));
	KASSERT(M_LEADINGSPACE(m) == 2, ("align"));
	KASSERT(mtod(m, char *)[99] == 99 && uio.uio_resid == 0, ("data"));
	m_freem(m);

	/* A packet bigger than a page is a chain. */
	t_uio(&uio, &iov, 5000);
	m = m_uiotombuf(&uio, M_WAITOK, 0, 0, M_PKTHDR);
	KASSERT(m->m_pkthdr.len == 5000 && m->m_next != NULL &&
	    m_length(m, NULL) == 5000, ("chain"));
	m_copydata(m, 0, 5000, out);
	KASSERT(memcmp(out, t_buf, 5000) == 0, ("chain data"));
	m_freem(m);
}

/* With every M_NOWAIT site failing, m_uiotombuf(M_NOWAIT) is NULL. */
void
t_mbuf_uiotombuf_nowait_fails(void)
{
	struct iovec iov;
	struct uio uio;
	struct mbuf *m;

	t_uio(&uio, &iov, 100);
	m = m_uiotombuf(&uio, M_NOWAIT, 0, 0, M_PKTHDR);
	KASSERT(m == NULL, ("M_NOWAIT allocation did not fail"));
}

/* ... while M_WAITOK never fails. */
void
t_mbuf_uiotombuf_waitok_succeeds(void)
{
	struct iovec iov;
	struct uio uio;
	struct mbuf *m;

	t_uio(&uio, &iov, 100);
	m = m_uiotombuf(&uio, M_WAITOK, 0, 0, M_PKTHDR);
	KASSERT(m != NULL, ("M_WAITOK allocation failed"));
	m_freem(m);
}

/* M_PREPEND without leading space fails under faults and frees m. */
void
t_mbuf_prepend_fails(void)
{
	struct mbuf *m;

	m = m_gethdr(M_WAITOK, MT_DATA);
	m->m_len = m->m_pkthdr.len = 20;
	M_PREPEND(m, 4, M_NOWAIT);
	KASSERT(m == NULL, ("M_PREPEND did not fail"));
	/* The chain is gone: the leak check after teardown passes. */
}

/* M_PREPEND into leading space needs no allocation (cannot fail). */
void
t_mbuf_prepend_leading_space(void)
{
	struct mbuf *m, *m0;

	m0 = m = m_gethdr(M_WAITOK, MT_DATA);
	m->m_data += 8;
	m->m_len = m->m_pkthdr.len = 20;
	M_PREPEND(m, 4, M_NOWAIT);
	KASSERT(m == m0 && m->m_len == 24 && m->m_pkthdr.len == 24,
	    ("in-place prepend"));
	M_PREPEND(m, 16, M_WAITOK);
	KASSERT(m != m0 && m->m_next == m0 && m->m_len == 16 &&
	    m->m_pkthdr.len == 40 && (m0->m_flags & M_PKTHDR) == 0,
	    ("prepend with a new mbuf"));
	m_freem(m);
}

/* m_pullup makes a header contiguous; m_adj trims head and tail. */
void
t_mbuf_adj_pullup(void)
{
	struct mbuf *m, *n;
	int i;

	m = m_gethdr(M_WAITOK, MT_DATA);
	n = m_get(M_WAITOK, MT_DATA);
	m->m_next = n;
	m->m_len = 2;
	n->m_len = 6;
	m->m_pkthdr.len = 8;
	for (i = 0; i < 2; i++)
		mtod(m, char *)[i] = i;
	for (i = 0; i < 6; i++)
		mtod(n, char *)[i] = i + 2;
	m = m_pullup(m, 4);
	KASSERT(m != NULL && m->m_len == 4 && m->m_next == n &&
	    n->m_len == 4 && mtod(m, char *)[3] == 3, ("pullup"));
	m_adj(m, 4);
	KASSERT(m->m_pkthdr.len == 4 && m_length(m, NULL) == 4 &&
	    mtod(n, char *)[0] == 4, ("m_adj head"));
	m_adj(m, -2);
	KASSERT(m->m_pkthdr.len == 2 && m_length(m, NULL) == 2,
	    ("m_adj tail"));
	m_freem(m);
}

/* An mbuf never freed. */
void
t_mbuf_leak(void)
{

	(void)m_gethdr(M_WAITOK, MT_DATA);
}

/* m_freem twice. */
void
t_mbuf_double_free(void)
{
	struct mbuf *m;

	m = m_gethdr(M_WAITOK, MT_DATA);
	m_freem(m);
	m_freem(m);
}

/* mtod on a freed mbuf. */
void
t_mbuf_use_after_free(void)
{
	struct mbuf *m;

	m = m_get(M_WAITOK, MT_DATA);
	m_free(m);
	*mtod(m, char *) = 1;
}
