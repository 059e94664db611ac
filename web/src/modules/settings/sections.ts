/** The administration lists of Settings, in the order an administrator sets a CRM up, with the columns each shows. */
export const SECTIONS = [
  { path: 'users', columns: ['fullName', 'email', 'roleId', 'language', 'enabled', 'createdAt'] },
  { path: 'roles', columns: ['name', 'description', 'builtIn', 'updatedAt'] },
  { path: 'sales-teams', columns: ['name', 'managerId', 'memberIds', 'updatedAt'] },
  { path: 'api-keys', columns: ['name', 'prefix', 'ownerId', 'expiresAt', 'lastUsedAt', 'revokedAt'] },
  { path: 'custom-fields', columns: ['labelEn', 'entity', 'name', 'type', 'required', 'position'] },
  { path: 'tags', columns: ['name', 'colour', 'description', 'updatedAt'] },
  { path: 'territories', columns: ['name', 'parentId', 'managerId', 'updatedAt'] },
  { path: 'customer-groups', columns: ['name', 'parentId', 'defaultPaymentTerms', 'updatedAt'] },
  { path: 'sales-persons', columns: ['name', 'parentId', 'userId', 'commissionRate', 'enabled'] },
  { path: 'industries', columns: ['name', 'updatedAt'] },
  { path: 'lead-sources', columns: ['name', 'description', 'updatedAt'] },
  { path: 'campaigns', columns: ['name', 'status', 'startDate', 'endDate', 'budget'] },
  { path: 'pipelines', columns: ['name', 'nameDe', 'isDefault', 'active', 'teamId', 'sortOrder'] },
  {
    path: 'pipeline-stages',
    columns: ['pipelineId', 'position', 'name', 'nameDe', 'probability', 'kind', 'forecastCategory'],
  },
  { path: 'lost-reasons', columns: ['name', 'nameDe', 'updatedAt'] },
  { path: 'competitors', columns: ['name', 'website', 'updatedAt'] },
  { path: 'sales-quotas', columns: ['ownerId', 'month', 'currency', 'amount', 'note'] },
  {
    path: 'assignment-rules',
    columns: ['name', 'position', 'active', 'strategy', 'salesTeamId', 'memberIds'],
  },
  {
    path: 'rep-capacities',
    columns: ['name', 'maxPerDay', 'maxPer30Days', 'outOfOfficeFrom', 'outOfOfficeUntil'],
  },
  { path: 'lead-scoring-rules', columns: ['name', 'active', 'points', 'conditionKind', 'field'] },
  { path: 'web-forms', columns: ['name', 'slug', 'active', 'sourceId', 'campaignId', 'updatedAt'] },
];
