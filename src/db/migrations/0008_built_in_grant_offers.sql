-- Which entries of the built-in roles' permissions (src/modules/users/roles.ts) an installation has been offered.
-- A new capability brings grants for its entities; start-up adds them to the stored built-in roles once, and
-- never again: an administrator who then removes or narrows an entry keeps their choice (src/modules/users/seed-roles.ts).
CREATE TABLE built_in_grant_offers (
  role_name text NOT NULL,
  entry text NOT NULL,
  offered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (role_name, entry)
);
