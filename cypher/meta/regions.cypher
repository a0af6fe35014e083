// The UN regions and sub-regions countries belong to (the valid values of the `region` filter).
MATCH (c:Country)
RETURN collect(DISTINCT c.region) + collect(DISTINCT c.subregion) AS names
