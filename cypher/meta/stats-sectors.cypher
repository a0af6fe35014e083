// Actor counts by sector.
MATCH (n:Actor)
RETURN n.sector AS sector, count(*) AS count
ORDER BY count DESC, sector
