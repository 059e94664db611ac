-- Activities (src/modules/activities): notes, calls, meetings and tasks. Each is about one or more records (a lead,
-- customer, contact, prospect, opportunity, quotation or sales order) and, where that record has one, its customer,
-- so a customer's timeline finds what happened on its contacts, deals and documents with one index. `at` is the
-- moment the timeline files it under (written, called, starts; a task: when it was made).
CREATE TABLE notes (
  body text NOT NULL,
  summary text NOT NULL DEFAULT '',
  mentioned_user_ids uuid[] NOT NULL DEFAULT '{}'
);

CREATE TABLE calls (
  subject text NOT NULL,
  direction text NOT NULL DEFAULT 'outbound' CHECK (direction IN ('inbound', 'outbound')),
  phone text,
  duration_seconds integer CHECK (duration_seconds >= 0),
  outcome text CHECK (outcome IN ('connected', 'no_answer', 'busy', 'voicemail', 'wrong_number')),
  notes text
);

CREATE TABLE meetings (
  title text NOT NULL,
  ends_at timestamptz NOT NULL,
  all_day boolean NOT NULL DEFAULT false,
  location text,
  description text,
  attendee_user_ids uuid[] NOT NULL DEFAULT '{}',
  attendee_contact_ids uuid[] NOT NULL DEFAULT '{}'
);

CREATE TABLE tasks (
  title text NOT NULL,
  description text,
  due_at timestamptz,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  done_at timestamptz
);

DO $$
DECLARE
  t text;
  link record;
BEGIN
  FOREACH t IN ARRAY ARRAY['notes', 'calls', 'meetings', 'tasks'] LOOP
    EXECUTE format($f$ALTER TABLE %I
      ADD COLUMN id uuid PRIMARY KEY,
      ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN created_by uuid REFERENCES users (id),
      ADD COLUMN owner_id uuid REFERENCES users (id),
      ADD COLUMN version integer NOT NULL DEFAULT 1,
      ADD COLUMN deleted_at timestamptz,
      ADD COLUMN at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN lead_id uuid REFERENCES leads (id),
      ADD COLUMN customer_id uuid REFERENCES customers (id),
      ADD COLUMN contact_id uuid REFERENCES contacts (id),
      ADD COLUMN prospect_id uuid REFERENCES prospects (id),
      ADD COLUMN opportunity_id uuid REFERENCES opportunities (id),
      ADD COLUMN quotation_id uuid REFERENCES quotations (id),
      ADD COLUMN sales_order_id uuid REFERENCES sales_orders (id)$f$, t);
    EXECUTE format('CREATE INDEX %I ON %I (created_at DESC, id) WHERE deleted_at IS NULL', t || '_created_at', t);
    EXECUTE format('CREATE INDEX %I ON %I (owner_id, at DESC, id) WHERE deleted_at IS NULL', t || '_owner_at', t);
    -- A timeline reads the newest of one record's activities: an index per link, only over the rows that have it.
    FOR link IN SELECT unnest(ARRAY['lead_id', 'customer_id', 'contact_id', 'prospect_id', 'opportunity_id',
        'quotation_id', 'sales_order_id']) AS col LOOP
      EXECUTE format('CREATE INDEX %I ON %I (%I, at DESC, id DESC) WHERE %I IS NOT NULL AND deleted_at IS NULL',
        t || '_' || link.col || '_at', t, link.col, link.col);
    END LOOP;
  END LOOP;
END $$;

-- A user's open tasks by due date ("My day").
CREATE INDEX tasks_owner_due ON tasks (owner_id, due_at) WHERE deleted_at IS NULL AND status IN ('open', 'in_progress');

-- A linked record's timeline also shows its audited changes, newest first (src/modules/activities/timeline.ts).
CREATE INDEX audit_log_record_at ON audit_log (entity, record_id, at DESC, id DESC);
DROP INDEX audit_log_record;

-- Global search's vocabulary (migration 0009) gains the words of the activities' search fields.
CREATE TRIGGER notes_search_words AFTER INSERT OR UPDATE OF summary ON notes
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('summary');
CREATE TRIGGER calls_search_words AFTER INSERT OR UPDATE OF subject ON calls
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('subject');
CREATE TRIGGER meetings_search_words AFTER INSERT OR UPDATE OF title, location ON meetings
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('title', 'location');
CREATE TRIGGER tasks_search_words AFTER INSERT OR UPDATE OF title ON tasks
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('title');
