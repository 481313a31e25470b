/*
 * ingest_job.c - one file from its bytes to the store (see ingest_int.h).
 */
#include "progdb/ingest.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "progdb/config.h"
#include "progdb/decode.h"
#include "progdb/escape.h"
#include "progdb/extract.h"
#include "progdb/hash.h"
#include "progdb/parse.h"
#include "progdb/xmem.h"

double
ingest_seconds_since(const struct timeval *t0)
{
	struct timeval t1;

	gettimeofday(&t1, NULL);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_usec - t0->tv_usec) / 1e6;
}

char *
ingest_display_path(const char *root, const char *relpath)
{
	if (strcmp(root, ".") == 0)
		return xstrdup(relpath);
	return xasprintf("%s/%s", root, relpath);
}

char *
ingest_doc_label(const char *label)
{
	const char *slash = strrchr(label, '/');
	struct stat st;

	if (stat(label, &st) != 0 || !S_ISREG(st.st_mode))
		return xstrdup(label);
	if (slash == NULL)
		return xstrdup(".");
	if (slash == label)
		return xstrdup("/");
	return xstrndup(label, (size_t)(slash - label));
}

char *
ingest_roots_json(const char *const *labels, size_t n)
{
	struct pdb_buf b = {0};

	buf_putc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		buf_puts(&b, i ? ",\"" : "\"");
		escape_json(labels[i], strlen(labels[i]), &b);
		buf_putc(&b, '"');
	}
	buf_putc(&b, ']');
	return buf_detach(&b);
}

/* "bom,crlf,mojibake": what decoding repaired, or NULL. */
static char *
encoding_note(int flags)
{
	static const struct {
		int		 flag;
		const char	*name;
	} names[] = {
		{PDB_DECODE_BOM, "bom"}, {PDB_DECODE_CR, "crlf"},
		{PDB_DECODE_UTF16, "utf16"}, {PDB_DECODE_MOJIBAKE, "mojibake"},
		{PDB_DECODE_CP1252, "cp1252"}, {PDB_DECODE_INVALID, "invalid"},
		{PDB_DECODE_NUL, "nul"},
	};
	struct pdb_buf b = {0};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (flags & names[i].flag)
			buf_printf(&b, "%s%s", b.len ? "," : "", names[i].name);
	return b.len > 0 ? buf_detach(&b) : NULL;
}

/* A [templates] rule of the tree's .progdb decides over the content. */
static void
apply_template_rule(const char *relpath, struct pdb_facts *f)
{
	static const char why[] = PDB_CONFIG_NAME " [templates]";
	int t = config_template(config_active(), relpath);

	if (t < 0)
		return;
	f->is_template = t;
	f->template_reason = (struct pdb_str){why, sizeof(why) - 1};
}

void
ingest_job_parse(struct ingest_job *j, const char *path, const char *relpath)
{
	const char *text;
	size_t text_len;
	int flags;

	j->hash = hash_bytes(j->raw.data, j->raw.len, 0);
	if (j->known != NULL && !j->known->removed &&
	    j->known->hash == j->hash) {
		j->outcome = TOUCHED;
		return;
	}
	flags = decode_text(j->raw.data, j->raw.len, &text, &text_len,
	    &j->scratch, &j->diags);
	if (flags < 0) {
		j->outcome = FAILED;
		return;
	}
	j->decoded = flags;
	if (parse_markdown(&j->doc, text, text_len) != 0) {
		/* Only j->diags are printed for a failed file. */
		for (size_t i = 0; i < j->doc.diags.n; i++)
			diaglist_add(&j->diags, j->doc.diags.v[i].sev,
			    j->doc.diags.v[i].line, j->doc.diags.v[i].code,
			    "%s", j->doc.diags.v[i].msg);
		j->outcome = FAILED;
		return;
	}
	extract_document(&j->doc, path, &j->facts);
	apply_template_rule(relpath, &j->facts);
	j->outcome = PARSED;
}

/* Each thread's reader: the files of a walk come to a thread mostly in
 * order, so the directory of the last one is often the next one's. */
static pthread_key_t	reader_key;
static pthread_once_t	reader_once = PTHREAD_ONCE_INIT;

static void
free_reader(void *r)
{
	walk_reader_free(r);
}

static void
make_reader_key(void)
{
	if (pthread_key_create(&reader_key, free_reader) != 0)
		abort();
}

static struct pdb_walk_reader *
thread_reader(void)
{
	struct pdb_walk_reader *r;

	(void)pthread_once(&reader_once, make_reader_key);
	if ((r = pthread_getspecific(reader_key)) == NULL) {
		r = walk_reader_new();
		if (pthread_setspecific(reader_key, r) != 0)
			abort();
	}
	return r;
}

void
ingest_job_end_reads(void)
{
	(void)pthread_once(&reader_once, make_reader_key);
	walk_reader_free(pthread_getspecific(reader_key));
	(void)pthread_setspecific(reader_key, NULL);
}

void
ingest_job_read(struct ingest_job *j, const struct pdb_walk_root *root,
    const struct pdb_walk_file *file, size_t max_size)
{
	diaglist_clear(&j->diags);
	j->size = file->size;
	j->mtime_ns = file->mtime_ns;
	if (walk_reader_read(thread_reader(), root->dir, file->relpath,
	    max_size, PDB_DECODE_PAD, &j->raw, &j->mtime_ns, &j->size,
	    &j->diags) != 0) {
		j->outcome = FAILED;
		return;
	}
	/* root/path: a Kiro spec is known by the .kiro directory, which the
	 * root may name ("progdb ingest .kiro/specs"). */
	ingest_job_parse(j, j->display != NULL ? j->display : file->relpath,
	    file->relpath);
}

void
ingest_job_print_diags(const struct ingest_job *j)
{
	diag_print_list(j->display, &j->diags);
	if (j->outcome == PARSED) {
		diag_print_list(j->display, &j->doc.diags);
		diag_print_list(j->display, &j->facts.diags);
	}
}

/* All of a parsed file's warnings, for the diagnostic table. */
static void
collect_diags(const struct ingest_job *j, struct pdb_diaglist *all)
{
	const struct pdb_diaglist *lists[] = {&j->diags, &j->doc.diags,
	    &j->facts.diags};

	diaglist_clear(all);
	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0; i < lists[l]->n; i++)
			diaglist_add(all, lists[l]->v[i].sev,
			    lists[l]->v[i].line, lists[l]->v[i].code, "%s",
			    lists[l]->v[i].msg);
}

int
ingest_job_commit(struct pdb_ingest *run, struct ingest_job *j,
    const char *root, const char *relpath, struct pdb_diaglist *all)
{
	struct pdb_ingest_file file;
	char *enc;
	int rc = 0;

	switch (j->outcome) {
	case TOUCHED:
		rc = store_ingest_touch(run, j->known, j->size, j->mtime_ns);
		break;
	case FAILED:
		store_ingest_failed(run, j->known);
		break;
	case PARSED:
		enc = encoding_note(j->decoded);
		file = (struct pdb_ingest_file){
			.root = root, .path = relpath, .size = j->size,
			.mtime_ns = j->mtime_ns, .hash = j->hash,
			.encoding = enc, .real = j->real,
		};
		collect_diags(j, all);
		rc = store_ingest_write(run, j->known, &file, &j->facts, all);
		free(enc);
		break;
	}
	return rc;
}

void
ingest_job_free(struct ingest_job *j)
{
	free(j->display);
	buf_free(&j->raw);
	buf_free(&j->scratch);
	facts_free(&j->facts);
	model_free(&j->doc);
	diaglist_free(&j->diags);
}
