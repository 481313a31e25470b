/*
 * extract.h - from the document model to facts: sections, checklist items,
 * metadata, templates.
 *
 * Extraction reads a struct pdb_doc and never the raw file or md4c; the
 * rules for each kind of fact live in their own file:
 *   extract.c         the walk over the tree, sections, items' places
 *   extract_items.c   what a checklist item is and what it says
 *   extract_status.c  status emoji and words, milestone keys, titles
 *   extract_meta.c    metadata lines, front matter, document status/dates
 *   extract_template.c placeholder documents
 */
#ifndef PROGDB_EXTRACT_H
#define PROGDB_EXTRACT_H

#include "progdb/facts.h"
#include "progdb/model.h"

/*
 * Fills facts (reset first) from doc.  path is the file's path: its last
 * component is the title when there is no H1, and a Kiro spec (under
 * .kiro/) reads "[-]" as started.  facts borrows from doc (see
 * facts.h).
 */
void	extract_document(const struct pdb_doc *doc, const char *path,
	    struct pdb_facts *facts);

#endif
