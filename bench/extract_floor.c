/*
 * extract_floor.c - what `progdb ingest` costs before it reaches the
 * database (scripts/bench).
 *
 *	extract_floor DIR...
 *
 * Walks each DIR with progdb's own walker and sends every file no larger
 * than ingest's default --max-size, one after the other on one thread,
 * through ingest_job_read(), the step ingest's
 * parse worker takes: read, hash, decode, md4c into the document model,
 * extraction.  The facts are dropped; nothing is stored.
 *
 * Where parse_floor is md4c alone, this is progdb's parse side with no
 * writer behind it.  Its time over the parse floor is how much of the
 * cold-ingest ratio extraction takes by itself, whatever the database
 * does.
 *
 * Prints one line of key=value pairs:
 *
 *	files=N bytes=N items=N sections=N seconds=S
 *
 * seconds covers the walk, the reads and the parses.  Exit status 0, 1 if
 * a root or file could not be read or parsed (it is reported and skipped),
 * 2 on a usage error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>

#include "progdb/ingest.h"
#include "progdb/walk.h"

struct tally {
	uint64_t	files;
	uint64_t	bytes;
	uint64_t	items;
	uint64_t	sections;
	int		failed;
};

static void
extract_file(struct tally *t, struct ingest_job *j,
    const struct pdb_walk_root *root, const struct pdb_walk_file *file)
{
	ingest_job_read(j, root, file, INGEST_DEFAULT_MAX_SIZE);
	if (j->outcome != PARSED) {
		free(j->display);
		j->display = ingest_display_path(root->label, file->relpath);
		diag_print_list(j->display, &j->diags);
		t->failed = 1;
		return;
	}
	t->files++;
	t->bytes += j->size;
	t->items += j->facts.items.n;
	t->sections += j->facts.sections.n;
}

static void
extract_root(struct tally *t, struct ingest_job *j, const char *arg)
{
	struct pdb_walk_root root = {0};
	struct pdb_diaglist diags = {0};

	if (walk_root(arg, NULL, &root, &diags) != 0)
		t->failed = 1;
	diag_print_list(NULL, &diags);
	for (size_t i = 0; i < root.nfiles; i++)
		extract_file(t, j, &root, &root.files[i]);
	walk_root_free(&root);
	diaglist_free(&diags);
}

int
main(int argc, char **argv)
{
	struct ingest_job j = {0};
	struct tally t = {0};
	struct timeval t0;

	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: extract_floor DIR...\n");
		return 2;
	}
	gettimeofday(&t0, NULL);
	for (int i = 1; i < argc; i++)
		extract_root(&t, &j, argv[i]);
	printf("files=%llu bytes=%llu items=%llu sections=%llu seconds=%.6f\n",
	    (unsigned long long)t.files, (unsigned long long)t.bytes,
	    (unsigned long long)t.items, (unsigned long long)t.sections,
	    ingest_seconds_since(&t0));
	ingest_job_end_reads();
	ingest_job_free(&j);
	return t.failed;
}
