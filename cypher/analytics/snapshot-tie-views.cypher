// What a view shows of the outgoing ties of a batch of nodes (by internal id) that have a role, an amount or a
// currency, for the network snapshot's views, read after the snapshot itself: the ties as analytics/snapshot-ties
// gives them (the other end's internal id; the source's position k in the batch, the type's index t and the years
// packed in one number), and aligned with them the role ('' when none), the amount (-1 when none) and the currency
// ('' when none). One row per part of 128 sources (see analytics/snapshot-ties). Params: $nids, $typeIndex
UNWIND range(0, size($nids) - 1) AS k
MATCH (a) WHERE id(a) = toInteger($nids[k])
MATCH (a)-[r:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF]->(b)
WHERE r.role IS NOT NULL OR r.amount IS NOT NULL OR r.currency IS NOT NULL
WITH k, b, r, toInteger(coalesce($typeIndex[type(r)], 15)) AS t,
     CASE WHEN r.since >= 0 AND r.since < 4096 THEN toInteger(r.since) ELSE 0 END AS since,
     CASE WHEN r.until >= 0 AND r.until < 4096 THEN toInteger(r.until) ELSE 0 END AS until
RETURN k / 128 AS part, collect(id(b)) AS target, collect(((k * 16 + t) * 4096 + since) * 4096 + until) AS packed,
       collect(coalesce(r.role, '')) AS role, collect(coalesce(toFloat(r.amount), -1.0)) AS amount,
       collect(coalesce(r.currency, '')) AS currency
