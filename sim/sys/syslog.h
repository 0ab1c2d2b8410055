/* Stands for sys/sys/syslog.h at FreeBSD edca4938 (2019).
 * syslog.h - kernel log priorities (sys/sys/syslog.h).
 *
 * log(9) itself is in sys/systm.h: it goes to the trace, as printf does.
 */
#ifndef _SIM_SYS_SYSLOG_H_
#define _SIM_SYS_SYSLOG_H_

#include <sys/systm.h>

#endif /* _SIM_SYS_SYSLOG_H_ */
