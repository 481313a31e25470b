/*
 * test_history.c - unit tests for src/history/: which old item is which
 * new one (same key, unchanged text, a tick at the same place, reworded
 * above and below HIST_SIMILAR, ids and quantities, headings that name
 * other ids, words of any script), moves between files, completion
 * dating and state comparisons, on hand-made snapshots and facts.
 */
#include <stdlib.h>
#include <string.h>

#include "progdb/date.h"
#include "progdb/history.h"
#include "harness.h"

/* ---- building snapshots and facts ---- */

static struct pdb_str
str(const char *s)
{
	return (struct pdb_str){s, s != NULL ? strlen(s) : 0};
}

/* A section titled title; its index. */
static int32_t
section(struct pdb_facts *f, const char *title)
{
	struct pdb_section_fact *s = PDB_VEC_PUSH(f->sections);

	s->parent = PDB_NONE;
	s->level = 2;
	s->title = s->norm_title = str(title);
	s->status = -1;
	return (int32_t)(f->sections.n - 1);
}

/* New item i of f: its section (or PDB_NONE), line, state, text, key. */
static struct pdb_item_fact *
item(struct pdb_facts *f, int32_t sec, unsigned line, enum pdb_state st,
    const char *text, uint64_t key)
{
	struct pdb_item_fact *it = PDB_VEC_PUSH(f->items);

	it->section = sec;
	it->parent = PDB_NONE;
	it->line = line;
	it->state = st;
	it->text = str(text);
	it->key = key;
	it->done_date = it->due_date = it->context_date = PDB_NO_DATE;
	return it;
}

/* An old item: key, line, state, text, the heading it stood under. */
static struct hist_snapshot *
old(struct hist_list *l, int64_t key, unsigned line, const char *state,
    const char *text, const char *heading)
{
	struct hist_snapshot *o = hist_list_push(l);

	o->key = key;
	o->id = 100 + (int64_t)l->n;
	o->line = line;
	o->state = state;
	o->title = text;
	o->section_title = heading;
	return o;
}

static void
done_with(struct pdb_facts *f, struct hist_list *l)
{
	free(f->sections.v);
	free(f->items.v);
	*f = (struct pdb_facts){0};
	hist_list_free(l);
}

/* Matches f with l (indexed here): match[i] for new item i. */
static void
run_match(struct hist_list *l, const struct pdb_facts *f, int32_t *match)
{
	hist_list_index(l);
	hist_match_items(l, f, NULL, match);
}

/* ---- matching within a document ---- */

static void
test_same_key(void)
{
	struct hist_list l = {0};
	struct pdb_facts f = {0};
	int32_t m[2];

	old(&l, 7, 1, "open", "Write tests", NULL);
	old(&l, 8, 2, "open", "Ship it", NULL);
	item(&f, PDB_NONE, 1, PDB_STATE_OPEN, "Ship it", 8);
	item(&f, PDB_NONE, 2, PDB_STATE_DONE, "Something else now", 7);
	run_match(&l, &f, m);
	CHECK_INT(m[0], 1);
	CHECK_INT(m[1], 0);
	done_with(&f, &l);
}

/* A heading renamed changes every key: unchanged lines keep their
 * identity, the one with the same state first. */
static void
test_unchanged_text(void)
{
	struct hist_list l = {0};
	struct pdb_facts f = {0};
	int32_t m[2];

	old(&l, 1, 3, "open", "Review the API", "Plan");
	old(&l, 2, 4, "done", "Review the API", "Plan");
	item(&f, PDB_NONE, 3, PDB_STATE_DONE, "Review the API", 91);
	item(&f, PDB_NONE, 4, PDB_STATE_OPEN, "Review the API", 92);
	run_match(&l, &f, m);
	CHECK_INT(m[0], 1);
	CHECK_INT(m[1], 0);
	done_with(&f, &l);
}

/* Ticked in place while the text changed: too few words in common to
 * be a rewording (2 of 6), but half of the shorter's, between the same
 * neighbours.  An item that stayed open is not a tick. */
static void
test_same_place_tick(void)
{
	struct hist_list l = {0};
	struct pdb_facts f = {0};
	int32_t m[3];

	old(&l, 1, 1, "open", "Set up CI", NULL);
	old(&l, 2, 2, "open", "Implement login page with OAuth provider",
	    NULL);
	old(&l, 3, 3, "open", "Write docs", NULL);
	item(&f, PDB_NONE, 1, PDB_STATE_OPEN, "Set up CI", 1);
	item(&f, PDB_NONE, 2, PDB_STATE_DONE, "Login page done", 42);
	item(&f, PDB_NONE, 3, PDB_STATE_OPEN, "Write docs", 3);
	run_match(&l, &f, m);
	CHECK_INT(m[0], 0);
	CHECK_INT(m[1], 1);
	CHECK_INT(m[2], 2);
	CHECK(l.v[1].taken);
	done_with(&f, &l);

	old(&l, 1, 1, "open", "Implement login page with OAuth provider",
	    NULL);
	item(&f, PDB_NONE, 1, PDB_STATE_OPEN, "Login page done", 42);
	run_match(&l, &f, m);
	CHECK_INT(m[0], -1);
	CHECK(!l.v[0].taken);
	done_with(&f, &l);
}

/* Reworded: 4 words in common of 6 (0.67) is one item; 3 of 7 (0.43)
 * is not.  Open items, so only the wording speaks. */
static void
test_reworded_threshold(void)
{
	struct hist_list l = {0};
	struct pdb_facts f = {0};
	int32_t m[1];

	old(&l, 1, 10, "open", "alpha bravo charlie delta echo", NULL);
	item(&f, PDB_NONE, 1, PDB_STATE_OPEN, "alpha bravo charlie delta "
	    "foxtrot", 2);
	run_match(&l, &f, m);
	CHECK_INT(m[0], 0);
	done_with(&f, &l);

	old(&l, 1, 10, "open", "alpha bravo charlie delta echo", NULL);
	item(&f, PDB_NONE, 1, PDB_STATE_OPEN, "alpha bravo charlie golf "
	    "hotel", 2);
	run_match(&l, &f, m);
	CHECK_INT(m[0], -1);
	done_with(&f, &l);
}

/* The most alike pair first: "Token refresh pending" becomes "Token
 * refresh complete", not the line above that shares most of its words. */
static void
test_reworded_best_first(void)
{
	struct hist_list l = {0};
	struct pdb_facts f = {0};
	int32_t m[1];

	old(&l, 1, 1, "open", "Token refresh pending today review soon", NULL);
	old(&l, 2, 2, "open", "Token refresh pending", NULL);
	item(&f, PDB_NONE, 1, PDB_STATE_OPEN, "Token refresh pending today", 9);
	run_match(&l, &f, m);
	CHECK_INT(m[0], 1);
	done_with(&f, &l);
}

/* An item whose line stood in the old version as no item (surfaced) is
 * newly seen: no rewording, no tick of an open look-alike, but the same
 * text and state still pair. */
static void
test_surfaced(void)
{
	struct hist_list l = {0};
	struct pdb_facts f = {0};
	const uint8_t surfaced[2] = {1, 1};
	int32_t m[2];

	old(&l, 1, 20, "open", "Create the ownership mapping file", NULL);
	old(&l, 2, 30, "open", "Assign the tasks", NULL);
	item(&f, PDB_NONE, 7, PDB_STATE_DONE, "Create the ownership file", 91);
	item(&f, PDB_NONE, 8, PDB_STATE_OPEN, "Assign the tasks", 92);
	hist_list_index(&l);
	hist_match_items(&l, &f, surfaced, m);
	CHECK_INT(m[0], -1);
	CHECK_INT(m[1], 1);
	done_with(&f, &l);

	old(&l, 1, 20, "open", "Create the ownership mapping file", NULL);
	item(&f, PDB_NONE, 7, PDB_STATE_DONE, "Create the ownership file", 91);
	run_match(&l, &f, m);
	CHECK_INT(m[0], 0);
	done_with(&f, &l);
}

/* Ticked while it swapped places with a neighbour ticked too. */
static void
test_swapped(void)
{
	struct hist_list l = {0};
	struct pdb_facts f = {0};
	int32_t m[3];

	old(&l, 1, 6, "open", "Updated card routes", "Card routes");
	old(&l, 2, 7, "open", "Feature flag implementation", "Card routes");
	old(&l, 3, 8, "open", "Both paths tested", "Card routes");
	section(&f, "Card routes");
	item(&f, 0, 6, PDB_STATE_DONE, "Feature flag utility implemented", 92);
	item(&f, 0, 7, PDB_STATE_DONE, "Updated card routes", 1);
	item(&f, 0, 8, PDB_STATE_DONE, "Both paths tested", 3);
	run_match(&l, &f, m);
	CHECK_INT(m[0], 1);
	CHECK_INT(m[1], 0);
	CHECK_INT(m[2], 2);
	done_with(&f, &l);
}

/* An open item whose heading is gone and the done item that names that
 * heading and shares two more words with it: ticked as the heading's list
 * was folded into one.  While a section of that heading stays, even
 * elsewhere, no. */
static void
test_heading_named(void)
{
	for (int kept = 0; kept <= 1; kept++) {
		struct hist_list l = {0};
		struct pdb_facts f = {0};
		int32_t m[1];
		struct hist_snapshot *o = old(&l, 1, 9, "open",
		    "Create initial group invitation for territory managers",
		    "Bootstrap (To Do)");

		o->section_norm = "Bootstrap";
		section(&f, "Phase A");
		if (kept)
			section(&f, "Bootstrap");
		item(&f, 0, 4, PDB_STATE_DONE,
		    "Bootstrap script (create-bootstrap-invitation.sh) for "
		    "territory admins", 91);
		run_match(&l, &f, m);
		CHECK_INT(m[0], kept ? -1 : 0);
		done_with(&f, &l);
	}
}

/* An id in common makes a same-place tick without any word in common. */
static void
test_ids_in_common(void)
{
	struct hist_list l = {0};
	struct pdb_facts f = {0};
	int32_t m[1];

	CHECK_INT(hist_share_an_id("Task T012 build", 15, "t012 ok", 7), 1);
	CHECK_INT(hist_share_an_id("UX100-B4 modal", 14, "ux100-b4", 8), 1);
	CHECK_INT(hist_share_an_id("Task 28.3", 9, "28.3 shipped", 12), 1);
	CHECK_INT(hist_share_an_id("T012", 4, "T013", 4), -1);
	CHECK_INT(hist_share_an_id("Write docs", 10, "T012", 4), 0);
	old(&l, 1, 1, "open", "T012 parser for tables", NULL);
	item(&f, PDB_NONE, 1, PDB_STATE_DONE, "T012 shipped yesterday", 2);
	run_match(&l, &f, m);
	CHECK_INT(m[0], 0);
	done_with(&f, &l);
}

/* 500ms, 50MB, 1.5GB are quantities: one of them in common is no id, and
 * one word in common is not enough for a tick. */
static void
test_quantities_not_ids(void)
{
	struct hist_list l = {0};
	struct pdb_facts f = {0};
	int32_t m[1];

	CHECK_INT(hist_share_an_id("Cut latency to 500ms", 20,
	    "500ms budget", 12), 0);
	CHECK_INT(hist_share_an_id("Image under 1.5GB", 17, "1.5GB", 5), 0);
	CHECK_INT(hist_share_an_id("Phase 2.1", 9, "2.1 done", 8), 1);
	old(&l, 1, 1, "open", "Reduce search latency below 500ms", NULL);
	item(&f, PDB_NONE, 1, PDB_STATE_DONE, "Cache warmed 500ms", 2);
	run_match(&l, &f, m);
	CHECK_INT(m[0], -1);
	done_with(&f, &l);
}

/* Headings that name different ids are two sections: no tick across
 * them, however alike the items; the same heading ids are one. */
static void
test_headings_with_ids(void)
{
	struct hist_list l = {0};
	struct pdb_facts f = {0};
	int32_t m[1];

	old(&l, 1, 1, "open", "Implement login page with OAuth provider",
	    "Story 9.4.1: Auth");
	item(&f, section(&f, "Story 9.4.5: Auth"), 2, PDB_STATE_DONE,
	    "Login page done", 2);
	run_match(&l, &f, m);
	CHECK_INT(m[0], -1);
	done_with(&f, &l);

	old(&l, 1, 1, "open", "Implement login page with OAuth provider",
	    "Story 9.4.1: Auth 🔄 in progress");
	item(&f, section(&f, "Story 9.4.1: Auth ✅ complete"), 2,
	    PDB_STATE_DONE, "Login page done", 2);
	run_match(&l, &f, m);
	CHECK_INT(m[0], 0);
	done_with(&f, &l);
}

/* Words of scripts that do not space them: a run is a word of its own,
 * fullwidth punctuation separates, and completion markers are no words. */
static void
test_cjk_words(void)
{
	struct hist_list l = {0};
	struct pdb_facts f = {0};
	uint64_t a[8], b[8];
	int32_t m[1];

	CHECK_INT(hist_words("OWNERSHIP映射", strlen("OWNERSHIP映射"), a, 8), 2);
	CHECK_INT(hist_words("ownership", 9, b, 8), 1);
	CHECK(a[0] == b[0]);
	CHECK_INT(hist_words("实现，用户", strlen("实现，用户"), a, 8), 2);
	CHECK_INT(hist_words("Write tests", 11, a, 8), 2);
	CHECK_INT(hist_words("Write test ✅ 2025-09-01 done",
	    strlen("Write test ✅ 2025-09-01 done"), b, 8), 2);
	CHECK(a[0] == b[0] && a[1] == b[1]);
	old(&l, 1, 1, "open", "实现 用户 登录 页面", NULL);
	item(&f, PDB_NONE, 1, PDB_STATE_OPEN, "实现 用户 登录 页面 接口", 2);
	run_match(&l, &f, m);
	CHECK_INT(m[0], 0);
	done_with(&f, &l);
}

/* ---- moves between files ---- */

static struct hist_added
added(int64_t id, int64_t key, const char *title, const char *due)
{
	return (struct hist_added){
		.id = id, .key = key, .document = 2, .title = title,
		.state = "open", .due_date = due,
		.text = hist_text_hash(title, strlen(title)),
		.undated = hist_text_hash_undated(title),
	};
}

static void
test_moves(void)
{
	struct hist_list old_items = {0}, removed = {0};
	struct pdb_arena a = {0};
	struct hist_added add[4] = {
		added(1, 98, "Ship v2 by 2025-04-01", "2025-04-01"),
		added(2, 97, "Fix login", NULL),
		added(3, 5, "Write the docs", NULL),
		added(4, 96, "Clean up", NULL),
	};
	struct hist_move *mv;
	size_t n;

	old(&old_items, 5, 1, "open", "Write docs", "A");
	old(&old_items, 6, 2, "open", "Fix login", "A");
	old(&old_items, 7, 3, "open", "Ship v2 by 2025-03-01", "A")->due_date =
	    "2025-03-01";
	old(&old_items, 8, 4, "open", "Clean up", "A")->doc_gone = 1;
	for (size_t k = 0; k < old_items.n; k++)
		hist_remember(&removed, &a, &old_items.v[k]);
	n = hist_match_moves(&removed, add, 4, &mv);
	CHECK_INT(n, 3);
	if (n == 3) {	/* by key, by text, by text but for its dates */
		CHECK(mv[0].removed == &removed.v[0] && mv[0].added == &add[2]);
		CHECK(mv[1].removed == &removed.v[1] && mv[1].added == &add[1]);
		CHECK(mv[2].removed == &removed.v[2] && mv[2].added == &add[0]);
	}
	CHECK(!removed.v[3].taken && !add[3].taken);
	CHECK_STR(removed.v[2].due_date, "2025-03-01");
	free(mv);
	hist_list_free(&old_items);
	hist_list_free(&removed);
	arena_free(&a);
}

/* ---- completion dating ---- */

static struct hist_run
a_run(int git)
{
	return (struct hist_run){
		.observed = "2025-09-10 12:00:00",
		.previous = "2025-09-01 12:00:00",
		.observed_day = (int32_t)date_days_from_civil(2025, 9, 10),
		.previous_day = (int32_t)date_days_from_civil(2025, 9, 1),
		.git = git,
	};
}

static void
test_completion_written_vs_observed(void)
{
	struct hist_run run = a_run(0), git = a_run(1);
	struct pdb_facts f = {0};
	struct pdb_item_fact *it = item(&f, PDB_NONE, 1, PDB_STATE_DONE,
	    "Ship", 1);
	struct hist_snapshot was_open = {.state = "open"};
	struct hist_snapshot was_done = {.state = "done",
	    .completed_at = "2025-08-30 10:00:00", .completed_source = "git"};
	struct hist_completion c;

	hist_completion_of(&run, it, &was_open, &c);
	CHECK_STR(c.at, "2025-09-10 12:00:00");
	CHECK_STR(c.source, "observed");
	CHECK_STR(c.window_start, "2025-09-01 12:00:00");
	CHECK_INT(c.event, 1);
	hist_completion_of(&git, it, &was_open, &c);
	CHECK_STR(c.source, "git");
	CHECK_STR(c.window_start, NULL);
	hist_completion_of(&run, it, NULL, &c);	/* first seen done */
	CHECK_STR(c.at, "");
	CHECK_INT(c.event, 0);
	hist_completion_of(&run, it, &was_done, &c);
	CHECK_STR(c.at, "2025-08-30 10:00:00");
	CHECK_STR(c.source, "git");
	CHECK_INT(c.event, 0);
	it->done_date = (int32_t)date_days_from_civil(2025, 9, 5);
	hist_completion_of(&run, it, &was_open, &c);
	CHECK_STR(c.at, "2025-09-05");
	CHECK_STR(c.source, "written");
	CHECK_INT(c.event, 1);
	free(f.items.v);
}

/* A log heading's date counts between the two observations only (on the
 * last run's day it more likely dates the entry than the tick); for an
 * item first seen done it counts whenever. */
static void
test_completion_heading_date(void)
{
	struct hist_run run = a_run(0);
	struct pdb_facts f = {0};
	struct pdb_item_fact *it = item(&f, PDB_NONE, 1, PDB_STATE_DONE,
	    "Ship", 1);
	struct hist_snapshot was_open = {.state = "open"};
	struct hist_completion c;

	it->context_date = (int32_t)date_days_from_civil(2025, 9, 5);
	hist_completion_of(&run, it, &was_open, &c);
	CHECK_STR(c.at, "2025-09-05");
	CHECK_STR(c.source, "written");
	it->context_date = run.previous_day;
	hist_completion_of(&run, it, &was_open, &c);
	CHECK_STR(c.at, "2025-09-10 12:00:00");
	CHECK_STR(c.source, "observed");
	it->context_date = (int32_t)date_days_from_civil(2025, 9, 11);
	hist_completion_of(&run, it, &was_open, &c);
	CHECK_STR(c.source, "observed");
	it->context_date = (int32_t)date_days_from_civil(2025, 8, 1);
	hist_completion_of(&run, it, NULL, &c);
	CHECK_STR(c.at, "2025-08-01");
	CHECK_INT(c.event, 0);
	it->state = PDB_STATE_OPEN;
	hist_completion_of(&run, it, &was_open, &c);
	CHECK_STR(c.at, "");
	free(f.items.v);
}

/* ---- states ---- */

static void
test_states(void)
{
	CHECK_INT(hist_class_of(NULL), HIST_NONE);
	CHECK_INT(hist_class_of("done"), HIST_DONE);
	CHECK_INT(hist_class_of("cancelled"), HIST_CANCELLED);
	CHECK_INT(hist_class_of("blocked"), HIST_OPEN);
	CHECK(hist_is_open("in_progress") && !hist_is_open("cancelled"));
	CHECK(!hist_is_open(NULL) && !hist_is_done(NULL));
	CHECK_STR(hist_change_kind("open", "done"), "completed");
	CHECK_STR(hist_change_kind("cancelled", "done"), "completed");
	CHECK_STR(hist_change_kind("done", "open"), "reopened");
	CHECK_STR(hist_change_kind("done", "cancelled"), "state");
	CHECK_STR(hist_change_kind("open", "in_progress"), "state");
	CHECK_STR(hist_change_kind("open", "open"), NULL);
	CHECK_STR(hist_register_change("open", "resolved"), "resolved");
	CHECK_STR(hist_register_change("resolved", "open"), "reopened");
	CHECK_STR(hist_register_change("open", "open"), NULL);
	CHECK_STR(hist_level_change(2, 3), "escalated");
	CHECK_STR(hist_level_change(3, 2), "deescalated");
	CHECK_STR(hist_level_change(0, 2), NULL);
	CHECK(hist_due_changed("2025-03-01", "2025-04-01"));
	CHECK(!hist_due_changed(NULL, "2025-04-01"));
	CHECK(!hist_due_changed("2025-03-01", "2025-03-01"));
	CHECK(hist_same_section("Auth ✅", "auth"));
	CHECK(!hist_same_section("Auth", "Billing"));
	CHECK(!hist_same_section(NULL, "Auth"));
}

/* ---- keys and hashes ---- */

static void
test_hashes(void)
{
	const char *a = "Ship v2 by 2025-03-01", *b = "Ship v2 by 2025-04-01";
	struct pdb_buf buf = {0};

	CHECK(hist_text_hash(a, strlen(a)) != hist_text_hash(b, strlen(b)));
	CHECK(hist_text_hash_undated(a) == hist_text_hash_undated(b));
	CHECK(hist_burndown_row_key(&buf, str("M1"), str("Week 1")) ==
	    hist_burndown_key("M1\037Week 1", 9));
	CHECK(hist_burndown_row_key(&buf, str("M1"), str("Week 1")) !=
	    hist_burndown_row_key(&buf, str("M1"), str("Week 2")));
	buf_free(&buf);
}

int
main(void)
{
	test_same_key();
	test_unchanged_text();
	test_same_place_tick();
	test_reworded_threshold();
	test_reworded_best_first();
	test_surfaced();
	test_swapped();
	test_heading_named();
	test_ids_in_common();
	test_quantities_not_ids();
	test_headings_with_ids();
	test_cjk_words();
	test_moves();
	test_completion_written_vs_observed();
	test_completion_heading_date();
	test_states();
	test_hashes();
	return harness_done();
}
