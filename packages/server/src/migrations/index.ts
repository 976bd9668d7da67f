import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122033042_Webhooks } from './Migration20261122033042_Webhooks.js';
import { Migration20261122030101_SecurityRoles } from './Migration20261122030101_SecurityRoles.js';
import { Migration20261122024058_PlansFindings } from './Migration20261122024058_PlansFindings.js';
import { Migration20261122020956_Inspections } from './Migration20261122020956_Inspections.js';
import { Migration20261122011813_Appraisal } from './Migration20261122011813_Appraisal.js';
import { Migration20261122010437_SelfAssessment } from './Migration20261122010437_SelfAssessment.js';
import { Migration20261122003924_CriteriaAndSnapshots } from './Migration20261122003924_CriteriaAndSnapshots.js';
import { Migration20261122002929_TenantKeyOnCredentials } from './Migration20261122002929_TenantKeyOnCredentials.js';
import { Migration20261122002114_UnitsOverTime } from './Migration20261122002114_UnitsOverTime.js';
import { Migration20261122000209_Init } from './Migration20261122000209_Init.js';

/** Every migration, in order. `pnpm migration:create` writes a new file; add it here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122000209_Init', class: Migration20261122000209_Init },
  { name: 'Migration20261122002114_UnitsOverTime', class: Migration20261122002114_UnitsOverTime },
  { name: 'Migration20261122002929_TenantKeyOnCredentials', class: Migration20261122002929_TenantKeyOnCredentials },
  { name: 'Migration20261122003924_CriteriaAndSnapshots', class: Migration20261122003924_CriteriaAndSnapshots },
  { name: 'Migration20261122010437_SelfAssessment', class: Migration20261122010437_SelfAssessment },
  { name: 'Migration20261122011813_Appraisal', class: Migration20261122011813_Appraisal },
  { name: 'Migration20261122020956_Inspections', class: Migration20261122020956_Inspections },
  { name: 'Migration20261122024058_PlansFindings', class: Migration20261122024058_PlansFindings },
  { name: 'Migration20261122030101_SecurityRoles', class: Migration20261122030101_SecurityRoles },
  { name: 'Migration20261122033042_Webhooks', class: Migration20261122033042_Webhooks },
];
