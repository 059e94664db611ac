-- Each user's iCalendar feed (src/modules/activities/calendar-routes.ts): a secret address calendar programs poll
-- without logging in. Only the token's SHA-256 is kept, like a session's: the address is shown once, when made.
CREATE TABLE calendar_feeds (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
