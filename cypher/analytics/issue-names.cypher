// The readable name of every issue, for cluster labels. Params: none
MATCH (i:Issue)
RETURN i.id AS id, coalesce(i.name, i.id) AS name
