import { Migration } from '@mikro-orm/migrations';

export class Migration20261122002114_UnitsOverTime extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "legal_document" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid null, "number" text not null, "issued_on" date not null, "issuer" text not null, "title" text not null, constraint "legal_document_pkey" primary key ("id"));`);
    this.addSql(`create index "legal_document_province_id_index" on "legal_document" ("province_id");`);
    this.addSql(`alter table "legal_document" add constraint "legal_document_number_issued_on_issuer_unique" unique ("number", "issued_on", "issuer");`);

    this.addSql(`create table "lineage_event" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "kind" text check ("kind" in ('MERGE', 'SPLIT', 'RENAME', 'TRANSFER', 'ABOLISH')) not null, "effective_on" date not null, "legal_document_id" uuid null, "note" text null, constraint "lineage_event_pkey" primary key ("id"));`);
    this.addSql(`create index "lineage_event_province_id_index" on "lineage_event" ("province_id");`);

    this.addSql(`create table "assessment_round" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "year" int not null, "title" text not null, "reference_date" date not null, "legal_document_id" uuid null, constraint "assessment_round_pkey" primary key ("id"));`);
    this.addSql(`create index "assessment_round_province_id_index" on "assessment_round" ("province_id");`);
    this.addSql(`alter table "assessment_round" add constraint "assessment_round_province_id_year_unique" unique ("province_id", "year");`);

    this.addSql(`create table "unit_group" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "code" text not null, "name" text not null, constraint "unit_group_pkey" primary key ("id"));`);
    this.addSql(`alter table "unit_group" add constraint "unit_group_province_id_code_unique" unique ("province_id", "code");`);

    this.addSql(`create table "lineage_link" ("id" uuid not null, "created_at" timestamptz not null default now(), "event_id" uuid not null, "unit_id" uuid not null, "role" text check ("role" in ('PREDECESSOR', 'SUCCESSOR')) not null, "province_id" uuid not null, constraint "lineage_link_pkey" primary key ("id"));`);
    this.addSql(`create index "lineage_link_unit_id_role_index" on "lineage_link" ("unit_id", "role");`);
    this.addSql(`alter table "lineage_link" add constraint "lineage_link_event_id_unit_id_role_unique" unique ("event_id", "unit_id", "role");`);

    this.addSql(`create table "indicator_value" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "unit_id" uuid not null, "code" text not null, "period" text not null, "period_start" date not null, "period_end" date not null, "value" numeric(14,4) not null, "numerator" numeric(18,4) null, "denominator" numeric(18,4) null, "source" text not null, "observed_at" timestamptz not null, "idempotency_key" text not null, constraint "indicator_value_pkey" primary key ("id"));`);
    this.addSql(`create index "indicator_value_unit_id_code_period_end_index" on "indicator_value" ("unit_id", "code", "period_end");`);
    this.addSql(`alter table "indicator_value" add constraint "indicator_value_province_id_idempotency_key_unique" unique ("province_id", "idempotency_key");`);

    this.addSql(`create table "round_group" ("id" uuid not null, "created_at" timestamptz not null default now(), "round_id" uuid not null, "group_id" uuid not null, "province_id" uuid not null, "criteria_set" text not null, constraint "round_group_pkey" primary key ("id"));`);
    this.addSql(`alter table "round_group" add constraint "round_group_round_id_group_id_unique" unique ("round_id", "group_id");`);

    this.addSql(`alter table "legal_document" add constraint "legal_document_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "lineage_event" add constraint "lineage_event_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "lineage_event" add constraint "lineage_event_legal_document_id_foreign" foreign key ("legal_document_id") references "legal_document" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "assessment_round" add constraint "assessment_round_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "assessment_round" add constraint "assessment_round_legal_document_id_foreign" foreign key ("legal_document_id") references "legal_document" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "unit_group" add constraint "unit_group_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "lineage_link" add constraint "lineage_link_event_id_foreign" foreign key ("event_id") references "lineage_event" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "lineage_link" add constraint "lineage_link_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "lineage_link" add constraint "lineage_link_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "indicator_value" add constraint "indicator_value_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "indicator_value" add constraint "indicator_value_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "round_group" add constraint "round_group_round_id_foreign" foreign key ("round_id") references "assessment_round" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "round_group" add constraint "round_group_group_id_foreign" foreign key ("group_id") references "unit_group" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "round_group" add constraint "round_group_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "province" add column "valid_from" date null, add column "valid_to" date null, add column "successor_id" uuid null;`);
    this.addSql(`alter table "province" add constraint "province_successor_id_foreign" foreign key ("successor_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "unit" add column "group_id" uuid null, add column "parent_id" uuid null, add column "valid_from" date not null default '2000-01-01', add column "valid_to" date null;`);
    // Units recorded before validity existed are taken as valid since 2000-01-01; new rows must say.
    this.addSql(`alter table "unit" alter column "valid_from" drop default;`);
    this.addSql(`alter table "unit" add constraint "unit_group_id_foreign" foreign key ("group_id") references "unit_group" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "unit" add constraint "unit_parent_id_foreign" foreign key ("parent_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`create index "unit_group_id_index" on "unit" ("group_id");`);
    this.addSql(`create index "unit_parent_id_index" on "unit" ("parent_id");`);
    this.addSql(`create index "unit_province_id_valid_from_valid_to_index" on "unit" ("province_id", "valid_from", "valid_to");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "lineage_event" drop constraint "lineage_event_legal_document_id_foreign";`);

    this.addSql(`alter table "assessment_round" drop constraint "assessment_round_legal_document_id_foreign";`);

    this.addSql(`alter table "lineage_link" drop constraint "lineage_link_event_id_foreign";`);

    this.addSql(`alter table "round_group" drop constraint "round_group_round_id_foreign";`);

    this.addSql(`alter table "unit" drop constraint "unit_group_id_foreign";`);

    this.addSql(`alter table "round_group" drop constraint "round_group_group_id_foreign";`);

    this.addSql(`drop table if exists "legal_document" cascade;`);

    this.addSql(`drop table if exists "lineage_event" cascade;`);

    this.addSql(`drop table if exists "assessment_round" cascade;`);

    this.addSql(`drop table if exists "unit_group" cascade;`);

    this.addSql(`drop table if exists "lineage_link" cascade;`);

    this.addSql(`drop table if exists "indicator_value" cascade;`);

    this.addSql(`drop table if exists "round_group" cascade;`);

    this.addSql(`alter table "province" drop constraint "province_successor_id_foreign";`);

    this.addSql(`alter table "unit" drop constraint "unit_parent_id_foreign";`);

    this.addSql(`alter table "province" drop column "valid_from", drop column "valid_to", drop column "successor_id";`);

    this.addSql(`drop index "unit_group_id_index";`);
    this.addSql(`drop index "unit_parent_id_index";`);
    this.addSql(`drop index "unit_province_id_valid_from_valid_to_index";`);
    this.addSql(`alter table "unit" drop column "group_id", drop column "parent_id", drop column "valid_from", drop column "valid_to";`);
  }

}
