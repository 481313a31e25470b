/*
 * config.c - reading `.progdb` files (see config.h).
 */
#define _POSIX_C_SOURCE 200809L	/* getline */
#include "progdb/config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/diag.h"
#include "progdb/hash.h"
#include "progdb/xmem.h"

enum section {
	SEC_NONE, SEC_MARKERS, SEC_INGEST, SEC_MILESTONES, SEC_CHECK,
	SEC_TEMPLATES,
};

static const char *const section_names[] = {
	[SEC_MARKERS] = "markers", [SEC_INGEST] = "ingest",
	[SEC_MILESTONES] = "milestones", [SEC_CHECK] = "check",
	[SEC_TEMPLATES] = "templates",
};

const char *const pdb_check_codes[] = {
	"done-with-open-items", "claim-mismatch",
	"checked-parent-open-children", "current-step-done", "reopened",
	"past-due", "due-after-milestone", "placeholder", "unknown-mark", "burndown-up", "dependency-cycle",
	"dependency-missing", "done-before-dependency", "requirement-missing",
	"criterion-uncovered", NULL
};

/* One line being read: where it is, for messages. */
struct line {
	const char	*path;
	unsigned	 no;
};

static const struct pdb_config *active;

void
config_set_active(const struct pdb_config *c)
{
	active = c;
}

const struct pdb_config *
config_active(void)
{
	return active;
}

int
config_check_code_known(const char *code)
{
	for (int i = 0; pdb_check_codes[i] != NULL; i++)
		if (strcmp(code, pdb_check_codes[i]) == 0)
			return 1;
	return 0;
}

int
config_ignores(const struct pdb_config *c, const char *code)
{
	for (size_t i = 0; c != NULL && i < c->nignores; i++)
		if (strcmp(c->ignores[i], code) == 0)
			return 1;
	return 0;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* A value may be written in double quotes; else a '#' or ';' after a
 * space starts a comment. */
static char *
unquote(char *v)
{
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v[n - 1] = '\0';
		return v + 1;
	}
	for (size_t i = 1; i < n; i++)
		if ((v[i] == '#' || v[i] == ';') && (v[i - 1] == ' ' ||
		    v[i - 1] == '\t')) {
			v[i] = '\0';
			return trim(v);
		}
	return v;
}

static void
push(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

static int
parse_state(const char *v, enum pdb_state *st)
{
	for (int s = PDB_STATE_OPEN; s <= PDB_STATE_QUESTION; s++)
		if (strcmp(v, facts_state_name((enum pdb_state)s)) == 0) {
			*st = (enum pdb_state)s;
			return 0;
		}
	return -1;
}

static int
add_marker(struct pdb_config *c, const struct line *l, const char *k,
    const char *v)
{
	size_t n = strlen(k);
	enum pdb_state st;

	if (n < 3 || n > 24 || k[0] != '[' || k[n - 1] != ']' ||
	    strchr(k + 1, ']') != k + n - 1) {
		diag_error(l->path, l->no, "a marker is written in brackets, "
		    "'[DONE] = done' (got '%s')", k);
		return -1;
	}
	if (parse_state(v, &st) != 0) {
		diag_error(l->path, l->no, "'%s' is no item state (expected "
		    "open, done, in_progress, cancelled, deferred, blocked or "
		    "question)", v);
		return -1;
	}
	c->markers = xreallocarray(c->markers, c->nmarkers + 1,
	    sizeof(*c->markers));
	c->markers[c->nmarkers++] = (struct pdb_marker){xstrdup(k), n, st};
	return 0;
}

static int
add_template(struct pdb_config *c, const struct line *l, const char *k,
    const char *v)
{
	int yes = strcmp(v, "yes") == 0 || strcmp(v, "true") == 0;

	if (!yes && strcmp(v, "no") != 0 && strcmp(v, "false") != 0) {
		diag_error(l->path, l->no, "'%s = %s': a template rule is yes "
		    "or no", k, v);
		return -1;
	}
	c->templates = xreallocarray(c->templates, c->ntemplates + 1,
	    sizeof(*c->templates));
	c->templates[c->ntemplates++] = (struct pdb_template_rule){
	    xstrdup(k), yes};
	return 0;
}

/* The keys of the sections whose keys are fixed. */
static int
add_fixed(struct pdb_config *c, const struct line *l, enum section sec,
    const char *k, const char *v)
{
	static const char *const keys[] = {
		[SEC_INGEST] = "exclude", [SEC_MILESTONES] = "keyword",
		[SEC_CHECK] = "ignore",
	};

	if (strcmp(k, keys[sec]) != 0) {
		diag_error(l->path, l->no, "unknown key '%s' in [%s] "
		    "(expected %s)", k, section_names[sec], keys[sec]);
		return -1;
	}
	if (*v == '\0') {
		diag_error(l->path, l->no, "'%s' needs a value", k);
		return -1;
	}
	if (sec == SEC_INGEST)
		push(&c->excludes, &c->nexcludes, v);
	else if (sec == SEC_MILESTONES)
		push(&c->keywords, &c->nkeywords, v);
	else if (!config_check_code_known(v)) {
		diag_error(l->path, l->no, "'%s' is no check code (see "
		    "progdb check --help)", v);
		return -1;
	} else
		push(&c->ignores, &c->nignores, v);
	return 0;
}

static int
read_section(const struct line *l, char *s, enum section *sec)
{
	size_t n = strlen(s);

	s[n - 1] = '\0';
	s = trim(s + 1);
	for (int i = SEC_MARKERS; i <= SEC_TEMPLATES; i++)
		if (strcmp(s, section_names[i]) == 0) {
			*sec = (enum section)i;
			return 0;
		}
	diag_error(l->path, l->no, "unknown section [%s] (expected markers, "
	    "ingest, milestones, check or templates)", s);
	return -1;
}

/* The '=' of "key = value"; a marker key may hold one inside brackets. */
static char *
find_equals(char *s)
{
	if (*s == '[' && strchr(s, ']') != NULL)
		s = strchr(s, ']');
	return strchr(s, '=');
}

static int
read_line(struct pdb_config *c, const struct line *l, char *s,
    enum section *sec)
{
	char *eq, *k, *v;

	s = trim(s);
	if (*s == '\0' || *s == '#' || *s == ';')
		return 0;
	if ((eq = find_equals(s)) == NULL) {
		if (*s == '[' && s[strlen(s) - 1] == ']')
			return read_section(l, s, sec);
		diag_error(l->path, l->no, "expected 'key = value' or "
		    "'[section]'");
		return -1;
	}
	*eq = '\0';
	k = unquote(trim(s));
	v = unquote(trim(eq + 1));
	switch (*sec) {
	case SEC_NONE:
		diag_error(l->path, l->no, "'%s' is outside any [section]", k);
		return -1;
	case SEC_MARKERS:
		return add_marker(c, l, k, v);
	case SEC_TEMPLATES:
		return add_template(c, l, k, v);
	default:
		return add_fixed(c, l, *sec, k, v);
	}
}

int
config_load(struct pdb_config *c, const char *path, int must_exist)
{
	struct line l = {path, 0};
	enum section sec = SEC_NONE;
	char *s = NULL;
	size_t cap = 0;
	int rc = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		if (!must_exist && (errno == ENOENT || errno == ENOTDIR))
			return 0;
		diag_error(path, 0, "cannot read the configuration: %s",
		    strerror(errno));
		return -1;
	}
	while (rc == 0 && getline(&s, &cap, f) != -1) {
		l.no++;
		rc = read_line(c, &l, s, &sec);
	}
	if (rc == 0 && ferror(f)) {
		diag_error(path, 0, "cannot read the configuration");
		rc = -1;
	}
	free(s);
	fclose(f);
	return rc;
}

int
config_load_dir(struct pdb_config *c, const char *dir)
{
	struct pdb_buf p = {0};
	int rc;

	buf_printf(&p, "%s/%s", dir, PDB_CONFIG_NAME);
	rc = config_load(c, buf_cstr(&p), 0);
	buf_free(&p);
	return rc;
}

static void
free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
config_free(struct pdb_config *c)
{
	for (size_t i = 0; i < c->nmarkers; i++)
		free(c->markers[i].mark);
	free(c->markers);
	for (size_t i = 0; i < c->ntemplates; i++)
		free(c->templates[i].glob);
	free(c->templates);
	free_list(c->excludes, c->nexcludes);
	free_list(c->keywords, c->nkeywords);
	free_list(c->ignores, c->nignores);
	memset(c, 0, sizeof(*c));
}

const struct pdb_marker *
config_marker(const struct pdb_config *c, const char *t, size_t n)
{
	if (c == NULL || n == 0 || t[0] != '[')
		return NULL;
	for (size_t i = c->nmarkers; i-- > 0;) {
		const struct pdb_marker *m = &c->markers[i];

		if (m->len <= n && memcmp(t, m->mark, m->len) == 0 &&
		    (m->len == n || t[m->len] == ' ' || t[m->len] == '\t'))
			return m;
	}
	return NULL;
}

int
config_template(const struct pdb_config *c, const char *relpath)
{
	for (size_t i = c != NULL ? c->ntemplates : 0; i-- > 0;)
		if (fnmatch(c->templates[i].glob, relpath, 0) == 0)
			return c->templates[i].is_template;
	return -1;
}

int
config_extract_version(const struct pdb_config *c)
{
	struct pdb_buf b = {0};
	uint64_t h;

	for (size_t i = 0; c != NULL && i < c->nmarkers; i++)
		buf_printf(&b, "m %s %d\n", c->markers[i].mark,
		    (int)c->markers[i].state);
	for (size_t i = 0; c != NULL && i < c->nkeywords; i++)
		buf_printf(&b, "k %s\n", c->keywords[i]);
	for (size_t i = 0; c != NULL && i < c->ntemplates; i++)
		buf_printf(&b, "t %s %d\n", c->templates[i].glob,
		    c->templates[i].is_template);
	if (b.len == 0)
		return PDB_EXTRACT_VERSION;
	h = hash_bytes(b.data, b.len, 0);
	buf_free(&b);
	/* The rules' version in the low byte, the settings above it. */
	return (int)(PDB_EXTRACT_VERSION | ((h & 0x3fffff) + 1) << 8);
}
