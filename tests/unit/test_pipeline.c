/*
 * test_pipeline.c - unit tests for pipeline.c: items come back in order
 * and prepared, whatever the number of workers and slots, no slot is
 * reused before the consumer released it, and stopping early is clean.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "harness.h"
#include "progdb/pipeline.h"

#define NSLOTS_MAX	8

struct slot {
	size_t	 index;
	uint64_t value;
	int	 in_use;	/* set by the consumer while it holds the slot */
};

static atomic_int overwritten;

/* A little work per item, and a check that the slot is not in use. */
static void
work(void *p, size_t i, void *ctx)
{
	struct slot *s = p;
	uint64_t v = i;

	(void)ctx;
	if (s->in_use)
		atomic_fetch_add(&overwritten, 1);
	for (int k = 0; k < 200; k++)
		v = v * 6364136223846793005ULL + 1442695040888963407ULL;
	s->index = i;
	s->value = v;
}

static uint64_t
expected(size_t i)
{
	uint64_t v = i;

	for (int k = 0; k < 200; k++)
		v = v * 6364136223846793005ULL + 1442695040888963407ULL;
	return v;
}

/* Runs n items through workers and nslots slots; stops after stop_after
 * items when it is less than n.  Returns the number consumed in order. */
static size_t
run(size_t n, size_t workers, size_t nslots, size_t stop_after)
{
	struct slot slots[NSLOTS_MAX] = {{0}};
	struct pdb_pipeline p;
	struct slot *s;
	size_t got = 0;

	CHECK_INT(pipeline_start(&p, n, workers, slots, nslots,
	    sizeof(*slots), work, NULL), 0);
	while (got < stop_after && (s = pipeline_next(&p)) != NULL) {
		s->in_use = 1;
		if (s->index != got || s->value != expected(got))
			break;
		s->in_use = 0;
		pipeline_release(&p);
		got++;
	}
	pipeline_stop(&p);
	return got;
}

int
main(void)
{
	static const size_t workers[] = {0, 1, 2, 4};
	static const size_t nslots[] = {1, 2, 3, 8};

	for (size_t w = 0; w < 4; w++)
		for (size_t s = 0; s < 4; s++) {
			CHECK_INT(run(5000, workers[w], nslots[s], 5000), 5000);
			CHECK_INT(run(0, workers[w], nslots[s], 0), 0);
			/* The consumer gives up early: workers stop. */
			CHECK_INT(run(5000, workers[w], nslots[s], 17), 17);
		}
	CHECK_INT(atomic_load(&overwritten), 0);
	CHECK(pipeline_default_workers() <= 4);
	return harness_done();
}
