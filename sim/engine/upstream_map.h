/*
 * upstream_map.h - from a line of model/if_tuntap.c to the upstream line
 * of if_tuntap.c it ports and the function it is in.  The table is made at
 * build time by tools/upstream_map.py from the model's citations
 * ("if_tuntap.c:598-631" comments).
 */
#ifndef SIM_ENGINE_UPSTREAM_MAP_H
#define SIM_ENGINE_UPSTREAM_MAP_H

struct upstream_ref {
	int		model_line;
	int		upstream_line;	/* 0: no citation covers the line */
	const char	*func;
};

/* NULL when file is not the model or no function encloses the line. */
const struct upstream_ref *upstream_lookup(const char *file, int line);

/* The whole table (model lines in order) and its length. */
extern const struct upstream_ref upstream_map[];
extern const int upstream_map_len;

#endif /* SIM_ENGINE_UPSTREAM_MAP_H */
