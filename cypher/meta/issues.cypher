// The issues actors work on, by name (the valid values of the `issue` filter and of library parameters).
MATCH (i:Issue)
RETURN i.id AS id, coalesce(i.name, i.id) AS name
ORDER BY name
