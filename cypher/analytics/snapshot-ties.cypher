// The outgoing ties of a batch of nodes (by internal id), as two lists of integers: the other end's internal id, and
// the rest packed in one number: the source's position k in the batch, the type's index t ($typeIndex; 15 for any
// other type), and the years (0 when missing): ((k * 16 + t) * 4096 + since) * 4096 + until. No object per tie, and
// one row per part of 128 sources, in no particular order (each tie carries its source's position): a part stays
// small (kilobytes), so the driver decodes it from one buffer, where a whole batch's lists in one row make a message
// of megabytes that the driver reads byte by byte across its many chunks, several times slower. Only the
// collaboration types are followed (shared/model.ts REL_TYPES; tests/unit/cypher.test.ts holds the lists together),
// so the facet links to countries and issues are never read, and the other end's label is not checked: the snapshot
// keeps the ties whose ends it holds. Params: $nids, $typeIndex
UNWIND range(0, size($nids) - 1) AS k
MATCH (a) WHERE id(a) = toInteger($nids[k])
MATCH (a)-[r:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF]->(b)
WITH k, b, toInteger(coalesce($typeIndex[type(r)], 15)) AS t,
     CASE WHEN r.since >= 0 AND r.since < 4096 THEN toInteger(r.since) ELSE 0 END AS since,
     CASE WHEN r.until >= 0 AND r.until < 4096 THEN toInteger(r.until) ELSE 0 END AS until
RETURN k / 128 AS part, collect(id(b)) AS target, collect(((k * 16 + t) * 4096 + since) * 4096 + until) AS packed
