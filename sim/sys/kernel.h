/* Stands for sys/sys/kernel.h at FreeBSD edca4938 (2019).
 * kernel.h - system initialisation order and linker sets
 * (sys/sys/kernel.h, sys/sys/linker_set.h).
 *
 * SYSINIT/SYSUNINIT entries are pointers collected in ELF sections whose
 * names are C identifiers, so the linker provides __start_<set> and
 * __stop_<set>.  Code built with -DSIM_MODULE (the model, loaded with
 * kldload) puts its entries into separate sets, so kern_linker.c can tell
 * the kernel's boot-time SYSINITs from the module's:
 *
 *	set		kernel			module (SIM_MODULE)
 *	sysinit		set_sysinit_set		set_modsysinit_set
 *	sysuninit	set_sysuninit_set	set_modsysuninit_set
 *	sysctl		set_sysctl_set		set_modsysctl_set
 *	metadata	set_modmetadata_set	set_modmodmetadata_set
 *
 * Ties in (subsystem, order) keep declaration order: every entry records
 * its file and line (kern_linker.c sorts on them; GCC does not promise to
 * emit a file's set entries in source order).
 */
#ifndef _SIM_SYS_KERNEL_H_
#define _SIM_SYS_KERNEL_H_

#include <sys/param.h>

/* glibc's <sys/cdefs.h> may already define these, with the same meaning. */
#ifndef __CONCAT
#define	__CONCAT(x, y)	x ## y
#endif
#ifndef __STRING
#define	__STRING(x)	#x
#endif
#ifndef __XSTRING
#define	__XSTRING(x)	__STRING(x)
#endif

/* Linker sets. */
#define	__MAKE_SET_QV(set, sym)						\
	static void const * const __set_##set##_sym_##sym		\
	__attribute__((__section__("set_" #set), __used__)) = &(sym)
#define	__MAKE_SET(set, sym)	__MAKE_SET_QV(set, sym)
#define	DATA_SET(set, sym)	__MAKE_SET(set, sym)
#define	DATA_WSET(set, sym)	__MAKE_SET(set, sym)
#define	SET_DECLARE(set, ptype)						\
	extern ptype * __attribute__((__weak__)) __CONCAT(__start_set_, set)[];\
	extern ptype * __attribute__((__weak__)) __CONCAT(__stop_set_, set)[]
#define	SET_BEGIN(set)		(__CONCAT(__start_set_, set))
#define	SET_LIMIT(set)		(__CONCAT(__stop_set_, set))
#define	SET_COUNT(set)		(SET_BEGIN(set) == NULL ? 0 :		\
	(size_t)(SET_LIMIT(set) - SET_BEGIN(set)))
#define	SET_FOREACH(pvar, set)						\
	for (pvar = SET_BEGIN(set); pvar != NULL && pvar < SET_LIMIT(set); pvar++)

#ifdef SIM_MODULE
#define	SIM_SET_SYSINIT		modsysinit_set
#define	SIM_SET_SYSUNINIT	modsysuninit_set
#define	SIM_SET_SYSCTL		modsysctl_set
#define	SIM_SET_MODMETADATA	modmodmetadata_set
#else
#define	SIM_SET_SYSINIT		sysinit_set
#define	SIM_SET_SYSUNINIT	sysuninit_set
#define	SIM_SET_SYSCTL		sysctl_set
#define	SIM_SET_MODMETADATA	modmetadata_set
#endif

/* Ticks since boot: the virtual clock. */
#define	ticks	((int)sim_ticks())

enum sysinit_sub_id {
	SI_SUB_DUMMY		= 0x0000000,	/* not executed; for linker */
	SI_SUB_DONE		= 0x0000001,	/* processed */
	SI_SUB_TUNABLES		= 0x0700000,	/* establish tunable values */
	SI_SUB_COPYRIGHT	= 0x0800001,	/* first use of console */
	SI_SUB_VM		= 0x1000000,	/* virtual memory system init */
	SI_SUB_KMEM		= 0x1800000,	/* kernel memory */
	SI_SUB_WITNESS		= 0x1A80000,	/* witness initialization */
	SI_SUB_MTX_POOL_DYNAMIC	= 0x1AC0000,	/* dynamic mutex pool */
	SI_SUB_LOCK		= 0x1B00000,	/* various locks */
	SI_SUB_EVENTHANDLER	= 0x1C00000,	/* eventhandler init */
	SI_SUB_VNET_PRELINK	= 0x1E00000,	/* vnet init before modules */
	SI_SUB_KLD		= 0x2000000,	/* KLD and module setup */
	SI_SUB_CPU		= 0x2100000,	/* CPU resource(s) */
	SI_SUB_RACCT		= 0x2110000,	/* resource accounting */
	SI_SUB_RANDOM		= 0x2160000,	/* random number generator */
	SI_SUB_MAC		= 0x2180000,	/* TrustedBSD MAC subsystem */
	SI_SUB_VNET		= 0x21E0000,	/* vnet 0 */
	SI_SUB_INTRINSIC	= 0x2200000,	/* proc 0 */
	SI_SUB_VM_CONF		= 0x2300000,	/* config VM, set limits */
	SI_SUB_RUN_QUEUE	= 0x2400000,	/* set up run queue */
	SI_SUB_CREATE_INIT	= 0x2500000,	/* create init process */
	SI_SUB_SCHED_IDLE	= 0x2600000,	/* required idle procs */
	SI_SUB_MBUF		= 0x2700000,	/* mbuf subsystem */
	SI_SUB_INTR		= 0x2800000,	/* interrupt threads */
	SI_SUB_TASKQ		= 0x2880000,	/* task queues */
	SI_SUB_SOFTINTR		= 0x2A00000,	/* start soft interrupt thread */
	SI_SUB_DEVFS		= 0x2F00000,	/* devfs ready for devices */
	SI_SUB_INIT_IF		= 0x3000000,	/* prep for net interfaces */
	SI_SUB_DRIVERS		= 0x3100000,	/* Let Drivers initialize */
	SI_SUB_CONFIGURE	= 0x3800000,	/* Configure devices */
	SI_SUB_VFS		= 0x4000000,	/* virtual filesystem */
	SI_SUB_CLOCKS		= 0x4800000,	/* real time and stat clocks */
	SI_SUB_SYSV_SHM		= 0x6400000,	/* System V shared memory */
	SI_SUB_SYSV_SEM		= 0x6800000,	/* System V semaphores */
	SI_SUB_SYSV_MSG		= 0x6C00000,	/* System V message queues */
	SI_SUB_P1003_1B		= 0x6E00000,	/* P1003.1B realtime */
	SI_SUB_PSEUDO		= 0x7000000,	/* pseudo devices */
	SI_SUB_EXEC		= 0x7400000,	/* execve() handlers */
	SI_SUB_PROTO_BEGIN	= 0x8000000,	/* VNET initialization */
	SI_SUB_PROTO_PFIL	= 0x8100000,	/* Initialize pfil before FWs */
	SI_SUB_PROTO_IF		= 0x8400000,	/* interfaces */
	SI_SUB_PROTO_DOMAININIT	= 0x8600000,	/* domain registration system */
	SI_SUB_PROTO_MC		= 0x8700000,	/* Multicast */
	SI_SUB_PROTO_DOMAIN	= 0x8800000,	/* domains (address families?) */
	SI_SUB_PROTO_FIREWALL	= 0x8806000,	/* Firewalls */
	SI_SUB_PROTO_IFATTACHDOMAIN = 0x8808000,/* domain dependent data init */
	SI_SUB_PROTO_END	= 0x8ffffff,	/* VNET helper functions */
	SI_SUB_KPROF		= 0x9000000,	/* kernel profiling */
	SI_SUB_KICK_SCHEDULER	= 0xa000000,	/* start the timeout events */
	SI_SUB_INT_CONFIG_HOOKS	= 0xa800000,	/* Interrupts enabled config */
	SI_SUB_ROOT_CONF	= 0xb000000,	/* Find root devices */
	SI_SUB_INTRINSIC_POST	= 0xd000000,	/* proc 0 cleanup */
	SI_SUB_SYSCALLS		= 0xd800000,	/* register system calls */
	SI_SUB_VNET_DONE	= 0xdc00000,	/* vnet registration complete */
	SI_SUB_KTHREAD_INIT	= 0xe000000,	/* init process */
	SI_SUB_KTHREAD_IDLE	= 0xee00000,	/* idle procs */
	SI_SUB_SMP		= 0xf000000,	/* start the APs */
	SI_SUB_LAST		= 0xfffffff	/* final initialization */
};

enum sysinit_elem_order {
	SI_ORDER_FIRST		= 0x0000000,	/* first */
	SI_ORDER_SECOND		= 0x0000001,	/* second */
	SI_ORDER_THIRD		= 0x0000002,	/* third */
	SI_ORDER_FOURTH		= 0x0000003,	/* fourth */
	SI_ORDER_FIFTH		= 0x0000004,	/* fifth */
	SI_ORDER_SIXTH		= 0x0000005,	/* sixth */
	SI_ORDER_SEVENTH	= 0x0000006,	/* seventh */
	SI_ORDER_EIGHTH		= 0x0000007,	/* eighth */
	SI_ORDER_MIDDLE		= 0x1000000,	/* somewhere in the middle */
	SI_ORDER_ANY		= 0xfffffff	/* last */
};

typedef void (*sysinit_nfunc_t)(void *);
typedef void (*sysinit_cfunc_t)(const void *);

struct sysinit {
	enum sysinit_sub_id	subsystem;	/* subsystem identifier */
	enum sysinit_elem_order	order;		/* init order within subsystem */
	sysinit_cfunc_t		func;		/* function */
	const void		*udata;		/* multiplexer/argument */
	const char		*si_name;	/* Simulator: uniquifier. */
	const char		*si_file;	/* Simulator: declared at. */
	int			si_line;
};

#define	C_SYSINIT(uniquifier, subsystem, order, func, ident)		\
	static struct sysinit uniquifier ## _sys_init = {		\
		subsystem, order, func, (ident), #uniquifier,		\
		__FILE__, __LINE__					\
	};								\
	DATA_SET(SIM_SET_SYSINIT, uniquifier ## _sys_init)
#define	SYSINIT(uniquifier, subsystem, order, func, ident)		\
	C_SYSINIT(uniquifier, subsystem, order,				\
	    (sysinit_cfunc_t)(sysinit_nfunc_t)(func), (void *)(ident))

#define	C_SYSUNINIT(uniquifier, subsystem, order, func, ident)		\
	static struct sysinit uniquifier ## _sys_uninit = {		\
		subsystem, order, func, (ident), #uniquifier,		\
		__FILE__, __LINE__					\
	};								\
	DATA_SET(SIM_SET_SYSUNINIT, uniquifier ## _sys_uninit)
#define	SYSUNINIT(uniquifier, subsystem, order, func, ident)		\
	C_SYSUNINIT(uniquifier, subsystem, order,			\
	    (sysinit_cfunc_t)(sysinit_nfunc_t)(func), (void *)(ident))

/* Tunables are plain variables here: no loader environment. */
#define	TUNABLE_INT(path, var)		struct __hack
#define	TUNABLE_INT_FETCH(path, var)	(0)

#endif /* !_SIM_SYS_KERNEL_H_ */
