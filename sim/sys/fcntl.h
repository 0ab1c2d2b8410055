/* Stands for sys/sys/fcntl.h at FreeBSD edca4938 (2019).
 * fcntl.h - open flags and kernel file flags, FreeBSD's values.
 * FFLAGS() turns O_RDONLY/O_WRONLY/O_RDWR into FREAD/FWRITE bits.
 */
#ifndef _SIM_SYS_FCNTL_H_
#define _SIM_SYS_FCNTL_H_

#define	O_RDONLY	0x0000		/* open for reading only */
#define	O_WRONLY	0x0001		/* open for writing only */
#define	O_RDWR		0x0002		/* open for reading and writing */
#define	O_ACCMODE	0x0003		/* mask for above modes */

#define	FREAD		0x0001
#define	FWRITE		0x0002
#define	O_NONBLOCK	0x0004		/* no delay */
#define	O_APPEND	0x0008		/* set append mode */
#define	O_ASYNC		0x0040		/* signal pgrp when data ready */
#define	O_FSYNC		0x0080		/* synchronous writes */
#define	O_CREAT		0x0200		/* create if nonexistent */
#define	O_TRUNC		0x0400		/* truncate to zero length */
#define	O_EXCL		0x0800		/* error if already exists */
#define	O_NOCTTY	0x8000		/* don't assign controlling terminal */
#define	O_DIRECT	0x00010000
#define	O_DIRECTORY	0x00020000	/* Fail if not directory */
#define	O_VERIFY	0x00200000	/* open only after verification */

#define	FNONBLOCK	O_NONBLOCK
#define	FASYNC		O_ASYNC
#define	FAPPEND		O_APPEND

/* Kernel encoding of open mode: FREAD/FWRITE from O_ACCMODE. */
#define	FFLAGS(oflags)	((oflags) + 1)
#define	OFLAGS(fflags)	((fflags) - 1)

/* Only for devfs d_close() flags. */
#define	FLASTCLOSE	O_DIRECTORY
#define	FREVOKE		O_VERIFY

#endif /* !_SIM_SYS_FCNTL_H_ */
