-- The hot statements (src/store/effects-sql.ts, src/store/inbox.ts) take their rows as one JSON
-- array per table. PostgreSQL plans a set-returning function as 100 rows unless told otherwise,
-- and against 100 rows a sequential scan and a hash join look cheaper than index lookups on a
-- table of a few thousand rows; one event brings one or two rows, so those statements scanned
-- whole tables (ProcessedEvent, ActorSnapshot, Client, Conversation, InboxEvent) on every event.
-- This function says "few rows" (ROWS 1). STRICT keeps PostgreSQL from inlining it, which would
-- bring back the estimate of the function inside.
CREATE FUNCTION "input_rows"(items jsonb) RETURNS SETOF jsonb
  LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 1
  AS $$ SELECT jsonb_array_elements(items) $$;
