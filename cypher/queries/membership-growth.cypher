// title: How a partnership's membership grew
// description: Members of a partnership counted by the year they joined (members with no known year are counted apart), with the sources of each year's memberships.
// param partnership: actor = coe-convention-thb | The partnership (search by name)
MATCH (p:Partnership {id: $partnership})<-[r:MEMBER_OF]-(m:Entity)
WITH r.since AS year, count(m) AS joined, collect(m.name)[..10] AS examples,
     reduce(s = [], l IN collect(coalesce(r.sources, [])) | s + [u IN l WHERE NOT u IN s]) AS sources
ORDER BY year
WITH collect({year: year, joined: joined, examples: examples, sources: sources}) AS rows
UNWIND rows AS row
WITH row, [x IN rows WHERE x.year IS NOT NULL AND x.year <= row.year | x.joined] AS upTo
RETURN row.year AS year, row.joined AS joined, CASE WHEN row.year IS NULL THEN null ELSE reduce(s = 0, j IN upTo | s + j) END AS cumulative,
       row.examples AS examples, row.sources AS sources
