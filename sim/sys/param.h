/* Stands for sys/sys/param.h at FreeBSD edca4938 (2019).
 * param.h - basic kernel types and constants for the simulated kernel.
 *
 * The simulated kernel may include the compiler's <stddef.h>, <stdint.h>,
 * <stdbool.h>, <stdarg.h> and the host's <string.h>/<stdio.h> (for string
 * functions only).  It must never include <stdlib.h> or <errno.h>: malloc,
 * free and errno are the kernel's own here.  Headers in sim/sys/ must not be
 * named like glibc internals (cdefs.h, types.h, select.h).
 */
#ifndef _SIM_SYS_PARAM_H_
#define _SIM_SYS_PARAM_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>

#include "sim.h"
#include <sys/errno.h>
#include <sys/queue.h>

typedef unsigned char	u_char;
typedef unsigned short	u_short;
typedef unsigned int	u_int;
typedef unsigned long	u_long;
typedef uint8_t		u_int8_t;
typedef uint16_t	u_int16_t;
typedef uint32_t	u_int32_t;
typedef uint64_t	u_int64_t;
typedef char		*caddr_t;
typedef const char	*c_caddr_t;
/* ssize_t and off_t come from the host's <stdio.h>. */
typedef int32_t		pid_t;
typedef uint32_t	uid_t;
typedef uint32_t	gid_t;
typedef uint16_t	mode_t;
typedef uint8_t		sa_family_t;

#define	nitems(x)	(sizeof((x)) / sizeof((x)[0]))
#define	__DECONST(type, var)	((type)(uintptr_t)(const void *)(var))
#define	__unused	__attribute__((__unused__))
#ifndef __containerof
#define	__containerof(x, s, m)						\
	((s *)(void *)((char *)(x) - offsetof(s, m)))
#endif
#ifndef __aligned
#define	__aligned(x)	__attribute__((__aligned__(x)))
#endif
#define	__packed	__attribute__((__packed__))
#define	__predict_false(x)	__builtin_expect((x), 0)
#define	__predict_true(x)	__builtin_expect((x), 1)
#define	MIN(a, b)	(((a) < (b)) ? (a) : (b))
#define	MAX(a, b)	(((a) > (b)) ? (a) : (b))
#define	roundup2(x, y)	(((x) + ((y) - 1)) & (~((y) - 1)))
#define	hz		SIM_HZ
#define	MAXCOMLEN	19
#define	SPECNAMELEN	255
#define	PZERO		22
#define	PRIBIO		16
#define	PSOCK		24
#define	PWAIT		32
#define	PCATCH		0x100
#define	PDROP		0x200
#define	PRIMASK		0x0ff

#define	htonl(x)	__builtin_bswap32((uint32_t)(x))
#define	ntohl(x)	__builtin_bswap32((uint32_t)(x))
#define	htons(x)	__builtin_bswap16((uint16_t)(x))
#define	ntohs(x)	__builtin_bswap16((uint16_t)(x))

static inline int imin(int a, int b) { return (a < b ? a : b); }
static inline int imax(int a, int b) { return (a > b ? a : b); }
#define	min(a, b)	imin((int)(a), (int)(b))

/*
 * Kernel image data.  Every mutable static of the simulated kernel is
 * marked __kdata: sim_kern_boot() restores the whole set from the image
 * before each execution, as a reboot would.  Module data (__moddata) is
 * restored when the module is loaded, as kldload maps a fresh copy.
 */
#define	__kdata		__attribute__((section("set_tunsim_kdata"), used))
#define	__moddata	__attribute__((section("set_tunsim_moddata"), used))

#endif /* !_SIM_SYS_PARAM_H_ */
