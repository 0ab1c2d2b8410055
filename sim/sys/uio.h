/* Stands for sys/sys/uio.h at FreeBSD edca4938 (2019).
 * uio.h - struct uio and uiomove(9).
 *
 * User memory is host memory in the simulation, so UIO_USERSPACE and
 * UIO_SYSSPACE copy the same way; uiomove() is a scheduling point (a copy to
 * user space may fault and sleep in FreeBSD).
 */
#ifndef _SIM_SYS_UIO_H_
#define _SIM_SYS_UIO_H_

#include <sys/param.h>

struct thread;

enum uio_rw { UIO_READ, UIO_WRITE };

/* Segment flag values. */
enum uio_seg {
	UIO_USERSPACE,		/* from user data space */
	UIO_SYSSPACE,		/* from system space */
	UIO_NOCOPY		/* don't copy, already in object */
};

struct iovec {
	void	*iov_base;	/* Base address. */
	size_t	 iov_len;	/* Length. */
};

struct uio {
	struct	iovec *uio_iov;		/* scatter/gather list */
	int	uio_iovcnt;		/* length of scatter/gather list */
	off_t	uio_offset;		/* offset in target object */
	ssize_t	uio_resid;		/* remaining bytes to process */
	enum	uio_seg uio_segflg;	/* address space */
	enum	uio_rw uio_rw;		/* operation */
	struct	thread *uio_td;		/* owner */
};

#define	UIO_MAXIOV	1024		/* max 1K of iov's */

int	uiomove(void *cp, int n, struct uio *uio);

#endif /* !_SIM_SYS_UIO_H_ */
