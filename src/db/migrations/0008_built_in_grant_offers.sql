-- What start-up has offered the built-in roles (src/modules/users/roles.ts): the role itself (entry '') and each
-- entry of its permissions. A new capability brings grants for its entities; start-up adds them to the stored
-- roles once and never again, so an administrator who then removes an entry, or renames or deletes a built-in
-- role, keeps their choice (src/modules/users/seed-roles.ts).
CREATE TABLE built_in_grant_offers (
  role_name text NOT NULL,
  entry text NOT NULL,
  offered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (role_name, entry)
);

-- Installations from before this table: what their built-in roles hold now counts as offered, so an entry an
-- administrator removed earlier is not added back. (Roles still missing are seeded as on a fresh install.)
INSERT INTO built_in_grant_offers (role_name, entry)
SELECT name, '' FROM roles WHERE built_in
UNION
SELECT name, jsonb_object_keys(permissions) FROM roles WHERE built_in
ON CONFLICT DO NOTHING;
