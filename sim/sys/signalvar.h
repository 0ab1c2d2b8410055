/* Stands for sys/sys/signalvar.h at FreeBSD edca4938 (2019).
 * signalvar.h - signal numbers and the kernel's signal delivery entry
 * points the driver calls (sys/sys/signal.h, sys/sys/signalvar.h).
 * pgsigio() is implemented with the sigio ownership code (fsetown and
 * friends, in kern_descrip.c); this header only declares it.
 */
#ifndef _SIM_SYS_SIGNALVAR_H_
#define _SIM_SYS_SIGNALVAR_H_

#include <sys/param.h>

#define	SIGHUP		1
#define	SIGINT		2
#define	SIGKILL		9
#define	SIGPIPE		13
#define	SIGTERM		15
#define	SIGURG		16
#define	SIGSTOP		17
#define	SIGCHLD		20
#define	SIGIO		23

struct sigio;
struct proc;

void	pgsigio(struct sigio **sigiop, int sig, int checkctty);

#endif /* !_SIM_SYS_SIGNALVAR_H_ */
