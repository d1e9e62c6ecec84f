"""The archive store: the graph in an on-disk pyoxigraph (RocksDB) database, beside the per-page
extraction records, changed one whole version at a time.

Why versions. pyoxigraph 0.5 makes one call atomic (``Store.extend``, ``Store.update``), but not a
removal of many triples plus an insertion plus files beside the database: ``bulk_extend`` is not
transactional at all, and the records are not in RocksDB. So nothing committed is ever written
again. A change builds the next version in a work folder and then switches one symbolic link:

    DIR/
      oxigraph -> current/oxigraph        fixed; what readers open (``Store.read_only``)
      current -> versions/000007          the commit point: replaced by one rename
      versions/000007/
        oxigraph/                         RocksDB: the graph in the default graph
        pages.json                        the manifest: settings, and every page with its hash
        records/<key>.json                one page's extraction records (PageRecord JSON)
        graph.nt.gz                       the same graph as N-Triples: what the next version is diffed with
        aliases.tsv                       the alias file the store was built with (if any)
      versions/000006/                    the previous version, kept for readers that opened it
      .unionkg/lock                       one writer at a time (flock: dropped when its process dies)
      .unionkg/work-*/                    a version being built (removed if its writer died)

The next version starts as a copy that costs almost nothing: ``Store.backup`` of the current
database (opened read-only) hard-links its immutable SST files, and unchanged pages' record files
are hard-linked too. Only the difference is then written: the triples that went away are removed
and the new ones inserted (compared with the previous version's ``graph.nt.gz``), the new pages'
records written. Every file is fsynced, the folder renamed into ``versions/`` and ``current`` replaced
(``os.replace`` of a new link). Killed before that rename of the link, the store is as it was (the
next writer removes the work folder); killed after it, the store is the new version. Readers resolve
``DIR/oxigraph`` once (:func:`current_database`) and so always see one whole version, and never a
database that is being written.

Nothing here imports spaCy: extraction stays in ``pipelines/``; this package keeps what it gives.
"""
