/*
 * pipeline.c - the ordered pipeline of pipeline.h.  Item i lives in slot
 * i % nslots; a worker may claim item i once item i - nslots has been
 * released, and the consumer takes items strictly in order.  One mutex and
 * one condition variable guard the counters and the ready flags: the
 * waits are per file, not per row, so contention does not matter.
 */
#define _POSIX_C_SOURCE 200809L	/* sysconf */

#include "progdb/pipeline.h"

#include <stdlib.h>
#include <unistd.h>

#include "progdb/xmem.h"

#define MAX_WORKERS	4

static void *
slot_of(const struct pdb_pipeline *p, size_t i)
{
	return p->slots + (i % p->nslots) * p->slot_size;
}

/* Under the lock: the next item for a worker, or n when there is none. */
static size_t
claim(struct pdb_pipeline *p)
{
	while (!p->stopping && p->claimed < p->n &&
	    p->claimed - p->consumed >= p->nslots)
		pthread_cond_wait(&p->changed, &p->lock);
	if (p->stopping || p->claimed >= p->n)
		return p->n;
	return p->claimed++;
}

static void *
worker(void *arg)
{
	struct pdb_pipeline *p = arg;
	size_t i;

	pthread_mutex_lock(&p->lock);
	while ((i = claim(p)) < p->n) {
		pthread_mutex_unlock(&p->lock);
		p->work(slot_of(p, i), i, p->ctx);
		pthread_mutex_lock(&p->lock);
		p->ready[i % p->nslots] = 1;
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int
pipeline_start(struct pdb_pipeline *p, size_t n, size_t nworkers,
    void *slots, size_t nslots, size_t slot_size, pdb_pipeline_work *work,
    void *ctx)
{
	*p = (struct pdb_pipeline){.slots = slots, .nslots = nslots,
	    .slot_size = slot_size, .n = n, .work = work, .ctx = ctx};
	p->ready = xcalloc(nslots, 1);
	if (nworkers == 0)
		return 0;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->changed, NULL);
	p->threads = xreallocarray(NULL, nworkers, sizeof(*p->threads));
	for (; p->nthreads < nworkers; p->nthreads++) {
		if (pthread_create(&p->threads[p->nthreads], NULL, worker,
		    p) != 0) {
			pipeline_stop(p);
			return -1;
		}
	}
	return 0;
}

void *
pipeline_next(struct pdb_pipeline *p)
{
	size_t i = p->consumed;

	if (i >= p->n)
		return NULL;
	if (p->nthreads == 0) {
		p->work(slot_of(p, i), i, p->ctx);
		return slot_of(p, i);
	}
	pthread_mutex_lock(&p->lock);
	while (!p->ready[i % p->nslots])
		pthread_cond_wait(&p->changed, &p->lock);
	pthread_mutex_unlock(&p->lock);
	return slot_of(p, i);
}

void
pipeline_release(struct pdb_pipeline *p)
{
	if (p->nthreads == 0) {
		p->consumed++;
		return;
	}
	pthread_mutex_lock(&p->lock);
	p->ready[p->consumed % p->nslots] = 0;
	p->consumed++;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
}

void
pipeline_stop(struct pdb_pipeline *p)
{
	if (p->threads != NULL || p->nthreads > 0) {
		pthread_mutex_lock(&p->lock);
		p->stopping = 1;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		for (size_t t = 0; t < p->nthreads; t++)
			pthread_join(p->threads[t], NULL);
		pthread_cond_destroy(&p->changed);
		pthread_mutex_destroy(&p->lock);
	}
	free(p->threads);
	free(p->ready);
	p->threads = NULL;
	p->ready = NULL;
	p->nthreads = 0;
}

size_t
pipeline_default_workers(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (cpus <= 1)
		return 0;
	return cpus - 1 > MAX_WORKERS ? MAX_WORKERS : (size_t)(cpus - 1);
}
