/* Stands for sys/sys/ioccom.h at FreeBSD edca4938 (2019).
 * ioccom.h - ioctl command encoding, as FreeBSD's sys/sys/ioccom.h.
 *
 * A command carries its group, number, parameter length and direction
 * (IOC_IN: copied in before the driver runs, IOC_OUT: copied out after it
 * succeeds, IOC_VOID: none, or an int passed by value with _IOWINT).
 */
#ifndef _SIM_SYS_IOCCOM_H_
#define _SIM_SYS_IOCCOM_H_

#define	IOCPARM_SHIFT	13		/* number of bits for ioctl size */
#define	IOCPARM_MASK	((1 << IOCPARM_SHIFT) - 1) /* parameter length mask */
#define	IOCPARM_LEN(x)	(((x) >> 16) & IOCPARM_MASK)
#define	IOCBASECMD(x)	((x) & ~(IOCPARM_MASK << 16))
#define	IOCGROUP(x)	(((x) >> 8) & 0xff)

#define	IOCPARM_MAX	(1 << IOCPARM_SHIFT) /* max size of ioctl */
#define	IOC_VOID	0x20000000UL	/* no parameters */
#define	IOC_OUT		0x40000000UL	/* copy out parameters */
#define	IOC_IN		0x80000000UL	/* copy in parameters */
#define	IOC_INOUT	(IOC_IN | IOC_OUT)
#define	IOC_DIRMASK	(IOC_VOID | IOC_OUT | IOC_IN)

#define	_IOC(inout, group, num, len)	((unsigned long)		\
	((inout) | (((len) & IOCPARM_MASK) << 16) | ((group) << 8) | (num)))
#define	_IO(g, n)	_IOC(IOC_VOID, (g), (n), 0)
#define	_IOWINT(g, n)	_IOC(IOC_VOID, (g), (n), sizeof(int))
#define	_IOR(g, n, t)	_IOC(IOC_OUT, (g), (n), sizeof(t))
#define	_IOW(g, n, t)	_IOC(IOC_IN, (g), (n), sizeof(t))
/* this should be _IORW, but stdio got there first */
#define	_IOWR(g, n, t)	_IOC(IOC_INOUT, (g), (n), sizeof(t))

#endif /* !_SIM_SYS_IOCCOM_H_ */
