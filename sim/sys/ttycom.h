/* Stands for sys/sys/ttycom.h at FreeBSD edca4938 (2019).
 * ttycom.h - the two tty ioctls tun(4)/tap(4) accept (deprecated
 * process-group forms of FIOSETOWN/FIOGETOWN), FreeBSD's values.
 */
#ifndef _SIM_SYS_TTYCOM_H_
#define _SIM_SYS_TTYCOM_H_

#include <sys/ioccom.h>

#define	TIOCSPGRP	_IOW('t', 118, int)	/* set pgrp of tty */
#define	TIOCGPGRP	_IOR('t', 119, int)	/* get pgrp of tty */

#endif /* !_SIM_SYS_TTYCOM_H_ */
