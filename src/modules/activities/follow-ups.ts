import { sql } from 'kysely';
import { defineEntity } from '../../core/entity.js';
import { SYSTEM_ACTOR } from '../../core/permissions.js';
import type { Records } from '../../core/records.js';
import { bodyToColumns } from '../../core/row.js';
import type { Db } from '../../db/connect.js';
import type { JobRunner } from '../../jobs/runner.js';
import { notify } from '../notifications/index.js';
import { taskEntity } from './entities.js';
import { OPEN_OPPORTUNITY_STATUSES, lastActivityAt } from './recency.js';

/**
 * Follow-up rules, as an administrator sets them: "an open opportunity with no activity for N hours" and "a lead
 * not contacted within N hours" give the record's owner a task due now and tell the managers of the owner's sales
 * teams. A job looks every quarter of an hour; `follow_up_firings` remembers each rule, record and period in the
 * transaction that makes the task, so a rule fires once per idle stretch of a deal (new activity, then idle again:
 * once more) and once per lead.
 */

export const FOLLOW_UP_JOB = 'activities.follow-ups';
const EVERY_SECONDS = 15 * 60;
/** A rule made for a backlog must not flood the owners in one run: the rest follow in the next runs. */
const PER_RULE_AND_RUN = 200;

export const followUpRuleEntity = defineEntity({
  name: 'followUpRule',
  table: 'follow_up_rules',
  label: { en: 'Follow-up rule', de: 'Nachfassregel' },
  labelPlural: { en: 'Follow-up rules', de: 'Nachfassregeln' },
  owned: false,
  tagged: false,
  titleField: 'name',
  defaultSort: 'name',
  fields: {
    name: { type: 'text', label: { en: 'Name', de: 'Name' }, required: true, maxLength: 140, pattern: '\\S' },
    active: { type: 'boolean', label: { en: 'Active', de: 'Aktiv' }, required: true, default: true },
    kind: {
      type: 'select',
      label: { en: 'When', de: 'Wann' },
      required: true,
      options: [
        {
          value: 'opportunity_idle',
          label: { en: 'Open opportunity without activity', de: 'Offene Verkaufschance ohne Aktivität' },
        },
        {
          value: 'lead_not_contacted',
          label: { en: 'Lead not contacted', de: 'Lead nicht kontaktiert' },
        },
      ],
    },
    afterHours: {
      type: 'integer',
      label: { en: 'After (hours)', de: 'Nach (Stunden)' },
      required: true,
      min: 1,
      max: 8760,
      description:
        'Hours without activity (an opportunity) or since the lead came in without a call, meeting or note',
    },
    taskTitle: {
      type: 'text',
      label: { en: 'Task title', de: 'Titel der Aufgabe' },
      maxLength: 200,
      description: 'Default: "Follow up: <record>"',
    },
    notifyManagers: {
      type: 'boolean',
      label: { en: 'Tell the managers', de: 'Vorgesetzte benachrichtigen' },
      required: true,
      default: true,
    },
  },
});

interface Rule {
  id: string;
  kind: 'opportunity_idle' | 'lead_not_contacted';
  after_hours: number;
  task_title: string | null;
  notify_managers: boolean;
}

interface Due {
  id: string;
  title: string;
  owner_id: string;
  period: string;
}

const TEXTS = {
  en: {
    task: (title: string) => `Follow up: ${title}`,
    opportunity_idle: (title: string, hours: number) => `No activity on ${title} for ${hours} hours`,
    lead_not_contacted: (title: string, hours: number) => `${title} not contacted within ${hours} hours`,
  },
  de: {
    task: (title: string) => `Nachfassen: ${title}`,
    opportunity_idle: (title: string, hours: number) => `Keine Aktivität bei ${title} seit ${hours} Stunden`,
    lead_not_contacted: (title: string, hours: number) =>
      `${title} nicht innerhalb von ${hours} Stunden kontaktiert`,
  },
};

/** The records a rule finds due now, with the period each firing belongs to. */
function dueRecords(trx: Db, rule: Rule) {
  const since = sql`now() - make_interval(hours => ${rule.after_hours})`;
  if (rule.kind === 'opportunity_idle') {
    // The period is the moment the deal idles from: after new activity it is a new one.
    return sql<Due>`SELECT id, title, owner_id, idle_from::text AS period FROM (
        SELECT o.id, o.title, o.owner_id, COALESCE(${lastActivityAt('opportunity_id', 'o')}, o.created_at) AS idle_from
        FROM opportunities o
        WHERE o.deleted_at IS NULL AND o.owner_id IS NOT NULL AND o.status = ANY(${OPEN_OPPORTUNITY_STATUSES}::text[])
      ) AS d
      WHERE idle_from < ${since}
        AND NOT EXISTS (SELECT 1 FROM follow_up_firings f
          WHERE f.rule_id = ${rule.id} AND f.record_id = d.id AND f.period = d.idle_from::text)
      ORDER BY idle_from LIMIT ${PER_RULE_AND_RUN}`.execute(trx);
  }
  return sql<Due>`SELECT l.id, l.title, l.owner_id, 'once' AS period FROM leads l
    WHERE l.deleted_at IS NULL AND l.owner_id IS NOT NULL AND l.status IN ('lead', 'open') AND NOT l.do_not_contact
      AND l.created_at < ${since}
      AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.lead_id = l.id AND c.deleted_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.lead_id = l.id AND n.deleted_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.lead_id = l.id AND m.deleted_at IS NULL AND m.at <= now())
      AND NOT EXISTS (SELECT 1 FROM follow_up_firings f WHERE f.rule_id = ${rule.id} AND f.record_id = l.id)
    ORDER BY l.created_at LIMIT ${PER_RULE_AND_RUN}`.execute(trx);
}

/** One run over every active rule, in the job's transaction; returns how many tasks it made. */
export async function runFollowUps(trx: Db, records: Records): Promise<number> {
  const { rows: rules } = await sql<Rule>`SELECT id, kind, after_hours, task_title, notify_managers
    FROM follow_up_rules WHERE active AND deleted_at IS NULL ORDER BY name, id`.execute(trx);
  let made = 0;
  for (const rule of rules) {
    const { rows } = await dueRecords(trx, rule);
    for (const due of rows) {
      const claimed = await sql`INSERT INTO follow_up_firings (rule_id, record_id, period)
        VALUES (${rule.id}, ${due.id}, ${due.period}) ON CONFLICT DO NOTHING`.execute(trx);
      if (Number(claimed.numAffectedRows ?? 0) === 0) continue;
      await fire(trx, records, rule, due);
      made += 1;
    }
  }
  return made;
}

async function fire(trx: Db, records: Records, rule: Rule, due: Due): Promise<void> {
  const { rows: people } = await sql<{ id: string; language: string; manager: boolean }>`
    SELECT u.id, u.language, u.id <> ${due.owner_id} AS manager FROM users u
    WHERE u.deleted_at IS NULL AND (u.id = ${due.owner_id} OR (${rule.notify_managers} AND u.id IN (
      SELECT t.manager_id FROM sales_teams t
      WHERE t.deleted_at IS NULL AND ${due.owner_id} = ANY(t.member_ids))))`.execute(trx);
  const ownerLanguage = people.find((person) => !person.manager)?.language === 'de' ? 'de' : 'en';
  const link = rule.kind === 'opportunity_idle' ? 'opportunityId' : 'leadId';
  const body = {
    title: rule.task_title?.trim() || TEXTS[ownerLanguage].task(due.title),
    ownerId: due.owner_id,
    [link]: due.id,
    dueAt: new Date().toISOString(),
    priority: 'high',
  };
  const task = await records.createIn(
    trx,
    SYSTEM_ACTOR,
    taskEntity,
    body,
    await bodyToColumns(taskEntity, body),
  );
  await sql`UPDATE follow_up_firings SET task_id = ${task.id as string}
    WHERE rule_id = ${rule.id} AND record_id = ${due.id} AND period = ${due.period}`.execute(trx);
  for (const person of people) {
    const texts = person.language === 'de' ? TEXTS.de : TEXTS.en;
    await notify(trx, {
      userIds: [person.id],
      kind: 'follow_up',
      title: texts[rule.kind](due.title, rule.after_hours),
      body: texts.task(due.title),
      entity: 'task',
      recordId: task.id as string,
    });
  }
}

export function registerFollowUps(records: Records, jobs: JobRunner): void {
  jobs.every(FOLLOW_UP_JOB, EVERY_SECONDS, async (_job, trx) => {
    await runFollowUps(trx, records);
  });
}
