/*
 * pg_libpq.c - libpq, loaded when a command first connects (see pg_int.h).
 *
 * Linking libpq made every progdb command, --version included, map some
 * 25 libraries (Kerberos, LDAP, TLS ...) and relocate them at start, about
 * 11M instructions; only push and --server need it.  The headers still
 * come from meson's libpq dependency, so each pointer has libpq's own type.
 */
#include "pg_int.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/diag.h"
#include "progdb/exit.h"

#ifndef PDB_LIBPQ_SONAME
#define PDB_LIBPQ_SONAME "libpq.so.5"
#endif

struct pg_libpq pq;

/* Resolves every function of PG_LIBPQ_FUNCS in lib; 0 or -1 (and said). */
static int
resolve(void *lib, const char *name)
{
	void *sym;

	/* memcpy: ISO C has no cast from void * to a function pointer. */
#define PG_RESOLVE(f) \
	if ((sym = dlsym(lib, #f)) == NULL) { \
		diag_error(NULL, 0, "%s has no %s: %s", name, #f, \
		    dlerror()); \
		return -1; \
	} \
	memcpy(&pq.f, &sym, sizeof(sym));
	PG_LIBPQ_FUNCS(PG_RESOLVE)
#undef PG_RESOLVE
	return 0;
}

int
pg_libpq_load(void)
{
	static int state;	/* 0 not tried, 1 loaded, -1 failed */
	const char *name = getenv("PROGDB_LIBPQ");
	void *lib;

	if (state != 0)
		return state > 0 ? 0 : PDB_EXIT_DB;
	if (name == NULL || *name == '\0')
		name = PDB_LIBPQ_SONAME;
	state = -1;
	lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		diag_error(NULL, 0, "push and --server need PostgreSQL's "
		    "client library %s, which cannot be loaded: %s", name,
		    dlerror());
		return PDB_EXIT_DB;
	}
	if (resolve(lib, name) != 0) {
		dlclose(lib);
		return PDB_EXIT_DB;
	}
	state = 1;	/* lib stays loaded until exit */
	return 0;
}
