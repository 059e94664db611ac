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
];
