import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000209_Init extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "app_meta" ("key" text not null, "value" text not null, "updated_at" timestamptz not null default now(), constraint "app_meta_pkey" primary key ("key"));`);

    this.addSql(`create table "province" ("id" uuid not null, "created_at" timestamptz not null default now(), "code" text not null, "name" text not null, constraint "province_pkey" primary key ("id"));`);
    this.addSql(`alter table "province" add constraint "province_code_unique" unique ("code");`);

    this.addSql(`create table "unit" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "code" text not null, "name" text not null, "kind" text check ("kind" in ('DEPARTMENT', 'CENTRAL_VERTICAL', 'DISTRICT', 'COMMUNE', 'PUBLIC_SERVICE')) not null, constraint "unit_pkey" primary key ("id"));`);
    this.addSql(`create index "unit_province_id_index" on "unit" ("province_id");`);
    this.addSql(`alter table "unit" add constraint "unit_province_id_code_unique" unique ("province_id", "code");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null default now(), "username" text not null, "display_name" text not null, "role" text check ("role" in ('ADMIN', 'UNIT', 'REVIEWER', 'COUNCIL_MEMBER', 'INSPECTOR', 'INTEGRATION')) not null, "province_id" uuid not null, "unit_id" uuid null, "areas" text[] not null default '{}', "review_unit_ids" uuid[] not null default '{}', "password_hash" text null, "failed_logins" int not null default 0, "locked_until" timestamptz null, "disabled_at" timestamptz null, "last_login_at" timestamptz null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);
    this.addSql(`create index "app_user_province_id_index" on "app_user" ("province_id");`);

    this.addSql(`create table "user_session" ("id" uuid not null, "created_at" timestamptz not null default now(), "user_id" uuid not null, "token_hash" text not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "user_session_pkey" primary key ("id"));`);
    this.addSql(`create index "user_session_user_id_index" on "user_session" ("user_id");`);
    this.addSql(`alter table "user_session" add constraint "user_session_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "api_token" ("id" uuid not null, "created_at" timestamptz not null default now(), "user_id" uuid not null, "name" text not null, "prefix" text not null, "token_hash" text not null, "expires_at" timestamptz null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, constraint "api_token_pkey" primary key ("id"));`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "unit" add constraint "unit_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "app_user" add constraint "app_user_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "app_user" add constraint "app_user_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "user_session" add constraint "user_session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "unit" drop constraint "unit_province_id_foreign";`);

    this.addSql(`alter table "app_user" drop constraint "app_user_province_id_foreign";`);

    this.addSql(`alter table "app_user" drop constraint "app_user_unit_id_foreign";`);

    this.addSql(`alter table "user_session" drop constraint "user_session_user_id_foreign";`);

    this.addSql(`alter table "api_token" drop constraint "api_token_user_id_foreign";`);

    this.addSql(`drop table if exists "app_meta" cascade;`);

    this.addSql(`drop table if exists "province" cascade;`);

    this.addSql(`drop table if exists "unit" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "user_session" cascade;`);

    this.addSql(`drop table if exists "api_token" cascade;`);
  }

}
