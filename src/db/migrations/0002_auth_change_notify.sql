-- Every server keeps the actors of recent credentials in memory (src/modules/users/credentials.ts). These
-- triggers announce, on commit, any change that could alter what a credential may do, so every server drops
-- its cached actors at once: users, roles and teams in any way; API keys when revoked, trashed, re-dated or
-- handed over (not when merely used); sessions when they end.

CREATE FUNCTION crm_notify_auth_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM pg_notify('crm_auth', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER users_auth_change AFTER UPDATE OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION crm_notify_auth_change();
CREATE TRIGGER roles_auth_change AFTER UPDATE OR DELETE ON roles
  FOR EACH STATEMENT EXECUTE FUNCTION crm_notify_auth_change();
CREATE TRIGGER sales_teams_auth_change AFTER INSERT OR UPDATE OR DELETE ON sales_teams
  FOR EACH STATEMENT EXECUTE FUNCTION crm_notify_auth_change();
CREATE TRIGGER api_keys_auth_change AFTER UPDATE OF revoked_at, deleted_at, expires_at, owner_id OR DELETE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION crm_notify_auth_change();
CREATE TRIGGER sessions_auth_change AFTER DELETE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION crm_notify_auth_change();
