import { Migration } from '@mikro-orm/migrations';

export class Migration20261122030101_SecurityRoles extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "app_user" drop constraint if exists "app_user_role_check";`);

    this.addSql(`alter table "app_user" add column "evidence_access" boolean not null default false;`);
    this.addSql(`alter table "app_user" add constraint "app_user_role_check" check("role" in ('ADMIN', 'UNIT', 'REVIEWER', 'COUNCIL_MEMBER', 'INSPECTOR', 'INTEGRATION', 'NATIONAL_READER'));`);

    this.addSql(`alter table "api_token" add column "rate_limit_per_minute" int null, add column "rate_limit_exempt" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "app_user" drop constraint if exists "app_user_role_check";`);

    this.addSql(`alter table "api_token" drop column "rate_limit_per_minute", drop column "rate_limit_exempt";`);

    this.addSql(`alter table "app_user" drop column "evidence_access";`);

    this.addSql(`alter table "app_user" add constraint "app_user_role_check" check("role" in ('ADMIN', 'UNIT', 'REVIEWER', 'COUNCIL_MEMBER', 'INSPECTOR', 'INTEGRATION'));`);
  }

}
