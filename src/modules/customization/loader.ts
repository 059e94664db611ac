import type { FastifyBaseLogger } from 'fastify';
import type { EntityDef, EntityRegistry } from '../../core/entity.js';
import type { FieldInput } from '../../core/fields.js';
import { extendEntity } from '../../core/run-time-fields.js';
import { type Row, rowToRecord } from '../../core/row.js';
import type { Database } from '../../db/connect.js';
import { type CustomFieldSpec, fieldInputOf, specFromRecord } from './definition.js';
import { customFieldEntity } from './entities.js';

/** The NOTIFY channel migration 0005 announces every committed change of `custom_fields` on. */
export const CUSTOM_FIELDS_CHANNEL = 'crm_custom_fields';

/**
 * Keeps the registry's entities in step with the `custom_fields` table. Every server loads the definitions before it
 * serves and again whenever any server commits a change (the table's trigger notifies `crm_custom_fields`), or
 * when its listening connection comes back (it may have missed some). A load reads all live definitions in one
 * statement and swaps the changed entities into the registry in one synchronous step, so a request sees the old
 * fields or the new ones, never half of a change. Loads run one at a time; a load asked for while one runs
 * follows it, since the running one may have read the table before the change that asked.
 */
export class CustomFieldLoader {
  readonly #signatures = new Map<string, string>();
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(
    readonly database: Database,
    readonly registry: EntityRegistry,
    readonly log: FastifyBaseLogger,
  ) {}

  reload(): Promise<void> {
    if (this.#running) {
      this.#queued ??= this.#running
        .catch(() => undefined)
        .then(() => {
          this.#queued = undefined;
          return this.reload();
        });
      return this.#queued;
    }
    this.#running = this.#load().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** For notifications: a failed load keeps the definitions in hand and is logged; the next change retries. */
  reloadSoon(): void {
    this.reload().catch((error: unknown) => this.log.error({ err: error }, 'loading custom fields failed'));
  }

  /** Subscribes to changes, then loads: no change can fall between the two. Returns the unsubscribe. */
  async start(): Promise<() => Promise<void>> {
    const stop = await this.database.listen(CUSTOM_FIELDS_CHANNEL, {
      onNotify: () => this.reloadSoon(),
      onLive: (live) => {
        if (live) this.reloadSoon();
      },
    });
    await this.reload();
    return stop;
  }

  async #load(): Promise<void> {
    const rows = await this.database.db
      .selectFrom('custom_fields')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('position')
      .orderBy('id')
      .execute();
    this.#apply(rows.map((row) => specFromRecord(rowToRecord(customFieldEntity, row as Row))));
  }

  /** A definition the code has since overtaken (a built-in field of that name, a record type gone) is skipped. */
  #usable(spec: CustomFieldSpec, defined: EntityDef): boolean {
    let problem: string | undefined;
    if (Object.hasOwn(defined.allFields, spec.name)) problem = 'a built-in field has the same name';
    else if (spec.target && !this.registry.defined(spec.target)) problem = `links to unknown ${spec.target}`;
    if (problem) this.log.warn(`custom field ${spec.entity}.${spec.name} is left out: ${problem}`);
    return !problem;
  }

  #apply(specs: CustomFieldSpec[]): void {
    const byEntity = new Map<string, CustomFieldSpec[]>();
    for (const spec of specs) byEntity.set(spec.entity, [...(byEntity.get(spec.entity) ?? []), spec]);
    for (const name of byEntity.keys()) {
      if (!this.registry.defined(name))
        this.log.warn(`custom fields of unknown record type ${name} are left out`);
    }
    const changed: EntityDef[] = [];
    for (const current of this.registry.all()) {
      const defined = this.registry.defined(current.name) ?? current;
      const fields: Record<string, FieldInput> = {};
      for (const spec of byEntity.get(defined.name) ?? []) {
        if (this.#usable(spec, defined)) fields[spec.name] = fieldInputOf(spec);
      }
      // Unchanged entities keep their version, and with it their compiled validators.
      const signature = JSON.stringify(fields);
      if (signature === this.#signatures.get(defined.name)) continue;
      this.#signatures.set(defined.name, signature);
      // A copy even without custom fields: the definition from code means "the current version" to Records.
      changed.push(extendEntity(defined, fields));
    }
    if (changed.length) this.registry.replace(changed);
  }
}
