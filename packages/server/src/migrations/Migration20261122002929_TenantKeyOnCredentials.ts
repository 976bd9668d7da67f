import { Migration } from '@mikro-orm/migrations';

export class Migration20261122002929_TenantKeyOnCredentials extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "user_session" add column "province_id" uuid null;`);
    this.addSql(`update "user_session" t set "province_id" = u."province_id" from "app_user" u where u."id" = t."user_id";`);
    this.addSql(`alter table "user_session" alter column "province_id" set not null;`);
    this.addSql(`alter table "user_session" add constraint "user_session_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "api_token" add column "province_id" uuid null;`);
    this.addSql(`update "api_token" t set "province_id" = u."province_id" from "app_user" u where u."id" = t."user_id";`);
    this.addSql(`alter table "api_token" alter column "province_id" set not null;`);
    this.addSql(`alter table "api_token" add constraint "api_token_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_token" drop constraint "api_token_province_id_foreign";`);

    this.addSql(`alter table "user_session" drop constraint "user_session_province_id_foreign";`);

    this.addSql(`alter table "api_token" drop column "province_id";`);

    this.addSql(`alter table "user_session" drop column "province_id";`);
  }

}
