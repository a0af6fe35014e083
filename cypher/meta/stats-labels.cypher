// Node counts by label, leaving out what an import in progress has staged and its lease. Params: none
MATCH (n)
WHERE NOT n:Staged AND NOT n:ImportRun
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY count DESC, label
