/*
 * pipeline.h - an ordered pipeline: worker threads prepare items 0..n-1
 * (read, parse, extract) into a few reusable slots while one consumer
 * takes them back in order (and writes them), so that preparing and
 * writing overlap and memory holds only as many items as there are slots.
 *
 *	pipeline_start(&p, n, nworkers, slots, nslots, slot_size, work, ctx);
 *	while ((slot = pipeline_next(&p)) != NULL) {
 *		use(slot);
 *		pipeline_release(&p);
 *	}
 *	pipeline_stop(&p);
 *
 * work(slot, i, ctx) prepares item i in slot (its previous contents are
 * the item nslots before; the consumer is done with them).  It runs on a
 * worker thread, concurrently with other work() calls on other slots and
 * with the consumer, so it must touch only its slot and what is read-only
 * while the pipeline runs.
 */
#ifndef PROGDB_PIPELINE_H
#define PROGDB_PIPELINE_H

#include <pthread.h>
#include <stddef.h>

typedef void pdb_pipeline_work(void *slot, size_t index, void *ctx);

struct pdb_pipeline {
	pthread_mutex_t		 lock;
	pthread_cond_t		 changed;
	pthread_t		*threads;
	size_t			 nthreads;
	char			*slots;
	size_t			 nslots;
	size_t			 slot_size;
	size_t			 n;		/* items */
	size_t			 claimed;	/* next item a worker takes */
	size_t			 consumed;	/* next item the consumer takes */
	unsigned char		*ready;		/* per slot: prepared */
	int			 stopping;
	pdb_pipeline_work	*work;
	void			*ctx;
};

/*
 * Starts nworkers threads (0: the consumer prepares each item itself when
 * it asks for it) over n items and nslots slots of slot_size bytes each,
 * owned by the caller.  Returns 0, or -1 when a thread cannot be started
 * (then nothing is running).
 */
int	pipeline_start(struct pdb_pipeline *p, size_t n, size_t nworkers,
	    void *slots, size_t nslots, size_t slot_size,
	    pdb_pipeline_work *work, void *ctx);
/* The next item's slot once it is prepared, in order; NULL after the last. */
void	*pipeline_next(struct pdb_pipeline *p);
/* The consumer is done with the slot pipeline_next() returned last. */
void	pipeline_release(struct pdb_pipeline *p);
/* Stops the workers (after the current items) and joins them. */
void	pipeline_stop(struct pdb_pipeline *p);

/* Worker threads worth starting beside the consumer on this machine. */
size_t	pipeline_default_workers(void);

#endif
