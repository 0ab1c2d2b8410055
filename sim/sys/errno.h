/* Stands for sys/sys/errno.h at FreeBSD edca4938 (2019).
 * errno.h - FreeBSD's error numbers, as the kernel returns them.
 * The simulated kernel never includes the host's <errno.h>.
 */
#ifndef _SIM_SYS_ERRNO_H_
#define _SIM_SYS_ERRNO_H_

#define	EPERM		1
#define	ENOENT		2
#define	ESRCH		3
#define	EINTR		4
#define	EIO		5
#define	ENXIO		6
#define	E2BIG		7
#define	ENOEXEC		8
#define	EBADF		9
#define	ECHILD		10
#define	EDEADLK		11
#define	ENOMEM		12
#define	EACCES		13
#define	EFAULT		14
#define	EBUSY		16
#define	EEXIST		17
#define	EXDEV		18
#define	ENODEV		19
#define	ENOTDIR		20
#define	EISDIR		21
#define	EINVAL		22
#define	ENFILE		23
#define	EMFILE		24
#define	ENOTTY		25
#define	EFBIG		27
#define	ENOSPC		28
#define	ESPIPE		29
#define	EROFS		30
#define	EPIPE		32
#define	EDOM		33
#define	ERANGE		34
#define	EAGAIN		35
#define	EWOULDBLOCK	EAGAIN
#define	EINPROGRESS	36
#define	EALREADY	37
#define	ENOTSOCK	38
#define	EDESTADDRREQ	39
#define	EMSGSIZE	40
#define	EPROTOTYPE	41
#define	ENOPROTOOPT	42
#define	EPROTONOSUPPORT	43
#define	EOPNOTSUPP	45
#define	EAFNOSUPPORT	47
#define	EADDRINUSE	48
#define	EADDRNOTAVAIL	49
#define	ENETDOWN	50
#define	ENETUNREACH	51
#define	ENOBUFS		55
#define	ENAMETOOLONG	63
#define	EHOSTDOWN	64
#define	EHOSTUNREACH	65
#define	ENOTSUP		EOPNOTSUPP

/* Kernel-internal, never returned to user space. */
#define	ERESTART	(-1)
#define	EJUSTRETURN	(-2)
#define	ENOIOCTL	(-3)	/* ioctl not handled by this layer */

#endif /* !_SIM_SYS_ERRNO_H_ */
