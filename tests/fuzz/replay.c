/*
 * replay.c - main() for the fuzz target when no fuzzing engine is built:
 * runs it once over each FILE, and over each *.md file below each DIR, so
 * the seed corpus and every regression found by fuzzing stay tested.
 *
 *   fuzz_parse FILE|DIR...
 */
#define _POSIX_C_SOURCE 200809L	/* scandir */

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "progdb/buf.h"
#include "progdb/xmem.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path, unsigned long *n)
{
	struct pdb_buf b = {0};
	char chunk[65536];
	size_t got;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		perror(path);
		return -1;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, got);
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)(b.len ? b.data : ""), b.len);
	buf_free(&b);
	(*n)++;
	return 0;
}

static int
is_md(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

static int
replay(const char *path, int top, unsigned long *n)
{
	struct stat sb;
	struct dirent **names;
	int count, rc = 0;

	if (stat(path, &sb) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return top || is_md(path) ? replay_file(path, n) : 0;
	if ((count = scandir(path, &names, NULL, alphasort)) < 0) {
		perror(path);
		return -1;
	}
	for (int i = 0; i < count; i++) {
		if (names[i]->d_name[0] != '.') {
			char *sub = xasprintf("%s/%s", path, names[i]->d_name);

			if (replay(sub, 0, n) != 0)
				rc = -1;
			free(sub);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned long n = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++)
		if (replay(argv[i], 1, &n) != 0)
			rc = 1;
	printf("replayed %lu inputs\n", n);
	return rc;
}
