/*
 * stmt_names.c - the names and uses of the statements of stmts.def.
 */
#include "store_int.h"

static const struct {
	const char	*name;
	enum stmt_use	 use;
} stmts[S_COUNT] = {
#define STMT(id, name, use)	[id] = {name, STMT_##use},
#include "stmts.def"
#undef STMT
};

const char *
stmt_name(enum stmt which)
{
	return stmts[which].name;
}

enum stmt_use
stmt_use(enum stmt which)
{
	return stmts[which].use;
}
