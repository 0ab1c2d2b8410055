/* Stands for sys/kern/subr_uio.c at FreeBSD edca4938 (2019).
 * subr_uio.c - uiomove(9) (FreeBSD sys/kern/subr_uio.c).
 *
 * Copies between a kernel buffer and the iovecs of a uio, advancing it.
 * User memory is host memory here; a copy to or from user space is still
 * a scheduling point and, as in FreeBSD, WITNESS warns when it is made
 * with a non-sleepable lock held (a page fault could sleep).
 * Not modelled: faults on user addresses (EFAULT), UIO_NOCOPY.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/proc.h>
#include <sys/uio.h>

/* Move n bytes between cp and uio, in the direction uio_rw says. */
int
uiomove(void *cp, int n, struct uio *uio)
{
	struct iovec *iov;
	size_t cnt;
	int error;

	KASSERT(uio->uio_rw == UIO_READ || uio->uio_rw == UIO_WRITE,
	    ("uiomove: mode"));
	KASSERT(uio->uio_segflg != UIO_USERSPACE || uio->uio_td == curthread,
	    ("uiomove proc"));
	if (uio->uio_segflg == UIO_USERSPACE)
		WITNESS_WARN(WARN_GIANTOK | WARN_SLEEPOK, NULL,
		    "Calling uiomove()");
	error = 0;
	while (n > 0 && uio->uio_resid) {
		iov = uio->uio_iov;
		cnt = iov->iov_len;
		if (cnt == 0) {
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		if (cnt > (size_t)n)
			cnt = n;

		switch (uio->uio_segflg) {
		case UIO_USERSPACE:
			sim_point(uio->uio_rw == UIO_READ ? "copyout" :
			    "copyin", NULL, SIM_ACC_NONE, __FILE__, __LINE__);
			/* FALLTHROUGH */
		case UIO_SYSSPACE:
			if (uio->uio_rw == UIO_READ)
				bcopy(cp, iov->iov_base, cnt);
			else
				bcopy(iov->iov_base, cp, cnt);
			break;
		case UIO_NOCOPY:
			break;
		}
		iov->iov_base = (char *)iov->iov_base + cnt;
		iov->iov_len -= cnt;
		uio->uio_resid -= cnt;
		uio->uio_offset += cnt;
		cp = (char *)cp + cnt;
		n -= cnt;
	}
	return (error);
}
