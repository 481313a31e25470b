/*
 * format.h - the output formats of render.h, apart so that the command
 * line (cli.h) can name them without seeing SQLite.  render.c implements
 * the two functions.
 */
#ifndef PROGDB_FORMAT_H
#define PROGDB_FORMAT_H

enum pdb_format {
	PDB_FORMAT_TEXT,	/* aligned columns for people */
	PDB_FORMAT_CSV,		/* RFC 4180, header row, CRLF line ends */
	PDB_FORMAT_JSON,	/* an array of objects, typed values */
	PDB_FORMAT_MD,		/* a GitHub Markdown table */
};

/* Sets *f from "text", "csv", "json" or "md".  Returns 0, or -1. */
int	render_format_from_name(const char *name, enum pdb_format *f);
/* "text, csv, json or md", for usage messages. */
const char *render_format_names(void);

#endif
