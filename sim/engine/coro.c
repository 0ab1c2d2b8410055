/*
 * coro.c - coroutine stacks and switching (see coro.h).
 *
 * Stacks are mmap'ed once with a guard page below them and kept in a pool:
 * a fresh mmap per coroutine costs microseconds, a pooled stack nothing.
 */
#include "coro.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define	HAVE_VALGRIND 1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__)
#define	CORO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define	CORO_ASAN 1
#endif
#endif

#ifdef CORO_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

#if defined(__x86_64__)
#define	CORO_ASM 1
void tunsim_ctx_switch(void **save_sp, void *load_sp);
void tunsim_ctx_switch_bare(void **save_sp, void *load_sp);
void tunsim_ctx_trampoline(void);
#endif

#define	STACK_SIZE	(256 * 1024)

static GPtrArray *stack_pool;		/* base addresses incl. guard page */
static struct coro *boot_co;		/* coroutine being started */
#ifdef CORO_ASAN
/* The host thread's own stack, learned at the first switch away from it. */
static const void *host_stack_bottom;
static size_t host_stack_size;
#endif

static void *
stack_get(void)
{
	void *base;
	long page = sysconf(_SC_PAGESIZE);

	if (stack_pool != NULL && stack_pool->len > 0)
		return (g_ptr_array_steal_index(stack_pool,
		    stack_pool->len - 1));
	base = mmap(NULL, STACK_SIZE + page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		g_error("coro: cannot map a %d KiB stack", STACK_SIZE / 1024);
	mprotect(base, page, PROT_NONE);	/* guard page */
	return (base);
}

void
coro_init_host(struct coro *host)
{

	memset(host, 0, sizeof(*host));
#ifndef CORO_ASM
	host->uctx = g_new0(ucontext_t, 1);
#endif
}

/* First C frame of every coroutine. */
static void
coro_boot(void *arg)
{
	struct coro *co = arg;

#ifdef CORO_ASAN
	{
		const void *bottom;
		size_t size;

		__sanitizer_finish_switch_fiber(NULL, &bottom, &size);
		if (host_stack_bottom == NULL) {
			host_stack_bottom = bottom;
			host_stack_size = size;
		}
	}
#endif
	co->fn(co->arg);
	abort();		/* fn must switch away for good */
}

#ifndef CORO_ASM
static void
coro_boot_uctx(void)
{

	coro_boot(boot_co);
}
#endif

void
coro_make(struct coro *co, void (*fn)(void *), void *arg)
{
	long page = sysconf(_SC_PAGESIZE);
	char *base = stack_get();

	memset(co, 0, sizeof(*co));
	co->stack = base + page;
	co->stack_size = STACK_SIZE;
	co->fn = fn;
	co->arg = arg;
#ifdef CORO_ASAN
	/* Frames abandoned by an earlier execution left poison behind. */
	__asan_unpoison_memory_region(co->stack, co->stack_size);
#endif
#ifdef HAVE_VALGRIND
	co->vg_id = VALGRIND_STACK_REGISTER(co->stack,
	    (char *)co->stack + co->stack_size);
#endif
#ifdef CORO_ASM
	{
		uintptr_t top = ((uintptr_t)co->stack + co->stack_size) &
		    ~(uintptr_t)15;
		uint64_t *sp = (uint64_t *)top;
		uint32_t mxcsr = 0x1f80;
		uint16_t fpucw = 0x037f;

		sp[-1] = (uint64_t)(uintptr_t)tunsim_ctx_trampoline;
		sp[-2] = 0;				/* rbp */
		sp[-3] = 0;				/* rbx */
		sp[-4] = (uint64_t)(uintptr_t)coro_boot;	/* r12 */
		sp[-5] = (uint64_t)(uintptr_t)co;	/* r13 */
		sp[-6] = 0;				/* r14 */
		sp[-7] = 0;				/* r15 */
		sp[-8] = 0;
		memcpy(&sp[-8], &mxcsr, 4);
		memcpy((char *)&sp[-8] + 4, &fpucw, 2);
		co->sp = &sp[-8];
	}
#else
	{
		ucontext_t *uc = g_new0(ucontext_t, 1);

		getcontext(uc);
		uc->uc_stack.ss_sp = co->stack;
		uc->uc_stack.ss_size = co->stack_size;
		uc->uc_link = NULL;
		makecontext(uc, coro_boot_uctx, 0);
		co->uctx = uc;
	}
#endif
}

void
coro_release(struct coro *co)
{
	long page = sysconf(_SC_PAGESIZE);

	if (co->stack == NULL)
		return;
#ifdef HAVE_VALGRIND
	VALGRIND_STACK_DEREGISTER(co->vg_id);
#endif
	if (stack_pool == NULL)
		stack_pool = g_ptr_array_new();
	g_ptr_array_add(stack_pool, (char *)co->stack - page);
	co->stack = NULL;
	g_free(co->uctx);
	co->uctx = NULL;
}

void
coro_switch(struct coro *from, struct coro *to, int dying)
{

#ifdef CORO_ASAN
	/* A context without a stack of ours is the host thread's. */
	__sanitizer_start_switch_fiber(dying ? NULL : &from->asan_fake,
	    to->stack != NULL ? to->stack : host_stack_bottom,
	    to->stack != NULL ? to->stack_size : host_stack_size);
#endif
#ifdef CORO_ASM
	if (to->uctx == NULL && to->sp == NULL)
		abort();
	boot_co = to;
	tunsim_ctx_switch(&from->sp, to->sp);
#else
	boot_co = to;
	swapcontext(from->uctx, to->uctx);
#endif
#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(from->asan_fake, NULL, NULL);
#endif
}

void
coro_pool_drain(void)
{
	long page = sysconf(_SC_PAGESIZE);
	guint i;

	if (stack_pool == NULL)
		return;
	for (i = 0; i < stack_pool->len; i++)
		munmap(g_ptr_array_index(stack_pool, i), STACK_SIZE + page);
	g_ptr_array_free(stack_pool, TRUE);
	stack_pool = NULL;
}

/* ---- benchmark probes: the one place that reads the host clock ---- */

static double
bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e9 + (double)ts.tv_nsec);
}

static struct coro bench_host, bench_co;

static void
bench_body(void *arg)
{

	(void)arg;
	for (;;)
		coro_switch(&bench_co, &bench_host, 0);
}

double
coro_bench_switch_ns(long iters)
{
	double t0, t1;
	long i;

	coro_init_host(&bench_host);
	coro_make(&bench_co, bench_body, NULL);
	coro_switch(&bench_host, &bench_co, 0);		/* warm up */
	t0 = bench_now_ns();
	for (i = 0; i < iters; i++)
		coro_switch(&bench_host, &bench_co, 0);
	t1 = bench_now_ns();
	coro_release(&bench_co);
	g_free(bench_host.uctx);
	return ((t1 - t0) / (2.0 * (double)iters));	/* two switches */
}

#ifdef CORO_ASM
static void *bare_host_sp, *bare_co_sp;

static void
bare_body(void)
{

	for (;;)
		tunsim_ctx_switch_bare(&bare_co_sp, bare_host_sp);
}
#endif

double
coro_bench_bare_switch_ns(long iters)
{
#ifdef CORO_ASM
	static uint64_t stack[8192] __attribute__((aligned(16)));
	uint64_t *sp = &stack[8192];
	double t0, t1;
	long i;

	/* Bare layout: six registers then the return address. */
	sp[-1] = 0;
	sp[-2] = (uint64_t)(uintptr_t)bare_body;
	sp[-3] = 0; sp[-4] = 0; sp[-5] = 0; sp[-6] = 0; sp[-7] = 0;
	sp[-8] = 0;
	bare_co_sp = &sp[-8];
	tunsim_ctx_switch_bare(&bare_host_sp, bare_co_sp);
	t0 = bench_now_ns();
	for (i = 0; i < iters; i++)
		tunsim_ctx_switch_bare(&bare_host_sp, bare_co_sp);
	t1 = bench_now_ns();
	return ((t1 - t0) / (2.0 * (double)iters));
#else
	(void)iters;
	return (-1.0);
#endif
}

static ucontext_t uc_host, uc_co;

static void
uc_body(void)
{

	for (;;)
		swapcontext(&uc_co, &uc_host);
}

double
coro_bench_swapcontext_ns(long iters)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	double t0, t1;
	long i;

	getcontext(&uc_co);
	uc_co.uc_stack.ss_sp = stack;
	uc_co.uc_stack.ss_size = sizeof(stack);
	uc_co.uc_link = NULL;
	makecontext(&uc_co, uc_body, 0);
	swapcontext(&uc_host, &uc_co);
	t0 = bench_now_ns();
	for (i = 0; i < iters; i++)
		swapcontext(&uc_host, &uc_co);
	t1 = bench_now_ns();
	return ((t1 - t0) / (2.0 * (double)iters));
}
