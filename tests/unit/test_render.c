/*
 * test_render.c - unit tests for render.c: every format byte for byte over
 * an in-memory database with awkward values, empty results, statements
 * without columns, errors part-way through, and failed writes.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "harness.h"
#include "progdb/render.h"

static sqlite3 *db;

static const char schema[] =
    "CREATE TABLE t(id INTEGER, name TEXT, score REAL, note TEXT, data BLOB);"
    "INSERT INTO t VALUES (1, 'alpha', 1.5, 'plain', x'00ff');"
    "INSERT INTO t VALUES (2, '✅ done', 0.1, 'a|b, \"q\"', NULL);"
    "INSERT INTO t VALUES (3, '日本語', NULL, 'two' || char(10) || 'lines',"
    "    x'');"
    "INSERT INTO t VALUES (4, 'esc' || char(27) || '[2J', -2.0, '=SUM(A1)',"
    "    NULL);";

static const char all_rows[] = "SELECT id, name, score, note, data FROM t";

/*
 * Prepares sql, renders it with o into memory and returns what was written
 * (free it); *rows gets render_stmt()'s result.
 */
static char *
render(const char *sql, const struct pdb_render_opts *o, long *rows)
{
	sqlite3_stmt *stmt;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL || sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "cannot run %s: %s\n", sql, sqlite3_errmsg(db));
		exit(1);
	}
	*rows = render_stmt(stmt, o, f);
	sqlite3_finalize(stmt);
	fclose(f);
	return text;
}

/* Renders sql in format and checks both the output and the row count. */
#define CHECK_RENDER(fmt, sql, want, want_rows) do {			\
	struct pdb_render_opts o_ = { .format = (fmt) };		\
	long r_;							\
	char *got_ = render((sql), &o_, &r_);				\
									\
	CHECK_STR(got_, (want));					\
	CHECK_INT(r_, (want_rows));					\
	free(got_);							\
} while (0)

static void
test_text(void)
{
	CHECK_RENDER(PDB_FORMAT_TEXT, all_rows,
	    "id  name        score  note        data\n"
	    "--  ----------  -----  ----------  ----\n"
	    " 1  alpha         1.5  plain       00ff\n"
	    " 2  ✅ done       0.1  a|b, \"q\"\n"
	    " 3  日本語             two\\nlines\n"
	    " 4  esc\\x1b[2J     -2  =SUM(A1)\n", 4);
	/* no trailing blanks, even for an empty last cell or padded value */
	CHECK_RENDER(PDB_FORMAT_TEXT,
	    "SELECT 'a' AS x, NULL AS y UNION ALL SELECT 'bb  ', 'c'",
	    "x     y\n"
	    "----  -\n"
	    "a\n"
	    "bb    c\n", 2);
	/* mixed column: left; all-NULL column: left; names escaped */
	CHECK_RENDER(PDB_FORMAT_TEXT,
	    "SELECT 10 AS \"m\", NULL AS \"n|\n\", 7 AS k UNION ALL "
	    "SELECT 'x', NULL, 123",
	    "m   n|\\n    k\n"
	    "--  ----  ---\n"
	    "10          7\n"
	    "x         123\n", 2);
	/* reals with %.15g */
	CHECK_RENDER(PDB_FORMAT_TEXT,
	    "SELECT 0.1 + 0.2 AS a, 1.0 / 3 AS b, 100.0 AS c, 1e-7 AS d, "
	    "2e20 AS e, 1e308 * 10 AS f, -1e308 * 10 AS g",
	    "  a                  b    c      d      e    f     g\n"
	    "---  -----------------  ---  -----  -----  ---  ----\n"
	    "0.3  0.333333333333333  100  1e-07  2e+20  inf  -inf\n", 1);
	CHECK_RENDER(PDB_FORMAT_TEXT,
	    "SELECT 9223372036854775807 AS big, -9223372036854775808 AS small",
	    "                big                 small\n"
	    "-------------------  --------------------\n"
	    "9223372036854775807  -9223372036854775808\n", 1);
}

static void
test_text_null(void)
{
	struct pdb_render_opts o = {
		.format = PDB_FORMAT_TEXT,
		.null_text = "(null)",
	};
	long rows;
	char *got = render("SELECT score, data FROM t WHERE id >= 3", &o,
	    &rows);

	CHECK_STR(got,
	    " score  data\n"
	    "------  ------\n"
	    "(null)\n"
	    "    -2  (null)\n");
	CHECK_INT(rows, 2);
	free(got);
}

static void
test_csv(void)
{
	struct pdb_render_opts o = {
		.format = PDB_FORMAT_CSV,
		.csv_formulas = 1,
	};
	long rows;
	char *got;

	CHECK_RENDER(PDB_FORMAT_CSV, all_rows,
	    "id,name,score,note,data\r\n"
	    "1,alpha,1.5,plain,00ff\r\n"
	    "2,✅ done,0.1,\"a|b, \"\"q\"\"\",\r\n"
	    "3,日本語,,\"two\nlines\",\r\n"
	    "4,esc\\x1b[2J,-2,'=SUM(A1),\r\n", 4);
	/* numbers are never neutralised, text that looks like one is */
	CHECK_RENDER(PDB_FORMAT_CSV,
	    "SELECT -5 AS n, -0.5 AS r, '-5' AS t, '+1' AS p, '@x' AS a, "
	    "x'2d' AS b",
	    "n,r,t,p,a,b\r\n"
	    "-5,-0.5,'-5,'+1,'@x,2d\r\n", 1);
	CHECK_RENDER(PDB_FORMAT_CSV, "SELECT 1 AS \"=x\", 2 AS \" y\"",
	    "'=x,\" y\"\r\n"
	    "1,2\r\n", 1);

	got = render("SELECT note AS \"=n\" FROM t WHERE id = 4", &o, &rows);
	CHECK_STR(got, "=n\r\n=SUM(A1)\r\n");
	CHECK_INT(rows, 1);
	free(got);
}

static void
test_json(void)
{
	CHECK_RENDER(PDB_FORMAT_JSON, all_rows,
	    "[\n"
	    "  {\"id\": 1, \"name\": \"alpha\", \"score\": 1.5, "
	    "\"note\": \"plain\", \"data\": \"00ff\"},\n"
	    "  {\"id\": 2, \"name\": \"✅ done\", \"score\": 0.1, "
	    "\"note\": \"a|b, \\\"q\\\"\", \"data\": null},\n"
	    "  {\"id\": 3, \"name\": \"日本語\", \"score\": null, "
	    "\"note\": \"two\\nlines\", \"data\": \"\"},\n"
	    "  {\"id\": 4, \"name\": \"esc\\u001b[2J\", \"score\": -2, "
	    "\"note\": \"=SUM(A1)\", \"data\": null}\n"
	    "]\n", 4);
	/* shortest round-tripping reals; non-finite ones as null */
	CHECK_RENDER(PDB_FORMAT_JSON,
	    "SELECT 0.1 + 0.2 AS a, 1.0 / 3 AS b, 100.0 AS c, 1e-7 AS d, "
	    "2e20 AS e, 1e308 * 10 AS f, 5e-324 AS g, 1.7976931348623157e308 "
	    "AS h",
	    "[\n"
	    "  {\"a\": 0.30000000000000004, \"b\": 0.3333333333333333, "
	    "\"c\": 100, \"d\": 1e-07, \"e\": 2e+20, \"f\": null, "
	    "\"g\": 4.94065645841247e-324, \"h\": 1.7976931348623157e+308}\n"
	    "]\n", 1);
	CHECK_RENDER(PDB_FORMAT_JSON,
	    "SELECT 9223372036854775807 AS big, -9223372036854775808 AS small",
	    "[\n"
	    "  {\"big\": 9223372036854775807, "
	    "\"small\": -9223372036854775808}\n"
	    "]\n", 1);
	/* duplicate names are kept; names are escaped */
	CHECK_RENDER(PDB_FORMAT_JSON,
	    "SELECT 1 AS a, 2 AS a, 3 AS \"q\"\"\n\"",
	    "[\n"
	    "  {\"a\": 1, \"a\": 2, \"q\\\"\\n\": 3}\n"
	    "]\n", 1);
}

static void
test_md(void)
{
	struct pdb_render_opts o = {
		.format = PDB_FORMAT_MD,
		.null_text = "NULL",
	};
	long rows;
	char *got = render(all_rows, &o, &rows);

	CHECK_STR(got,
	    "| id | name | score | note | data |\n"
	    "| ---: | --- | ---: | --- | --- |\n"
	    "| 1 | alpha | 1.5 | plain | 00ff |\n"
	    "| 2 | ✅ done | 0.1 | a\\|b, \"q\" | NULL |\n"
	    "| 3 | 日本語 | NULL | two<br>lines |  |\n"
	    "| 4 | esc\\x1b[2J | -2 | =SUM(A1) | NULL |\n");
	CHECK_INT(rows, 4);
	free(got);

	CHECK_RENDER(PDB_FORMAT_MD,
	    "SELECT NULL AS \"a|b\", '---' AS c, '<b>x</b> \\ y' AS d",
	    "| a\\|b | c | d |\n"
	    "| --- | --- | --- |\n"
	    "|  | --- | &lt;b>x&lt;/b> \\\\ y |\n", 1);
}

static void
test_empty(void)
{
	static const char none[] = "SELECT id, name FROM t WHERE 0";

	CHECK_RENDER(PDB_FORMAT_TEXT, none, "id  name\n--  ----\n", 0);
	CHECK_RENDER(PDB_FORMAT_CSV, none, "id,name\r\n", 0);
	CHECK_RENDER(PDB_FORMAT_JSON, none, "[]\n", 0);
	CHECK_RENDER(PDB_FORMAT_MD, none, "| id | name |\n| --- | --- |\n", 0);
}

static void
test_no_columns(void)
{
	static const char update[] = "UPDATE t SET score = score";

	CHECK_RENDER(PDB_FORMAT_TEXT, update, "", 0);
	CHECK_RENDER(PDB_FORMAT_CSV, update, "", 0);
	CHECK_RENDER(PDB_FORMAT_JSON, update, "", 0);
	CHECK_RENDER(PDB_FORMAT_MD, update, "", 0);
	CHECK_RENDER(PDB_FORMAT_JSON,
	    "UPDATE t SET id = abs(-9223372036854775808)", "", -1);
}

/* abs() of the smallest integer overflows, failing the second row. */
static void
test_error_midway(void)
{
	static const char fails[] = "SELECT CASE WHEN id = 2 THEN "
	    "abs(-9223372036854775808) ELSE id END AS v FROM t";

	CHECK_RENDER(PDB_FORMAT_TEXT, fails, "", -1);
	CHECK_STR(sqlite3_errmsg(db), "integer overflow");
	CHECK_RENDER(PDB_FORMAT_MD, fails, "", -1);
	CHECK_RENDER(PDB_FORMAT_CSV, fails, "v\r\n1\r\n", -1);
	CHECK_RENDER(PDB_FORMAT_JSON, fails, "[\n  {\"v\": 1}", -1);
}

static void
test_write_error(void)
{
	struct pdb_render_opts o = { .format = PDB_FORMAT_CSV };
	FILE *ro = fopen("/dev/null", "r");
	sqlite3_stmt *stmt;

	CHECK(ro != NULL);
	CHECK_INT(sqlite3_prepare_v2(db, all_rows, -1, &stmt, NULL),
	    SQLITE_OK);
	CHECK_INT(render_stmt(stmt, &o, ro), -1);
	CHECK_INT(sqlite3_finalize(stmt), SQLITE_OK);
	fclose(ro);
}

static void
test_format_names(void)
{
	enum pdb_format f = PDB_FORMAT_TEXT;

	CHECK_INT(render_format_from_name("csv", &f), 0);
	CHECK_INT(f, PDB_FORMAT_CSV);
	CHECK_INT(render_format_from_name("json", &f), 0);
	CHECK_INT(f, PDB_FORMAT_JSON);
	CHECK_INT(render_format_from_name("md", &f), 0);
	CHECK_INT(f, PDB_FORMAT_MD);
	CHECK_INT(render_format_from_name("text", &f), 0);
	CHECK_INT(f, PDB_FORMAT_TEXT);
	CHECK_INT(render_format_from_name("JSON", &f), -1);
	CHECK_INT(render_format_from_name("", &f), -1);
	CHECK_INT(render_format_from_name("markdown", &f), -1);
	CHECK_INT(f, PDB_FORMAT_TEXT);
	CHECK_STR(render_format_names(), "text, csv, json or md");
}

int
main(void)
{
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "cannot set up the database: %s\n",
		    sqlite3_errmsg(db));
		return 1;
	}
	test_text();
	test_text_null();
	test_csv();
	test_json();
	test_md();
	test_empty();
	test_no_columns();
	test_error_midway();
	test_write_error();
	test_format_names();
	CHECK_INT(sqlite3_close(db), SQLITE_OK);
	return harness_done();
}
