-- In-app notifications (src/modules/notifications): each user's inbox of things that happened to them (a lead
-- assigned, a reminder due, a mention). Rows are written by notify() in the transaction of the change they report,
-- so a notification exists exactly when that change committed. Not a record: no owner, version, audit or trash;
-- reading one marks it read, and nothing else about it ever changes.
--
-- entity + record_id name what the notification is about (entity by name, `lead`), so a client can open it; no
-- foreign key, since it may be any entity's record, and a record trashed later still leaves a readable message.

CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]*$'),
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  entity text,
  record_id uuid,
  actor_id uuid REFERENCES users (id),
  CHECK (record_id IS NULL OR entity IS NOT NULL)
);
-- The inbox, newest first, paged by (created_at, id); the partial index serves the unread list and the unread
-- count the web app asks for every 30 seconds, without reading the rows already read.
CREATE INDEX notifications_inbox ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL;
