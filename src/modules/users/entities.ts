import { defineEntity } from '../../core/entity.js';
import { ACTIONS, SCOPES } from '../../core/permissions.js';

const grantsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(ACTIONS.map((action) => [action, { type: 'string', enum: [...SCOPES] }])),
};

export const roleEntity = defineEntity({
  name: 'role',
  tagged: false,
  table: 'roles',
  label: { en: 'Role', de: 'Rolle' },
  labelPlural: { en: 'Roles', de: 'Rollen' },
  owned: false,
  titleField: 'name',
  defaultSort: 'name',
  fields: {
    name: { type: 'text', label: { en: 'Name', de: 'Name' }, required: true, unique: true, maxLength: 100 },
    description: { type: 'longText', label: { en: 'Description', de: 'Beschreibung' }, maxLength: 2000 },
    permissions: {
      type: 'json',
      label: { en: 'Permissions', de: 'Berechtigungen' },
      required: true,
      description: 'Grants per entity name (or "*" for every other entity): action → scope (own, team, all).',
      schema: { type: 'object', maxProperties: 200, additionalProperties: grantsSchema },
    },
    builtIn: { type: 'boolean', label: { en: 'Built in', de: 'Vordefiniert' }, readOnly: true },
  },
});

export const userEntity = defineEntity({
  name: 'user',
  table: 'users',
  label: { en: 'User', de: 'Benutzer' },
  labelPlural: { en: 'Users', de: 'Benutzer' },
  owned: false,
  titleField: 'fullName',
  searchFields: ['fullName', 'email'],
  defaultSort: 'fullName',
  fields: {
    email: { type: 'email', label: { en: 'E-mail', de: 'E-Mail' }, required: true, unique: true },
    fullName: {
      type: 'text',
      label: { en: 'Full name', de: 'Vollständiger Name' },
      required: true,
      maxLength: 200,
    },
    roleId: { type: 'link', target: 'role', label: { en: 'Role', de: 'Rolle' }, required: true },
    language: {
      type: 'select',
      label: { en: 'Language', de: 'Sprache' },
      default: 'en',
      options: [
        { value: 'en', label: { en: 'English', de: 'Englisch' } },
        { value: 'de', label: { en: 'German', de: 'Deutsch' } },
      ],
    },
    timeZone: { type: 'text', label: { en: 'Time zone', de: 'Zeitzone' }, default: 'UTC', maxLength: 64 },
    enabled: { type: 'boolean', label: { en: 'Enabled', de: 'Aktiv' }, default: true },
    password: {
      type: 'password',
      label: { en: 'Password', de: 'Passwort' },
      writeOnly: true,
      column: 'password_hash',
      description: 'At least 10 characters; stored as an argon2id hash, never returned.',
    },
  },
});

export const salesTeamEntity = defineEntity({
  name: 'salesTeam',
  table: 'sales_teams',
  label: { en: 'Sales team', de: 'Vertriebsteam' },
  labelPlural: { en: 'Sales teams', de: 'Vertriebsteams' },
  owned: false,
  titleField: 'name',
  defaultSort: 'name',
  fields: {
    name: { type: 'text', label: { en: 'Name', de: 'Name' }, required: true, unique: true, maxLength: 100 },
    managerId: { type: 'link', target: 'user', label: { en: 'Manager', de: 'Leitung' } },
    memberIds: { type: 'multilink', target: 'user', label: { en: 'Members', de: 'Mitglieder' }, default: [] },
    description: { type: 'longText', label: { en: 'Description', de: 'Beschreibung' }, maxLength: 2000 },
  },
});

export const apiKeyEntity = defineEntity({
  name: 'apiKey',
  tagged: false,
  table: 'api_keys',
  label: { en: 'API key', de: 'API-Schlüssel' },
  labelPlural: { en: 'API keys', de: 'API-Schlüssel' },
  titleField: 'name',
  searchFields: [],
  fields: {
    name: { type: 'text', label: { en: 'Name', de: 'Name' }, required: true, maxLength: 100 },
    prefix: { type: 'text', label: { en: 'Prefix', de: 'Präfix' }, readOnly: true },
    keyHash: {
      type: 'text',
      label: { en: 'Key hash', de: 'Schlüssel-Hash' },
      readOnly: true,
      writeOnly: true,
    },
    expiresAt: {
      type: 'datetime',
      label: { en: 'Expires at', de: 'Läuft ab am' },
      createOnly: true,
      description: 'When the key stops working; 90 days after creation when left out, at most 2 years.',
    },
    revokedAt: { type: 'datetime', label: { en: 'Revoked at', de: 'Widerrufen am' }, readOnly: true },
    lastUsedAt: { type: 'datetime', label: { en: 'Last used at', de: 'Zuletzt benutzt am' }, readOnly: true },
  },
});

export const platformEntities = [roleEntity, userEntity, salesTeamEntity, apiKeyEntity];
