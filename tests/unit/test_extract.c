/*
 * test_extract.c - the extraction rules, one assertion at a time: what is
 * an item and in which state, what its line says, sections and their
 * statuses, metadata, templates.  Fixtures are inline Markdown.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "progdb/config.h"
#include "progdb/date.h"
#include "progdb/decode.h"
#include "progdb/extract.h"
#include "progdb/parse.h"

static struct pdb_doc doc;
static struct pdb_facts facts;
static struct pdb_buf padded, scratch;

/* Decodes, parses and extracts md; the result is in the globals. */
static void
run(const char *md)
{
	struct pdb_diaglist diags = {0};
	const char *text;
	size_t len;

	buf_reset(&padded);
	buf_append(&padded, md, strlen(md));
	buf_reserve(&padded, PDB_DECODE_PAD);
	memset(padded.data + padded.len, 0, PDB_DECODE_PAD);
	if (decode_text(padded.data, padded.len, &text, &len, &scratch,
	    &diags) < 0 || parse_markdown(&doc, text, len) != 0) {
		HARNESS_FAIL("cannot parse fixture");
		return;
	}
	extract_document(&doc, "fixture.md", &facts);
	diaglist_free(&diags);
}

static int
str_is(struct pdb_str s, const char *want)
{
	return s.n == strlen(want) && memcmp(s.p, want, s.n) == 0;
}

#define CHECK_SSTR(s, want) do {					\
	if (str_is((s), (want)))					\
		harness_passed++;					\
	else								\
		HARNESS_FAIL("%s == \"%.*s\", want \"%s\"", #s,		\
		    (int)(s).n, (s).p ? (s).p : "", (want));		\
} while (0)

static const char *
state(size_t i)
{
	return i < facts.items.n ? facts_state_name(facts.items.v[i].state) :
	    "(none)";
}

static int32_t
day(const char *iso)
{
	int64_t d;

	return date_parse(iso, strlen(iso), &d) == 0 ? (int32_t)d : 0;
}

static void
test_states(void)
{
	run("- [ ] open\n- [x] done\n- [X] done too\n- [/] doing\n"
	    "- [~] doing too\n- [-] dropped\n- [>] later\n- [!] stuck\n"
	    "- [?] unsure\n");
	CHECK_INT(facts.items.n, 9);
	CHECK_STR(state(0), "open");
	CHECK_STR(state(1), "done");
	CHECK_STR(state(2), "done");
	CHECK_SSTR(facts.items.v[2].mark, "[X]");
	CHECK_STR(state(3), "in_progress");
	CHECK_STR(state(4), "in_progress");
	CHECK_SSTR(facts.items.v[4].mark, "[~]");
	CHECK_STR(state(5), "cancelled");
	CHECK_STR(state(6), "deferred");
	CHECK_STR(state(7), "blocked");
	CHECK_STR(state(8), "question");
	CHECK_SSTR(facts.items.v[8].text, "unsure");
	/* Cancelled items leave the totals. */
	CHECK_INT(facts.items_total, 8);
	CHECK_INT(facts.items_done, 2);
	for (size_t i = 0; i < facts.items.n; i++)
		CHECK_INT(facts.items.v[i].line, i + 1);
}

static void
test_not_items(void)
{
	run("- [P] tasks = different files\n- [ALTA] priority\n"
	    "- [x]Done without a space\n- plain bullet\n- [1] reference\n"
	    "**Ready for merge**: [ ] Yes / [ ] No\n\n"
	    "Mention `- [ ] inline code` here.\n\n"
	    "- 🔴 `src/main.py` - 0%\n- 🟡 half\n- 🟢 fine\n- ⚠️ careful\n"
	    "- 🚀 launch\n");
	CHECK_INT(facts.items.n, 0);
	CHECK_INT(facts.unknown_marks.n, 0);
}

static void
test_unknown_marks(void)
{
	run("- [*] starred\n- [i] info\n- [ ] real\n");
	CHECK_INT(facts.items.n, 1);
	CHECK_INT(facts.unknown_marks.n, 2);
	CHECK_SSTR(facts.unknown_marks.v[0].mark, "[*]");
	CHECK_INT(facts.unknown_marks.v[0].line, 1);
	CHECK_SSTR(facts.unknown_marks.v[1].mark, "[i]");
	CHECK_INT(facts.unknown_marks.v[1].line, 2);
	/* A word of capitals that starts two list items is a marker; once,
	 * a tag. */
	run("- [DONE] one\n- [ALTA] tag\n- [DONE] two\n- [DONE]three\n"
	    "- [Done] mixed case\n- [DONE]\n");
	CHECK_INT(facts.items.n, 0);
	CHECK_INT(facts.unknown_marks.n, 3);
	CHECK_SSTR(facts.unknown_marks.v[0].mark, "[DONE]");
	CHECK_INT(facts.unknown_marks.v[0].line, 1);
	CHECK_INT(facts.unknown_marks.v[1].line, 3);
	CHECK_INT(facts.unknown_marks.v[2].line, 6);
}

/* Markers a .progdb declares come before the built-in ones. */
static void
test_declared_markers(void)
{
	struct pdb_config c = {0};
	struct pdb_marker m[] = {
		{(char *)"[DONE]", 6, PDB_STATE_DONE},
		{(char *)"[-]", 3, PDB_STATE_IN_PROGRESS},
	};

	c.markers = m;
	c.nmarkers = 2;
	config_set_active(&c);
	run("- [DONE] shipped\n- [-] under way\n- [DONE]glued\n");
	config_set_active(NULL);
	CHECK_INT(facts.items.n, 2);
	CHECK_STR(state(0), "done");
	CHECK_SSTR(facts.items.v[0].text, "shipped");
	CHECK_STR(state(1), "in_progress");
	CHECK_INT(facts.unknown_marks.n, 0);
}

static void
test_emoji_items(void)
{
	run("- ✅ 199/199 tests passing\n- ✔️ checked\n- ☑️ ticked\n"
	    "- 🚧 building\n- ⏳ waiting\n- 🔄 looping\n- ❌ not yet\n"
	    "- ⬜ empty\n1. ✅ numbered\n");
	CHECK_INT(facts.items.n, 9);
	for (size_t i = 0; i < facts.items.n; i++)
		CHECK(facts.items.v[i].from_emoji);
	CHECK_STR(state(0), "done");
	CHECK_SSTR(facts.items.v[0].mark, "✅");
	CHECK_SSTR(facts.items.v[0].text, "199/199 tests passing");
	CHECK_STR(state(1), "done");
	CHECK_SSTR(facts.items.v[1].mark, "✔️");
	CHECK_STR(state(2), "done");
	CHECK_STR(state(3), "in_progress");
	CHECK_STR(state(4), "in_progress");
	CHECK_STR(state(5), "in_progress");
	CHECK_STR(state(6), "open");
	CHECK_STR(state(7), "open");
	CHECK_STR(state(8), "done");
}

static void
test_nesting(void)
{
	run("- [ ] top\n  - [x] child\n    - [ ] grandchild\n  - note\n"
	    "    - [ ] under a note\n- [ ] second\n\n"
	    "> - [x] quoted\n\n1. [ ] numbered\n   1. [x] nested numbered\n");
	CHECK_INT(facts.items.n, 8);
	CHECK_INT(facts.items.v[0].depth, 1);
	CHECK_INT(facts.items.v[0].parent, PDB_NONE);
	CHECK_INT(facts.items.v[1].depth, 2);
	CHECK_INT(facts.items.v[1].parent, 0);
	CHECK_INT(facts.items.v[2].depth, 3);
	CHECK_INT(facts.items.v[2].parent, 1);
	/* A plain bullet between keeps the nearest item as parent. */
	CHECK_INT(facts.items.v[3].depth, 3);
	CHECK_INT(facts.items.v[3].parent, 0);
	CHECK_INT(facts.items.v[4].depth, 1);
	CHECK_STR(state(5), "done");
	CHECK_INT(facts.items.v[5].line, 8);
	CHECK_INT(facts.items.v[5].depth, 1);
	CHECK_INT(facts.items.v[6].line, 10);
	CHECK_INT(facts.items.v[6].parent, PDB_NONE);
	CHECK_INT(facts.items.v[7].parent, 6);
	CHECK_INT(facts.items.v[7].depth, 2);
}

static void
test_code_is_not_work(void)
{
	run("```markdown\n- [ ] in a fence\n```\n\n~~~\n- [x] tildes\n~~~\n\n"
	    "````\n```\n- [ ] four backticks\n```\n````\n\n"
	    "    - [ ] indented code\n\n<!--\n- [ ] in a comment\n-->\n\n"
	    "- [ ] real one\n  ```bash\n  - [ ] fenced inside an item\n  ```\n");
	CHECK_INT(facts.items.n, 1);
	CHECK_SSTR(facts.items.v[0].text, "real one");
	CHECK_INT(facts.items.v[0].line, 21);
}

static void
test_labels_and_ids(void)
{
	run("- [x] **Research initiated**: Feasibility check\n"
	    "- [ ] **Label:** colon inside\n"
	    "- [ ] T012 [P] [US1] Create model in src/models.py\n"
	    "- [ ]* 1.2 Write unit tests\n- [ ] 2. Set up project\n"
	    "- [ ] TD-004: fix retries\n- [x] Ship v1 ✅ 2025-11-10 🆔 ship1\n"
	    "- [ ] 25 comprehensive tests\n- [/] **Doing**: with a custom mark\n");
	CHECK_SSTR(facts.items.v[0].label, "Research initiated");
	CHECK_SSTR(facts.items.v[0].text,
	    "Research initiated: Feasibility check");
	CHECK_SSTR(facts.items.v[1].label, "Label");
	CHECK_SSTR(facts.items.v[2].ext_id, "T012");
	CHECK_SSTR(facts.items.v[2].tags, "P US1");
	CHECK_SSTR(facts.items.v[3].ext_id, "1.2");
	CHECK(facts.items.v[3].optional);
	CHECK_SSTR(facts.items.v[3].mark, "[ ]*");
	CHECK_STR(state(3), "open");
	CHECK_SSTR(facts.items.v[4].ext_id, "2");
	CHECK_SSTR(facts.items.v[5].ext_id, "TD-004");
	CHECK_SSTR(facts.items.v[6].ext_id, "ship1");
	CHECK_INT(facts.items.v[7].ext_id.n, 0);
	CHECK_SSTR(facts.items.v[8].label, "Doing");
}

static void
test_dates_and_fields(void)
{
	run("- [x] a ✅ 2025-09-01\n- [x] b (done 2025-09-02)\n"
	    "- [x] c completed: 2025-09-03\n- [x] d — completed Sep 4, 2025\n"
	    "- [x] e [completion:: 2025-09-05]\n- [ ] f 📅 2025-10-01\n"
	    "- [ ] g [due:: 2025-10-02]\n"
	    "- [ ] h ➕ 2025-08-01 🛫 2025-08-02 ⏳ 2025-08-03 ⏫\n"
	    "- [-] i ❌ 2025-08-04 🔽\n- [ ] j (added 2025-08-05) on 2025-08-06\n"
	    "- [ ] k [Date] YYYY-MM-DD 2025-13-01\n- [ ] l 🔺 top ⏬\n");
	CHECK_INT(facts.items.v[0].done_date, day("2025-09-01"));
	CHECK_INT(facts.items.v[1].done_date, day("2025-09-02"));
	CHECK_INT(facts.items.v[2].done_date, day("2025-09-03"));
	CHECK_INT(facts.items.v[3].done_date, day("2025-09-04"));
	CHECK_INT(facts.items.v[4].done_date, day("2025-09-05"));
	CHECK_INT(facts.items.v[5].due_date, day("2025-10-01"));
	CHECK_INT(facts.items.v[5].done_date, PDB_NO_DATE);
	CHECK_INT(facts.items.v[6].due_date, day("2025-10-02"));
	CHECK_INT(facts.items.v[7].created_date, day("2025-08-01"));
	CHECK_INT(facts.items.v[7].start_date, day("2025-08-02"));
	CHECK_INT(facts.items.v[7].scheduled_date, day("2025-08-03"));
	CHECK_INT(facts.items.v[7].priority, 4);
	CHECK_INT(facts.items.v[8].cancelled_date, day("2025-08-04"));
	CHECK_INT(facts.items.v[8].priority, 2);
	CHECK_INT(facts.items.v[9].created_date, day("2025-08-05"));
	CHECK_INT(facts.items.v[9].done_date, PDB_NO_DATE);
	CHECK_INT(facts.items.v[10].done_date, PDB_NO_DATE);
	CHECK_INT(facts.items.v[10].due_date, PDB_NO_DATE);
	/* With two priority emoji, the last one counts. */
	CHECK_INT(facts.items.v[11].priority, 1);
}

static void
test_current_step(void)
{
	run("- [ ] **Review**: prompt ← **CURRENT STEP**\n"
	    "- [ ] other <- CURRENT STEP\n- [ ] third <-- current task\n"
	    "- [ ] not current: the current design\n");
	CHECK(facts.items.v[0].current);
	CHECK(facts.items.v[1].current);
	CHECK(facts.items.v[2].current);
	CHECK(!facts.items.v[3].current);
}

static void
test_keys(void)
{
	uint64_t k1, k2, k3;

	run("## Phase 1\n- [ ] Write tests\n");
	k1 = facts.items.v[0].key;
	run("## ✅ Phase 1\n- [x] Write tests ✅ 2025-09-01 ← **CURRENT STEP**\n");
	k2 = facts.items.v[0].key;
	CHECK(k1 == k2);
	run("## Phase 2\n- [ ] Write tests\n");
	k3 = facts.items.v[0].key;
	CHECK(k1 != k3);
	run("## Phase 1\n- [ ] Write tests\n- [ ] Write tests\n");
	CHECK(facts.items.v[0].key != facts.items.v[1].key);
	CHECK(facts.items.v[0].key == k1 || facts.items.v[1].key == k1);
	run("- [ ] T001 first\n");
	k1 = facts.items.v[0].key;
	run("## Moved\n- [x] T001 first, reworded\n");
	CHECK(facts.items.v[0].key == k1);
}

static void
test_sections(void)
{
	run("# Tracker\n\n## 🚨 PROGRESS\n\n### ✅ Phase 1: Research\n- [x] a\n\n"
	    "### ⏸️ Phase 2: Build\n- [ ] b\n\n#### Checklist ✅ COMPLETE\n"
	    "- [ ] c\n\n#### Review ⏳ IN PROGRESS\n\n### Phase 3 - Done\n\n"
	    "### Completion & Documentation\n\n### 🔒 Milestone 5.1 Blocked\n\n"
	    "## Sprint 4\n## Week 12\n## Step 1.1: dirs\n## M3 launch\n"
	    "## Week of 2025-11-17\n## LAYER 2 COMPLETE\n## Active Risks\n");
	CHECK_INT(facts.sections.n, 16);
	CHECK_SSTR(facts.title, "Tracker");
	CHECK_INT(facts.sections.v[1].status, -1);
	CHECK_SSTR(facts.sections.v[1].norm_title, "🚨 PROGRESS");
	CHECK_INT(facts.sections.v[2].status, PDB_STATE_DONE);
	CHECK_SSTR(facts.sections.v[2].norm_title, "Phase 1: Research");
	CHECK_SSTR(facts.sections.v[2].milestone, "Phase 1");
	CHECK_INT(facts.sections.v[2].parent, 1);
	CHECK_INT(facts.sections.v[2].line, 5);
	CHECK_INT(facts.sections.v[2].end_line, 7);
	CHECK_INT(facts.sections.v[3].status, PDB_STATE_NOT_STARTED);
	CHECK_SSTR(facts.sections.v[3].status_text, "⏸️");
	CHECK_INT(facts.sections.v[3].items_total, 1);
	CHECK_INT(facts.sections.v[4].status, PDB_STATE_DONE);
	CHECK_SSTR(facts.sections.v[4].status_text, "✅ COMPLETE");
	CHECK_SSTR(facts.sections.v[4].norm_title, "Checklist");
	CHECK_INT(facts.sections.v[4].parent, 3);
	CHECK_INT(facts.sections.v[5].status, PDB_STATE_IN_PROGRESS);
	CHECK_INT(facts.sections.v[6].status, PDB_STATE_DONE);
	CHECK_SSTR(facts.sections.v[6].norm_title, "Phase 3");
	CHECK_INT(facts.sections.v[6].parent, 1);
	CHECK_INT(facts.sections.v[7].status, -1);
	CHECK_INT(facts.sections.v[8].status, PDB_STATE_BLOCKED);
	CHECK_SSTR(facts.sections.v[8].milestone, "Milestone 5.1");
	CHECK_SSTR(facts.sections.v[9].milestone, "Sprint 4");
	CHECK_SSTR(facts.sections.v[10].milestone, "Week 12");
	CHECK_SSTR(facts.sections.v[11].milestone, "Step 1.1");
	CHECK_SSTR(facts.sections.v[12].milestone, "M3");
	CHECK_INT(facts.sections.v[13].milestone.n, 0);
	CHECK_INT(facts.sections.v[14].status, PDB_STATE_DONE);
	CHECK_INT(facts.sections.v[15].status, -1);
	CHECK_INT(facts.sections.v[15].end_line, 28);
}

static void
test_metadata(void)
{
	run("---\ntitle: Plan\nstatus: \"In Progress\"\ntemplate: false\n---\n"
	    "# Tracker\n**Scenario**: small tables\n**Start Date**: 2025-09-01\n"
	    "**Status**: Layer 2 Complete - Code Review in Progress\n\n"
	    "Owner: Ana\nVersion: 2\n\nNote: not a block\n\n## Part\n"
	    "**Status**: Blocked\n\n*Last Updated: 2025-11-20*\n");
	CHECK_SSTR(facts.status, "In Progress");
	CHECK_INT(facts.status_state, PDB_STATE_IN_PROGRESS);
	CHECK_INT(facts.start_date, day("2025-09-01"));
	CHECK_INT(facts.updated, day("2025-11-20"));
	CHECK_INT(facts.meta.n, 10);
	CHECK_SSTR(facts.meta.v[0].key, "title");
	CHECK_INT(facts.meta.v[0].source, PDB_META_FRONT);
	CHECK_INT(facts.meta.v[0].line, 2);
	CHECK_SSTR(facts.meta.v[3].key, "Scenario");
	CHECK_INT(facts.meta.v[3].line, 7);
	CHECK_INT(facts.meta.v[3].source, PDB_META_BOLD);
	CHECK_SSTR(facts.meta.v[5].value,
	    "Layer 2 Complete - Code Review in Progress");
	CHECK_SSTR(facts.meta.v[6].key, "Owner");
	CHECK_INT(facts.meta.v[6].source, PDB_META_BLOCK);
	CHECK_SSTR(facts.meta.v[8].key, "Status");
	CHECK_INT(facts.meta.v[8].section, 1);
	CHECK_SSTR(facts.meta.v[9].key, "Last Updated");
	CHECK(!facts.is_template);
}

static void
test_templates(void)
{
	struct pdb_buf guide = {0};

	run("# [SCENARIO_NAME] Tracker\n**Start Date**: [YYYY-MM-DD]\n"
	    "- [ ] {object_name} done\n- Progress: [X/Y items]\n"
	    "- [Brief description of what this validates]\n");
	CHECK(facts.is_template);
	run("# Real\n- [P] tag [US1] [ALTA] [1] [link](x) arr[i] [WIP]\n"
	    "```python\nx = f\"{name}\" + d[key_name]\n```\n");
	CHECK(!facts.is_template);
	/* A guide whose templates all sit in fences (like seed 004). */
	buf_reset(&guide);
	buf_puts(&guide, "# Guide\n");
	for (int i = 0; i < 6; i++)
		buf_puts(&guide, "\n```markdown\n## [Date] - [Milestone X.Y] - "
		    "[Component Name]\n- [x] [Description]\n```\n");
	run(buf_cstr(&guide));
	CHECK(facts.is_template);
	/* One such block to copy does not make a real document a template. */
	run("# Log\n## 2025-11-03\n- [x] shipped\n- [ ] next\n\n"
	    "```markdown\n## [Date] - [Milestone X.Y] - [Component Name]\n"
	    "- [x] [Description]\n```\n");
	CHECK(!facts.is_template);
	run("---\ntemplate: false\n---\n# [NAME] [ROLE] [DATE] [Owner] {x_y}\n");
	CHECK(!facts.is_template);
	run("---\ntemplate: true\n---\n# Plain\n");
	CHECK(facts.is_template);
	/* Braces in a path or URL are its parameters, not placeholders left
	 * in a real document; a lone {object_name} is one. */
	run("# API\n- [x] Add `GET /api/jobs/{job_id}` for status\n"
	    "- [x] POST /api/v1/{user_id}/ideas\n- [ ] {object_name} created\n");
	CHECK(!facts.is_template);
	CHECK_INT(facts.placeholders.n, 1);
	CHECK(facts.placeholders.n == 1 &&
	    facts.placeholders.v[0].mark.n == 13 &&
	    memcmp(facts.placeholders.v[0].mark.p, "{object_name}", 13) == 0);
	buf_free(&guide);
}

static void
test_line_numbers_survive_decoding(void)
{
	run("\xEF\xBB\xBF# Title\r\n\r\n- [ ] one\r\n- [x] two\r- [ ] three\n");
	CHECK_SSTR(facts.title, "Title");
	CHECK_INT(facts.items.n, 3);
	CHECK_INT(facts.items.v[0].line, 3);
	CHECK_INT(facts.items.v[1].line, 4);
	CHECK_INT(facts.items.v[2].line, 5);
	CHECK_SSTR(facts.items.v[0].text, "one");
}

static void
test_mojibake_items(void)
{
	/* "✅ done" and "🔴 rated" seen through Mac OS Roman. */
	run("- \xE2\x80\x9A\xC3\xBA\xC3\x96 done\n"
	    "- \xEF\xA3\xBF\xC3\xBC\xC3\xAE\xC2\xA5 rated\n");
	CHECK_INT(facts.items.n, 1);
	CHECK_STR(state(0), "done");
	CHECK(facts.items.v[0].from_emoji);
}

static void
test_multiline_item_text(void)
{
	run("- [ ] first line\n  continues here\n");
	CHECK_SSTR(facts.items.v[0].text, "first line continues here");
	run("- [ ] loose\n\n- [x] **Loose label**: detail\n\n  more text\n");
	CHECK_INT(facts.items.n, 2);
	CHECK_SSTR(facts.items.v[1].label, "Loose label");
	CHECK_INT(facts.meta.n, 0);
}

/* The warning with this code among the parse's, or NULL. */
static const struct pdb_diag *
parse_warning(const char *code)
{
	for (size_t i = 0; i < doc.diags.n; i++)
		if (strcmp(doc.diags.v[i].code, code) == 0)
			return &doc.diags.v[i];
	return NULL;
}

/* Brackets are counted wherever they sit among plain words: the 8-byte
 * words the tamer skips hold none. */
static void
test_tamed_brackets(void)
{
	struct pdb_buf md = {0};
	const struct pdb_diag *w;

	buf_puts(&md, "intro line\n\n");
	for (int i = 0; i < 40; i++)
		buf_puts(&md, "plainwordsplainwords[");
	buf_puts(&md, "x");
	for (int i = 0; i < 40; i++)
		buf_puts(&md, "]");
	buf_puts(&md, "\n");
	run(buf_cstr(&md));
	CHECK((w = parse_warning("deep-brackets")) != NULL);
	CHECK_INT(w != NULL ? w->line : 0, 3);
	buf_reset(&md);
	for (int i = 0; i < 30; i++)
		buf_puts(&md, "plainwordsplainwords[");
	for (int i = 0; i < 30; i++)
		buf_puts(&md, "]");
	run(buf_cstr(&md));
	CHECK(parse_warning("deep-brackets") == NULL);
	buf_free(&md);
}

/* Words are found in any case wherever they sit, after false starts, up
 * to the very end of the text. */
static void
test_words_any_case(void)
{
	run("Cyclic cache COVERAGE at 85% -> cc TaRgEt 90%\n");
	CHECK_INT(facts.claims.n, 1);
	if (facts.claims.n == 1) {
		CHECK_INT(facts.claims.v[0].kind, PDB_CLAIM_COVERAGE);
		CHECK(facts.claims.v[0].percent == 85.0);
		CHECK(facts.claims.v[0].target == 90.0);
	}
	run("Covera 85%, not a coverag 85% claim\n");
	CHECK(facts.claims.n == 0 ||
	    facts.claims.v[0].kind != PDB_CLAIM_COVERAGE);
	run("## Risk register RESOLVED\n\n| ID | Risk | Impact | Mitigation |\n"
	    "|---|---|---|---|\n| R-1 | Disk fills | High | Alerts |\n\n"
	    "## Risks to resolv\n\n| ID | Risk | Impact | Mitigation |\n"
	    "|---|---|---|---|\n| R-2 | Slow | Low | Cache |\n");
	CHECK_INT(facts.risks.n, 2);
	if (facts.risks.n == 2) {
		CHECK(facts.risks.v[0].resolved);
		CHECK(!facts.risks.v[1].resolved);
	}
}

/* A claim keeps at most 512 bytes of its line, cut between characters,
 * and its subject is the label before a colon that comes before it. */
static void
test_claims_in_long_lines(void)
{
	struct pdb_buf md = {0};
	size_t longest = 0;

	buf_puts(&md, "3/5 done ");
	for (int i = 0; i < 400; i++)
		buf_puts(&md, "\xC3\xA9");
	buf_puts(&md, "\n");
	run(buf_cstr(&md));
	CHECK_INT(facts.claims.n, 1);
	if (facts.claims.n == 1)
		CHECK_INT(facts.claims.v[0].text.n, 511);
	buf_reset(&md);
	for (int i = 0; i < 1000; i++)
		buf_puts(&md, "1/2 done ");
	buf_puts(&md, "\n");
	run(buf_cstr(&md));
	CHECK_INT(facts.claims.n, 1000);
	for (size_t i = 0; i < facts.claims.n; i++)
		if (facts.claims.v[i].text.n > longest)
			longest = facts.claims.v[i].text.n;
	CHECK_INT(longest, 512);
	run("# Doc\n\nBuild: 3/5 done, then 4/5 done\n");
	CHECK_INT(facts.claims.n, 2);
	if (facts.claims.n == 2) {
		CHECK_SSTR(facts.claims.v[0].subject, "Build");
		CHECK_SSTR(facts.claims.v[1].subject, "Build");
	}
	run("# Doc\n\n3/5 done, see: notes\n");
	CHECK_INT(facts.claims.n, 1);
	if (facts.claims.n == 1)
		CHECK_SSTR(facts.claims.v[0].subject, "Doc");
	buf_free(&md);
}

/* Due dates as weeks and quarters (their last day), owners written or
 * inherited, and a due date that is not part of an item's identity. */
static void
test_due_periods_and_owners(void)
{
	uint64_t key;

	run("- [ ] a -> 2020-W53\n- [ ] b -> 2021-W53\n- [ ] c 2025-W00\n"
	    "- [ ] d x2025-Q4\n- [ ] e Q2 2026\n- [ ] f 2025-W01\n"
	    "- [ ] g 📅 2025-11-30 Q4 2025\n");
	CHECK_INT(facts.items.v[0].due_date, date_days_from_civil(2021, 1, 3));
	CHECK_INT(facts.items.v[1].due_date, PDB_NO_DATE);
	CHECK_INT(facts.items.v[2].due_date, PDB_NO_DATE);
	CHECK_INT(facts.items.v[3].due_date, PDB_NO_DATE);
	CHECK_INT(facts.items.v[4].due_date, date_days_from_civil(2026, 6, 30));
	CHECK_INT(facts.items.v[5].due_date, date_days_from_civil(2025, 1, 5));
	CHECK_INT(facts.items.v[6].due_date, date_days_from_civil(2025, 11, 30));
	run("# P\n## S\n- [ ] fix 📅 2025-11-30\n");
	key = facts.items.v[0].key;
	run("# P\n## S\n- [ ] fix 📅 2025-12-07\n");
	CHECK(facts.items.v[0].key == key);
	run("---\nowner: dana\n---\n# P\n## A (Owner: Al)\n- [ ] x\n"
	    "  - [ ] y @bo\n    - [ ] z\n## B\n**Assignee**: Cy\n"
	    "- [ ] u assigned to Di, later\n- [ ] mail a@b.org\n"
	    "- [ ] @patch() (@a, @b, @c)\n## C\n- [ ] w Owner: TBD\n"
	    "- [ ] ask the product owner: is this still in scope\n");
	CHECK_SSTR(facts.items.v[0].owner, "Al");
	CHECK_SSTR(facts.items.v[1].owner, "bo");
	CHECK_SSTR(facts.items.v[2].owner, "bo");
	CHECK_SSTR(facts.items.v[3].owner, "Di");
	CHECK_SSTR(facts.items.v[4].owner, "Cy");
	CHECK_SSTR(facts.items.v[5].owner, "Cy");
	CHECK_SSTR(facts.items.v[6].owner, "dana");
	CHECK_SSTR(facts.items.v[7].owner, "dana");
	run("## M\n- [ ] x @al\n  - Owner: Bo\n  - Due: 2025-W50\n- [ ] y\n"
	    "  - **Owner**: Cy\n");
	CHECK_SSTR(facts.items.v[0].owner, "al");
	CHECK_INT(facts.items.v[0].due_date, date_days_from_civil(2025, 12,
	    14));
	CHECK_SSTR(facts.items.v[1].owner, "Cy");
	CHECK_INT(facts.meta.n, 0);
}

int
main(void)
{
	test_states();
	test_not_items();
	test_unknown_marks();
	test_declared_markers();
	test_emoji_items();
	test_nesting();
	test_code_is_not_work();
	test_labels_and_ids();
	test_dates_and_fields();
	test_current_step();
	test_keys();
	test_sections();
	test_metadata();
	test_templates();
	test_line_numbers_survive_decoding();
	test_mojibake_items();
	test_multiline_item_text();
	test_tamed_brackets();
	test_words_any_case();
	test_claims_in_long_lines();
	test_due_periods_and_owners();
	facts_free(&facts);
	model_free(&doc);
	buf_free(&padded);
	buf_free(&scratch);
	return harness_done();
}
