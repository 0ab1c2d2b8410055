/*
 * coro.h - coroutines for simulated threads.
 *
 * One host thread runs every simulated thread of an execution, each on its
 * own stack.  A switch saves the callee-saved registers and the FP control
 * words and swaps the stack pointer: no system call (glibc's swapcontext
 * makes an rt_sigprocmask call per switch, 30 times slower here).  Other
 * architectures fall back to ucontext.  Stacks are pooled and made known to
 * ASan (fiber annotations) and valgrind (stack registration).
 */
#ifndef SIM_ENGINE_CORO_H
#define SIM_ENGINE_CORO_H

#include <stddef.h>

struct coro {
	void		*sp;		/* saved stack pointer (asm switch) */
	void		*uctx;		/* ucontext_t * (fallback) */
	void		*stack;		/* base of the usable stack */
	size_t		stack_size;
	unsigned	vg_id;		/* valgrind stack id */
	void		(*fn)(void *);
	void		*arg;
	void		*asan_fake;	/* ASan fake stack while switched out */
};

/* The host context an execution starts from and returns to. */
void coro_init_host(struct coro *host);

/* Prepare co to run fn(arg) on a stack from the pool.  fn never returns. */
void coro_make(struct coro *co, void (*fn)(void *), void *arg);

/* Give co's stack back to the pool (co is never resumed again). */
void coro_release(struct coro *co);

/*
 * Switch from `from` (the running coroutine) to `to`.  `dying` says that
 * `from` will never be resumed (ASan must drop its fake stack).
 */
void coro_switch(struct coro *from, struct coro *to, int dying);

/* Release every pooled stack (at exit, so leak checkers stay quiet). */
void coro_pool_drain(void);

/* Raw switch cost probes for `tunsim bench`. */
double coro_bench_switch_ns(long iters);
double coro_bench_bare_switch_ns(long iters);
double coro_bench_swapcontext_ns(long iters);

#endif /* SIM_ENGINE_CORO_H */
