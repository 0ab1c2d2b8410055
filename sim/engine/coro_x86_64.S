/*
 * coro_x86_64.S - the register switch for simulated threads (System V
 * x86-64).  Saves rbp, rbx, r12-r15, MXCSR and the x87 control word on the
 * old stack, stores the stack pointer, loads the new one and restores.
 *
 * void tunsim_ctx_switch(void **save_sp, void *load_sp);
 * void tunsim_ctx_switch_bare(void **save_sp, void *load_sp);  (no FP words)
 */
#if defined(__x86_64__)
	.text
	.globl	tunsim_ctx_switch
	.type	tunsim_ctx_switch, @function
tunsim_ctx_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$8, %rsp
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size	tunsim_ctx_switch, .-tunsim_ctx_switch

	.globl	tunsim_ctx_switch_bare
	.type	tunsim_ctx_switch_bare, @function
tunsim_ctx_switch_bare:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size	tunsim_ctx_switch_bare, .-tunsim_ctx_switch_bare

/* First frame of a new coroutine: r12 = entry function, r13 = its arg. */
	.globl	tunsim_ctx_trampoline
	.type	tunsim_ctx_trampoline, @function
tunsim_ctx_trampoline:
	movq	%r13, %rdi
	callq	*%r12
	ud2
	.size	tunsim_ctx_trampoline, .-tunsim_ctx_trampoline
#endif
	.section .note.GNU-stack,"",@progbits
