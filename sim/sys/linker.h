/* Stands for sys/sys/linker.h at FreeBSD edca4938 (2019).
 * linker.h - the kernel linker's internal interface (sys/sys/linker.h):
 * SYSINIT ordering shared by boot (init_main.c) and kldload
 * (kern_linker.c), and the copy of pristine data images.
 */
#ifndef _SIM_SYS_LINKER_H_
#define _SIM_SYS_LINKER_H_

#include <sys/param.h>
#include <sys/kernel.h>

/*
 * Sort n SYSINIT entries by (subsystem, order), ascending or descending,
 * ties in declaration order (file, then line).
 */
void	sysinit_sort(struct sysinit **list, size_t n, bool descending);
/* Copy a data image byte by byte (safe inside ASan-instrumented data). */
void	linker_image_copy(void *dst, const void *src, size_t len);
/* The module's data and bss as bytes, for a snapshot (sim_kern_snap_*). */
size_t	linker_snap_size(void);
void	linker_snap_save(void *buf);
void	linker_snap_restore(const void *buf);

#endif /* !_SIM_SYS_LINKER_H_ */
