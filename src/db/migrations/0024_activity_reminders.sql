-- Reminders on meetings and tasks (src/modules/activities/reminders.ts): `reminder_minutes` before a meeting starts
-- or a task is due, `remind_at` is the moment that gives and `reminded_at` when it fired. A job due at `remind_at`
-- marks the row reminded only while `remind_at` is still the moment it was made for, so it fires once.
ALTER TABLE meetings
  ADD COLUMN reminder_minutes integer CHECK (reminder_minutes BETWEEN 0 AND 40320),
  ADD COLUMN remind_at timestamptz,
  ADD COLUMN reminded_at timestamptz;
ALTER TABLE tasks
  ADD COLUMN reminder_minutes integer CHECK (reminder_minutes BETWEEN 0 AND 40320),
  ADD COLUMN remind_at timestamptz,
  ADD COLUMN reminded_at timestamptz;
