/*
 * fuzz_parse.c - libFuzzer target over decode, parse and extract: bytes as
 * a file would hold them, no disk, no database.  Built for libFuzzer with
 * -Dfuzzing_engine=libfuzzer, else linked with replay.c, which runs it
 * over files (the seed corpus and tests/fuzz/regressions/).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "progdb/buf.h"
#include "progdb/decode.h"
#include "progdb/diag.h"
#include "progdb/extract.h"
#include "progdb/facts.h"
#include "progdb/model.h"
#include "progdb/parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdb_buf raw = {0}, scratch = {0};
	struct pdb_diaglist diags = {0};
	struct pdb_doc doc = {0};
	struct pdb_facts facts = {0};
	const char *text;
	size_t len;

	/* As walk_read() hands it over: zero padding after the bytes. */
	buf_reserve(&raw, size + PDB_DECODE_PAD);
	if (size > 0)
		memcpy(raw.data, data, size);
	memset(raw.data + size, 0, PDB_DECODE_PAD);
	raw.len = size;
	if (decode_text(raw.data, raw.len, &text, &len, &scratch, &diags) >= 0 &&
	    parse_markdown(&doc, text, len) == 0)
		extract_document(&doc, "fuzz.md", &facts);
	facts_free(&facts);
	model_free(&doc);
	diaglist_free(&diags);
	buf_free(&scratch);
	buf_free(&raw);
	return 0;
}
