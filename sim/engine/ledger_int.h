/*
 * ledger_int.h - what ledger.c (objects) and labels.c (names) share.
 *
 * Objects are numbered 0, 1, ... in allocation order within an execution;
 * a label refers to the object containing its address by that index, so a
 * name is formatted only when something prints it.
 */
#ifndef SIM_LEDGER_INT_H
#define SIM_LEDGER_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ledger.c */
/* Index of the object whose payload contains p (offset in *off), or -1. */
int32_t ledger_obj_index(const void *p, size_t *off);
/* "<type>#<serial>" of object idx, formatted on first use. */
const char *ledger_obj_name(int32_t idx);

/* labels.c */
/* Forget every label and all text of the execution (O(1)). */
void labels_reset(void);
/* Copies into the execution's text store: valid until labels_reset(). */
const char *ltext_dup(const char *s);
const char *ltext_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif /* SIM_LEDGER_INT_H */
