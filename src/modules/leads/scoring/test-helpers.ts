import { expect } from 'vitest';
import type { Client, TestCrm, TestUser } from '../../../../test/harness.js';

/** Shared by the scoring tests: rules, leads and the background jobs they wait for. */
export function scoringHelpers(crm: TestCrm, api: Client) {
  const post = async (path: string, body: Record<string, unknown>) => {
    const response = await api.post(path, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().data as Record<string, unknown> & { id: string };
  };
  const drainJobs = async () => {
    while (await crm.server.jobs.runOne()) {
      // Each run may enqueue the next batch.
    }
  };
  return {
    post,
    drainJobs,
    /** The harness's clients know no PUT. */
    put: (user: TestUser, url: string, body: unknown) =>
      crm.server.app.inject({
        method: 'PUT',
        url,
        headers: { authorization: `Bearer ${user.key}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      }),
    rule: (body: Record<string, unknown>) => post('/api/v1/lead-scoring-rules', { name: 'Rule', ...body }),
    lead: (body: Record<string, unknown>) =>
      post('/api/v1/leads?duplicates=allow', { lastName: 'Lead', ...body }),
    stored: async (id: string) =>
      (await api.get(`/api/v1/leads/${id}`)).json().data as Record<string, unknown>,
    explain: async (id: string, client = api) => (await client.get(`/api/v1/leads/${id}/score`)).json().data,
    /** Trashes every rule and lets the re-scoring pass run, so each test starts from no rules. */
    clearRules: async () => {
      const { data } = (await api.get('/api/v1/lead-scoring-rules?limit=500')).json();
      for (const rule of data as Array<{ id: string }>)
        await api.delete(`/api/v1/lead-scoring-rules/${rule.id}`);
      await drainJobs();
    },
    errorsOf: (response: { json(): unknown }) =>
      Object.fromEntries(
        ((response.json() as { errors?: Array<{ field: string; message: string }> }).errors ?? []).map(
          (e) => [e.field, e.message],
        ),
      ),
  };
}
