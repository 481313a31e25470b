/*
 * hist_rules.c - how states compare, which change makes which event, and
 * when an item was completed.
 *
 * A completion's time is what the document writes (a done date, or the
 * dated log heading it sits under when that date falls between the two
 * observations), else the commit (git) or the run (observed) that first
 * saw it done.  An item first seen already done is not taken as completed
 * then: its completion date is the written one, or unknown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progdb/date.h"
#include "progdb/ident.h"
#include "progdb/xmem.h"
#include "history_int.h"

enum hist_class
hist_class_of(const char *state)
{
	if (state == NULL)
		return HIST_NONE;
	if (strcmp(state, "done") == 0)
		return HIST_DONE;
	return strcmp(state, "cancelled") == 0 ? HIST_CANCELLED : HIST_OPEN;
}

int
hist_is_done(const char *state)
{
	return hist_class_of(state) == HIST_DONE;
}

int
hist_is_open(const char *state)
{
	return hist_class_of(state) == HIST_OPEN;
}

const char *
hist_change_kind(const char *was, const char *now)
{
	enum hist_class w = hist_class_of(was), n = hist_class_of(now);

	if (w == HIST_DONE && n != HIST_DONE)
		return n == HIST_CANCELLED ? "state" : "reopened";
	if (w != HIST_DONE && n == HIST_DONE)
		return "completed";
	return strcmp(was, now) != 0 ? "state" : NULL;
}

const char *
hist_register_change(const char *was, const char *now)
{
	if ((was == NULL && now == NULL) || (was != NULL && now != NULL &&
	    strcmp(was, now) == 0))
		return NULL;
	return now != NULL && strcmp(now, "resolved") == 0 ? "resolved" :
	    "reopened";
}

const char *
hist_level_change(int was, int now)
{
	if (was == 0 || now == 0 || was == now)
		return NULL;
	return now > was ? "escalated" : "deescalated";
}

int
hist_due_changed(const char *was, const char *now)
{
	return was != NULL && now != NULL && strcmp(was, now) != 0;
}

int
hist_same_section(const char *a, const char *b)
{
	size_t na, nb;
	char *x;
	int same;

	if (a == NULL || b == NULL)
		return a == b;
	na = strlen(a);
	nb = strlen(b);
	x = xmalloc(na + nb + 2);
	na = ident_normalize(a, na, x);
	nb = ident_normalize(b, nb, x + na + 1);
	same = na == nb && memcmp(x, x + na + 1, na) == 0;
	free(x);
	return same;
}

void
hist_observed(const struct hist_run *run, const char **source,
    const char **window_start)
{
	*source = run->git ? "git" : "observed";
	*window_start = !run->git && run->previous[0] != '\0' ?
	    run->previous : NULL;
}

/* A written completion: the item's done date, else its log heading's. */
static int32_t
written_day(const struct pdb_item_fact *it)
{
	return it->done_date != PDB_NO_DATE ? it->done_date :
	    it->context_date;
}

/*
 * A log heading's date counts when an observation does not speak against
 * it: after the day of the run that last saw the item open (on that day
 * the heading more likely dates the entry the item was listed in than its
 * completion), and not after this run.  An item first seen done takes it.
 */
static int
heading_counts(const struct hist_run *run, int32_t day, int event)
{
	return day != PDB_NO_DATE && (!event || (day > run->previous_day &&
	    day <= run->observed_day));
}

void
hist_completion_of(const struct hist_run *run,
    const struct pdb_item_fact *it, const struct hist_snapshot *o,
    struct hist_completion *c)
{
	*c = (struct hist_completion){.at = ""};
	if (it->state != PDB_STATE_DONE)
		return;
	if (o != NULL && hist_is_done(o->state) && o->completed_at != NULL) {
		snprintf(c->at, sizeof(c->at), "%s", o->completed_at);
		c->source = o->completed_source;
		return;
	}
	c->event = o != NULL && o->state != NULL && !hist_is_done(o->state);
	if (heading_counts(run, written_day(it), c->event) ||
	    it->done_date != PDB_NO_DATE) {
		date_format_day(written_day(it), c->at);
		c->source = "written";
		return;
	}
	if (!c->event)
		return;
	snprintf(c->at, sizeof(c->at), "%s", run->observed);
	hist_observed(run, &c->source, &c->window_start);
}
