/* Stands for sys/sys/filio.h at FreeBSD edca4938 (2019).
 * filio.h - generic file ioctls, as FreeBSD's sys/sys/filio.h.
 * kern_ioctl() handles FIONBIO/FIOASYNC itself (setting f_flag) and then
 * passes them on to the device; the rest go to the device only.
 */
#ifndef _SIM_SYS_FILIO_H_
#define _SIM_SYS_FILIO_H_

#include <sys/ioccom.h>

#define	FIOCLEX		_IO('f', 1)		/* set close on exec on fd */
#define	FIONCLEX	_IO('f', 2)		/* remove close on exec */
#define	FIONREAD	_IOR('f', 127, int)	/* get # bytes to read */
#define	FIONBIO		_IOW('f', 126, int)	/* set/clear non-blocking i/o */
#define	FIOASYNC	_IOW('f', 125, int)	/* set/clear async i/o */
#define	FIOSETOWN	_IOW('f', 124, int)	/* set owner */
#define	FIOGETOWN	_IOR('f', 123, int)	/* get owner */

#endif /* !_SIM_SYS_FILIO_H_ */
