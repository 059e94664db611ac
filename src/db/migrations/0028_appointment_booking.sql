-- Appointment booking (src/modules/activities/booking): sales persons publish weekly hours, a booking page offers
-- the free slots of its sales persons to visitors, and a booking becomes a meeting on the rep's calendar.

-- Rows of {day: mon…sun, from: HH:MM, to: HH:MM} in the time zone of the sales person's user.
ALTER TABLE sales_persons ADD COLUMN availability jsonb NOT NULL DEFAULT '[]'
  CHECK (jsonb_typeof(availability) = 'array');

CREATE TABLE booking_pages (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  owner_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  name text NOT NULL,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  active boolean NOT NULL DEFAULT true,
  language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'de')),
  description text,
  duration_minutes integer NOT NULL DEFAULT 30 CHECK (duration_minutes BETWEEN 5 AND 480),
  min_notice_hours integer NOT NULL DEFAULT 4 CHECK (min_notice_hours BETWEEN 0 AND 720),
  horizon_days integer NOT NULL DEFAULT 60 CHECK (horizon_days BETWEEN 1 AND 365),
  sales_person_ids uuid[] NOT NULL DEFAULT '{}',
  source_id uuid REFERENCES lead_sources (id),
  campaign_id uuid REFERENCES campaigns (id)
);
CREATE UNIQUE INDEX booking_pages_slug ON booking_pages (slug) WHERE deleted_at IS NULL;
CREATE INDEX booking_pages_name ON booking_pages (name, id) WHERE deleted_at IS NULL;
CREATE INDEX booking_pages_name_trgm ON booking_pages USING gin (crm_fold(name) gin_trgm_ops);
CREATE TRIGGER booking_pages_search_words AFTER INSERT OR UPDATE OF name ON booking_pages
  FOR EACH ROW EXECUTE FUNCTION crm_collect_search_words('name');

-- One row per booking: who booked what, and the meeting it became. The meeting is the rep's calendar entry (the
-- slot is busy while it lives); this row keeps the visitor's answers and address hash for the rate limit.
CREATE TABLE appointments (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  booking_page_id uuid NOT NULL REFERENCES booking_pages (id),
  sales_person_id uuid NOT NULL REFERENCES sales_persons (id),
  meeting_id uuid NOT NULL REFERENCES meetings (id),
  lead_id uuid REFERENCES leads (id),
  contact_id uuid REFERENCES contacts (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  name text NOT NULL,
  email text NOT NULL,
  time_zone text NOT NULL,
  ip_hash text NOT NULL,
  CHECK ((lead_id IS NULL) <> (contact_id IS NULL))
);
CREATE INDEX appointments_sales_person ON appointments (sales_person_id, starts_at);
CREATE INDEX appointments_address ON appointments (booking_page_id, ip_hash, created_at);

-- Whether a user is free: meetings they organise (meetings_owner_at) or attend (this one, for `@>`).
CREATE INDEX meetings_attendee_users ON meetings USING gin (attendee_user_ids) WHERE deleted_at IS NULL;
