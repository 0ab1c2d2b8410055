/* Stands for sys/sys/jail.h at FreeBSD edca4938 (2019).
 * jail.h - prisons (sys/sys/jail.h).
 *
 * Every simulated process runs in the host prison (prison0): nothing here
 * is jailed, so the header declares no prison operations.  if_tuntap.c
 * includes it but calls none of them; a driver that does gets a compile
 * error naming the missing function, never a silent stub.
 */
#ifndef _SIM_SYS_JAIL_H_
#define _SIM_SYS_JAIL_H_

#include <sys/param.h>

#endif /* _SIM_SYS_JAIL_H_ */
