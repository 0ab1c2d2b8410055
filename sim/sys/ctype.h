/* Stands for sys/sys/ctype.h at FreeBSD edca4938 (2019).
 * ctype.h - the kernel's ASCII character class helpers (FreeBSD's
 * <sys/ctype.h>), locale-free.
 */
#ifndef _SIM_SYS_CTYPE_H_
#define _SIM_SYS_CTYPE_H_

static inline int isspace(int c) { return (c == ' ' || (c >= '\t' && c <= '\r')); }
static inline int isascii(int c) { return ((c & ~0x7f) == 0); }
static inline int isupper(int c) { return (c >= 'A' && c <= 'Z'); }
static inline int islower(int c) { return (c >= 'a' && c <= 'z'); }
static inline int isalpha(int c) { return (isupper(c) || islower(c)); }
static inline int isdigit(int c) { return (c >= '0' && c <= '9'); }
static inline int isxdigit(int c)
{
	return (isdigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'));
}
static inline int isalnum(int c) { return (isalpha(c) || isdigit(c)); }
static inline int isprint(int c) { return (c >= ' ' && c <= '~'); }
static inline int toupper(int c) { return (c - 0x20 * ((c >= 'a') && (c <= 'z'))); }
static inline int tolower(int c) { return (c + 0x20 * ((c >= 'A') && (c <= 'Z'))); }

#endif /* !_SIM_SYS_CTYPE_H_ */
