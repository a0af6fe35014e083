// The country codes (with their region) and issue ids that entities may refer to.
CALL {
  MATCH (c:Country)
  RETURN collect({id: c.id, region: c.region, subregion: c.subregion}) AS countries
}
CALL {
  MATCH (i:Issue)
  RETURN collect(i.id) AS issues
}
RETURN countries, issues
