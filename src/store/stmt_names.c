/*
 * stmt_names.c - the names and attributes of the statements of stmts.def.
 */
#include "store_int.h"

static const struct {
	const char	*name;
	int		 batched;
} stmts[S_COUNT] = {
#define STMT(id, name, batched)	[id] = {name, batched},
#include "stmts.def"
#undef STMT
};

const char *
stmt_name(enum stmt which)
{
	return stmts[which].name;
}

int
stmt_batched(enum stmt which)
{
	return stmts[which].batched;
}
