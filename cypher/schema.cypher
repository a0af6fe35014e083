// Coalition Atlas schema: constraints and indexes, applied idempotently at start-up (statements end with ';').
// Every actor and partnership also carries :Entity, which holds the shared id and the full-text index.

CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT partnership_id IF NOT EXISTS FOR (n:Partnership) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT issue_id IF NOT EXISTS FOR (n:Issue) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dataset_id IF NOT EXISTS FOR (n:Dataset) REQUIRE n.id IS UNIQUE;

CREATE INDEX entity_sector IF NOT EXISTS FOR (n:Entity) ON (n.sector);
CREATE INDEX entity_country IF NOT EXISTS FOR (n:Entity) ON (n.country);
CREATE INDEX entity_region IF NOT EXISTS FOR (n:Entity) ON (n.region);
CREATE INDEX entity_dataset IF NOT EXISTS FOR (n:Entity) ON (n.dataset);
CREATE INDEX country_region IF NOT EXISTS FOR (n:Country) ON (n.region);

CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.acronym, n.aliasText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false } };

CREATE CONSTRAINT change_id IF NOT EXISTS FOR (n:Change) REQUIRE n.id IS UNIQUE;
CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at);
CREATE INDEX change_target IF NOT EXISTS FOR (n:Change) ON (n.target);

// Large imports are written in short transactions as :Staged nodes (invisible to every query of the API), then
// promoted to :Entity in one transaction.
CREATE INDEX staged_key IF NOT EXISTS FOR (n:Staged) ON (n.stageKey);
CREATE INDEX staged_run IF NOT EXISTS FOR (n:Staged) ON (n.stageRun);
