import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestCrm, type TestUser, createTestCrm } from '../../../test/harness.js';

/**
 * Notes, calls, meetings and tasks through the API: what they are about and their customer, a note's cleaning and
 * mentions, the rules of calls, meetings and tasks; and the timeline: its merge of activities, changes and linked
 * records' events, its paging, its filter, and each item checked against the reader.
 */

let crm: TestCrm;
let ann: TestUser;
let ben: TestUser;
let asAnn: Client;
let asBen: Client;
let customerId: string;
let contactId: string;
let opportunityId: string;

async function created(client: Client, path: string, body: Record<string, unknown>) {
  const response = await client.post(`/api/v1/${path}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data;
}

async function timeline(client: Client, path: string, id: string, query = '') {
  const response = await client.get(`/api/v1/${path}/${id}/timeline${query}`);
  return { status: response.statusCode, body: response.json() };
}

beforeAll(async () => {
  crm = await createTestCrm();
  ann = await crm.createUser('Sales Representative', 'Ann Activity');
  ben = await crm.createUser('Sales Representative', 'Ben Activity');
  asAnn = crm.as(ann);
  asBen = crm.as(ben);
  customerId = (await created(asAnn, 'customers', { name: 'Timeline Werke GmbH' })).id;
  contactId = (
    await created(asAnn, 'contacts', {
      firstName: 'Tara',
      lastName: 'Lind',
      links: [{ entity: 'customer', id: customerId }],
    })
  ).id;
  opportunityId = (await created(asAnn, 'opportunities', { title: 'Timeline scanners', customerId })).id;
});
afterAll(() => crm?.close());

describe('activities', () => {
  it('cleans a note, files it under the contact’s customer, and tells a mentioned user once', async () => {
    const note = await created(asAnn, 'notes', {
      contactId,
      body:
        `<p onclick="steal()">Call <b>back</b> <script>alert(1)</script><img src=x onerror=alert(1)>` +
        `<a href="javascript:alert(1)">here</a> <span data-mention="${ben.id}">@Ben</span></p>`,
    });
    expect(note.body).toBe(
      `<p>Call <b>back</b> <a rel="noopener noreferrer nofollow" target="_blank">here</a> ` +
        `<span data-mention="${ben.id}">@Ben</span></p>`,
    );
    expect(note).toMatchObject({ customerId, summary: 'Call back here @Ben', mentionedUserIds: [ben.id] });
    const inbox = async () => (await asBen.get('/api/v1/notifications')).json().data;
    expect((await inbox())[0]).toMatchObject({
      kind: 'mentioned',
      title: 'Ann Activity mentioned you: Call back here @Ben',
      entity: 'contact',
      recordId: contactId,
    });
    const edited = await asAnn.patch(`/api/v1/notes/${note.id}`, {
      body: `<p>Called back. <span data-mention="${ben.id}">@Ben</span></p>`,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await inbox()).filter((n: { kind: string }) => n.kind === 'mentioned')).toHaveLength(1);
  });

  it('refuses a note about nothing, or one that is only markup', async () => {
    const nothing = await asAnn.post('/api/v1/notes', { body: '<p>Floating</p>' });
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json().errors[0]).toMatchObject({ field: 'leadId' });
    const empty = await asAnn.post('/api/v1/notes', {
      customerId,
      body: '<script>alert(1)</script><p> </p>',
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0]).toMatchObject({ field: 'body' });
  });

  it('keeps the rules of calls, meetings and tasks', async () => {
    const call = await created(asAnn, 'calls', { opportunityId, direction: 'inbound', durationSeconds: 240 });
    expect(call).toMatchObject({ subject: 'Inbound call', customerId, outcome: null });
    const backwards = await asAnn.post('/api/v1/meetings', {
      title: 'Demo',
      customerId,
      at: '2026-12-10T10:00:00Z',
      endsAt: '2026-12-10T09:00:00Z',
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors[0]).toMatchObject({ field: 'endsAt' });
    const task = await created(asAnn, 'tasks', { title: 'Send the offer', opportunityId });
    expect(task).toMatchObject({ status: 'open', doneAt: null, customerId });
    const done = (await asAnn.patch(`/api/v1/tasks/${task.id}`, { status: 'done' })).json().data;
    expect(done.doneAt).toEqual(expect.any(String));
    const reopened = (await asAnn.patch(`/api/v1/tasks/${task.id}`, { status: 'open' })).json().data;
    expect(reopened.doneAt).toBeNull();
    // A task needs no record: a personal to-do.
    await created(asAnn, 'tasks', { title: 'Plan the week' });
  });
});

describe('the timeline', () => {
  it('merges activities, changes and linked deals’ events, newest first, and pages through them', async () => {
    await created(asAnn, 'meetings', {
      title: 'Site visit',
      customerId,
      at: '2026-12-11T09:00:00Z',
      endsAt: '2026-12-11T10:00:00Z',
    });
    const stages = (await asAnn.get(`/api/v1/opportunities/${opportunityId}`)).json().data;
    const board = (
      await asAnn.get(`/api/v1/pipeline-stages?filter[pipelineId][eq]=${stages.pipelineId}`)
    ).json();
    const next = board.data.find((stage: { id: string }) => stage.id !== stages.stageId);
    expect(
      (await asAnn.patch(`/api/v1/opportunities/${opportunityId}`, { stageId: next.id })).statusCode,
    ).toBe(200);

    const whole = await timeline(asAnn, 'customers', customerId, '?limit=100');
    expect(whole.status, JSON.stringify(whole.body)).toBe(200);
    const items = whole.body.data as Array<{ type: string; at: string; id: string; entity: string }>;
    const kinds = items.map((item) => `${item.type}:${item.entity}`);
    for (const kind of ['note:note', 'call:call', 'meeting:meeting', 'task:task', 'change:customer']) {
      expect(kinds).toContain(kind);
    }
    expect(kinds.filter((kind) => kind === 'change:opportunity')).toHaveLength(2); // created, stage moved
    const order = items.map((item) => [item.at, item.id].join('|'));
    expect(order).toEqual([...order].sort().reverse());

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await timeline(
        asAnn,
        'customers',
        customerId,
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(items.map((item) => item.id));

    const calls = await timeline(asAnn, 'customers', customerId, '?types=call,task');
    expect(new Set(calls.body.data.map((item: { type: string }) => item.type))).toEqual(
      new Set(['call', 'task']),
    );
    const opportunity = await timeline(asAnn, 'opportunities', opportunityId);
    expect(opportunity.body.data.map((item: { type: string }) => item.type)).toContain('call');
    expect(opportunity.body.data.map((item: { type: string }) => item.type)).not.toContain('note');
  });

  it('answers 400 for a cursor or type it does not know', async () => {
    expect((await timeline(asAnn, 'customers', customerId, '?cursor=nonsense')).status).toBe(400);
    expect((await timeline(asAnn, 'customers', customerId, '?types=email')).status).toBe(400);
    expect((await timeline(asAnn, 'customers', customerId, '?limit=101')).status).toBe(400);
  });

  it('shows each reader only the items they may read', async () => {
    expect((await timeline(asBen, 'customers', customerId)).status).toBe(404);
    const shared = await asAnn.post(`/api/v1/customers/${customerId}/shares`, { userId: ben.id });
    expect(shared.statusCode, shared.body).toBeLessThan(300);
    await created(asAnn, 'notes', { customerId, body: '<p>About the customer itself</p>' });
    const seen = await timeline(asBen, 'customers', customerId, '?limit=100');
    expect(seen.status).toBe(200);
    const kinds = seen.body.data.map(
      (item: { type: string; entity: string }) => `${item.type}:${item.entity}`,
    );
    // The customer's own note and changes: yes. What is about Ann's contact and deal (the mention note, the call,
    // the task, the deal's stage moves): no, though each has the customer too.
    expect(kinds).toContain('note:note');
    expect(kinds).toContain('change:customer');
    expect(kinds).not.toContain('call:call');
    expect(kinds).not.toContain('task:task');
    expect(kinds).not.toContain('change:opportunity');
    const notes = seen.body.data.filter((item: { type: string }) => item.type === 'note');
    expect(notes.map((item: { record: { summary: string } }) => item.record.summary)).toEqual([
      'About the customer itself',
    ]);
    // The same rule on the notes' own list and record.
    const list = (await asBen.get('/api/v1/notes')).json().data;
    expect(list.map((note: { summary: string }) => note.summary)).toEqual(['About the customer itself']);
  });
});
