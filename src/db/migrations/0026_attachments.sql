-- Attachments (src/modules/activities/attachments.ts): files on records. The bytes live on disk under
-- CRM_DATA_DIR/attachments, named by `storage_key`; the row holds what the server found out about them (type
-- detected from the bytes, size, SHA-256) and, like every activity, the records it is on.
CREATE TABLE attachments (
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL,
  storage_key text NOT NULL UNIQUE,
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  at timestamptz NOT NULL DEFAULT now(),
  lead_id uuid REFERENCES leads (id),
  customer_id uuid REFERENCES customers (id),
  contact_id uuid REFERENCES contacts (id),
  prospect_id uuid REFERENCES prospects (id),
  opportunity_id uuid REFERENCES opportunities (id),
  quotation_id uuid REFERENCES quotations (id),
  sales_order_id uuid REFERENCES sales_orders (id)
);
CREATE INDEX attachments_created_at ON attachments (created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX attachments_owner_at ON attachments (owner_id, at DESC, id) WHERE deleted_at IS NULL;

-- As for the other activities (migration 0023): a timeline reads one record's newest from a partial index per link.
DO $$
DECLARE
  link text;
BEGIN
  FOREACH link IN ARRAY ARRAY['lead_id', 'customer_id', 'contact_id', 'prospect_id', 'opportunity_id',
      'quotation_id', 'sales_order_id'] LOOP
    EXECUTE format('CREATE INDEX %I ON attachments (%I, at DESC, id DESC) WHERE %I IS NOT NULL AND deleted_at IS NULL',
      'attachments_' || link || '_at', link, link);
  END LOOP;
END $$;

CREATE TRIGGER attachments_search_words AFTER INSERT OR UPDATE OF file_name ON attachments
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('file_name');
