/*
 * exit.h - progdb's exit statuses, the same for every command and
 * documented in --help, the README and the man page.
 */
#ifndef PROGDB_EXIT_H
#define PROGDB_EXIT_H

enum pdb_exit {
	PDB_EXIT_OK = 0,	/* done, nothing to report */
	PDB_EXIT_FINDINGS = 1,	/* `check` found something */
	PDB_EXIT_USAGE = 2,	/* bad command line */
	PDB_EXIT_WARNINGS = 3,	/* done and committed, with warnings */
	PDB_EXIT_INPUT = 4,	/* nothing committed: an input path is unusable,
				 * or output cannot be written */
	PDB_EXIT_DB = 5,	/* database missing, corrupt, newer, read-only, full */
	PDB_EXIT_BUSY = 6,	/* database locked by another writer too long */
};

#endif
