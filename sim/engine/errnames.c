/*
 * errnames.c - FreeBSD errno names and numbers, for the engine.
 *
 * Scenario outcomes ("-> ok | ENXIO") and reports name errors the way
 * FreeBSD's <sys/errno.h> does.  The engine never includes the simulated
 * kernel's sim/sys/errno.h (the bridge rule), so the numbers are kept here
 * as a table; they are FreeBSD's, the same as sim/sys/errno.h, which the
 * kernel side returns.  Not the host's: EWOULDBLOCK is 35 here, 11 on Linux.
 *
 * Aliases (EWOULDBLOCK = EAGAIN, ENOTSUP = EOPNOTSUPP) are accepted by
 * name; tsn_errno_name() gives the first spelling in the table, which is
 * the one scenarios use most (EWOULDBLOCK for a non-blocking read).
 * The kernel-internal ERESTART and EJUSTRETURN never reach user space and
 * are not names a scenario can expect.
 */
#include <stddef.h>
#include <string.h>

#include "scenario.h"

static const struct {
	const char	*name;
	int		value;
} errnames[] = {
	{ "EPERM",		1 },
	{ "ENOENT",		2 },
	{ "ESRCH",		3 },
	{ "EINTR",		4 },
	{ "EIO",		5 },
	{ "ENXIO",		6 },
	{ "E2BIG",		7 },
	{ "ENOEXEC",		8 },
	{ "EBADF",		9 },
	{ "ECHILD",		10 },
	{ "EDEADLK",		11 },
	{ "ENOMEM",		12 },
	{ "EACCES",		13 },
	{ "EFAULT",		14 },
	{ "ENOTBLK",		15 },
	{ "EBUSY",		16 },
	{ "EEXIST",		17 },
	{ "EXDEV",		18 },
	{ "ENODEV",		19 },
	{ "ENOTDIR",		20 },
	{ "EISDIR",		21 },
	{ "EINVAL",		22 },
	{ "ENFILE",		23 },
	{ "EMFILE",		24 },
	{ "ENOTTY",		25 },
	{ "ETXTBSY",		26 },
	{ "EFBIG",		27 },
	{ "ENOSPC",		28 },
	{ "ESPIPE",		29 },
	{ "EROFS",		30 },
	{ "EMLINK",		31 },
	{ "EPIPE",		32 },
	{ "EDOM",		33 },
	{ "ERANGE",		34 },
	{ "EWOULDBLOCK",	35 },	/* first: the name scenarios use */
	{ "EAGAIN",		35 },
	{ "EINPROGRESS",	36 },
	{ "EALREADY",		37 },
	{ "ENOTSOCK",		38 },
	{ "EDESTADDRREQ",	39 },
	{ "EMSGSIZE",		40 },
	{ "EPROTOTYPE",		41 },
	{ "ENOPROTOOPT",	42 },
	{ "EPROTONOSUPPORT",	43 },
	{ "ESOCKTNOSUPPORT",	44 },
	{ "EOPNOTSUPP",		45 },
	{ "ENOTSUP",		45 },
	{ "EPFNOSUPPORT",	46 },
	{ "EAFNOSUPPORT",	47 },
	{ "EADDRINUSE",		48 },
	{ "EADDRNOTAVAIL",	49 },
	{ "ENETDOWN",		50 },
	{ "ENETUNREACH",	51 },
	{ "ENETRESET",		52 },
	{ "ECONNABORTED",	53 },
	{ "ECONNRESET",		54 },
	{ "ENOBUFS",		55 },
	{ "EISCONN",		56 },
	{ "ENOTCONN",		57 },
	{ "ESHUTDOWN",		58 },
	{ "ETOOMANYREFS",	59 },
	{ "ETIMEDOUT",		60 },
	{ "ECONNREFUSED",	61 },
	{ "ELOOP",		62 },
	{ "ENAMETOOLONG",	63 },
	{ "EHOSTDOWN",		64 },
	{ "EHOSTUNREACH",	65 },
	{ "ENOTEMPTY",		66 },
	{ "EPROCLIM",		67 },
	{ "EUSERS",		68 },
	{ "EDQUOT",		69 },
	{ "ESTALE",		70 },
	{ "EREMOTE",		71 },
	{ "EBADRPC",		72 },
	{ "ERPCMISMATCH",	73 },
	{ "EPROGUNAVAIL",	74 },
	{ "EPROGMISMATCH",	75 },
	{ "EPROCUNAVAIL",	76 },
	{ "ENOLCK",		77 },
	{ "ENOSYS",		78 },
	{ "EFTYPE",		79 },
	{ "EAUTH",		80 },
	{ "ENEEDAUTH",		81 },
	{ "EIDRM",		82 },
	{ "ENOMSG",		83 },
	{ "EOVERFLOW",		84 },
	{ "ECANCELED",		85 },
	{ "EILSEQ",		86 },
	{ "ENOATTR",		87 },
	{ "EDOOFUS",		88 },
	{ "EBADMSG",		89 },
	{ "EMULTIHOP",		90 },
	{ "ENOLINK",		91 },
	{ "EPROTO",		92 },
	{ "ENOTCAPABLE",	93 },
	{ "ECAPMODE",		94 },
	{ "ENOTRECOVERABLE",	95 },
	{ "EOWNERDEAD",		96 },
	{ "EINTEGRITY",		97 },
};

#define	NERRNAMES	(sizeof(errnames) / sizeof(errnames[0]))

/* FreeBSD errno value of `name` ("ENXIO" -> 6), or -1 if not an errno. */
int
tsn_errno_value(const char *name)
{
	size_t i;

	if (name == NULL)
		return (-1);
	for (i = 0; i < NERRNAMES; i++)
		if (strcmp(errnames[i].name, name) == 0)
			return (errnames[i].value);
	return (-1);
}

/* Name of FreeBSD errno `value` (35 -> "EWOULDBLOCK"), or NULL. */
const char *
tsn_errno_name(int value)
{
	size_t i;

	for (i = 0; i < NERRNAMES; i++)
		if (errnames[i].value == value)
			return (errnames[i].name);
	return (NULL);
}
