import { Migration } from '@mikro-orm/migrations';

export class Migration20261122010437_SelfAssessment extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "evidence_file" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "sha256" text not null, "size" int not null, "media_type" text not null, "file_name" text not null, "uploaded_by" uuid not null, constraint "evidence_file_pkey" primary key ("id"));`);
    this.addSql(`create index "evidence_file_sha256_index" on "evidence_file" ("sha256");`);

    this.addSql(`create table "calendar_override" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "date" date not null, "working" boolean not null, "note" text null, "set_by" uuid not null, constraint "calendar_override_pkey" primary key ("id"));`);
    this.addSql(`alter table "calendar_override" add constraint "calendar_override_province_id_date_unique" unique ("province_id", "date");`);

    this.addSql(`create table "audit_head" ("province_id" uuid not null, "seq" int not null, "hash" text not null, "signature" text not null, constraint "audit_head_pkey" primary key ("province_id"));`);

    this.addSql(`create table "audit_event" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "seq" int not null, "at" timestamptz not null, "actor_id" uuid null, "action" text not null, "entity_type" text not null, "entity_id" text not null, "payload" jsonb not null, "prev_hash" text not null, "hash" text not null, constraint "audit_event_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_event_action_index" on "audit_event" ("action");`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_province_id_seq_unique" unique ("province_id", "seq");`);

    this.addSql(`create table "round_phase" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "round_id" uuid not null, "phase" text not null, "position" int not null, "closes_on" date not null, constraint "round_phase_pkey" primary key ("id"));`);
    this.addSql(`alter table "round_phase" add constraint "round_phase_round_id_phase_unique" unique ("round_id", "phase");`);

    this.addSql(`create table "phase_extension" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "round_id" uuid not null, "unit_id" uuid not null, "phase" text not null, "closes_on" date not null, "reason" text not null, "granted_by" uuid not null, constraint "phase_extension_pkey" primary key ("id"));`);
    this.addSql(`create index "phase_extension_round_id_unit_id_phase_index" on "phase_extension" ("round_id", "unit_id", "phase");`);

    this.addSql(`create table "evidence" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "unit_id" uuid not null, "title" text not null, "document_number" text null, "issued_on" date null, "issuer" text null, "excerpt" text null, "section" text null, "effective_on" date not null, "file_id" uuid null, "added_by" uuid not null, constraint "evidence_pkey" primary key ("id"));`);
    this.addSql(`create index "evidence_unit_id_index" on "evidence" ("unit_id");`);

    this.addSql(`create table "scorecard" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "round_id" uuid not null, "unit_id" uuid not null, "group_id" uuid not null, "status" text check ("status" in ('DRAFT', 'SUBMITTED', 'RETURNED')) not null default 'DRAFT', "version" int not null default 1, "submitted_at" timestamptz null, "submitted_by" uuid null, constraint "scorecard_pkey" primary key ("id"));`);
    this.addSql(`create index "scorecard_province_id_index" on "scorecard" ("province_id");`);
    this.addSql(`create index "scorecard_unit_id_index" on "scorecard" ("unit_id");`);
    this.addSql(`alter table "scorecard" add constraint "scorecard_round_id_unit_id_unique" unique ("round_id", "unit_id");`);

    this.addSql(`create table "scorecard_result" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "scorecard_id" uuid not null, "stage" text check ("stage" in ('SELF', 'APPRAISAL_1', 'APPRAISAL_2', 'FINAL')) not null, "total" numeric(10,4) not null, "max" numeric(10,4) not null, "index" numeric(7,2) not null, "criteria" jsonb not null, "computed_at" timestamptz not null, constraint "scorecard_result_pkey" primary key ("id"));`);
    this.addSql(`alter table "scorecard_result" add constraint "scorecard_result_scorecard_id_stage_unique" unique ("scorecard_id", "stage");`);

    this.addSql(`create table "scorecard_entry" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "scorecard_id" uuid not null, "code" text not null, "stage" text check ("stage" in ('SELF', 'APPRAISAL_1', 'APPRAISAL_2', 'FINAL')) not null, "value" text null, "variables" jsonb not null, "points" numeric(10,4) null, "not_applicable" boolean not null default false, "comment" text null, "explanation" text null, "author_id" uuid not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "scorecard_entry_pkey" primary key ("id"));`);
    this.addSql(`alter table "scorecard_entry" add constraint "scorecard_entry_scorecard_id_code_stage_unique" unique ("scorecard_id", "code", "stage");`);

    this.addSql(`create table "scorecard_area" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "scorecard_id" uuid not null, "stage" text check ("stage" in ('SELF', 'APPRAISAL_1', 'APPRAISAL_2', 'FINAL')) not null, "area" text not null, "points" numeric(10,4) not null, "max" numeric(10,4) not null, "source_id" text not null, "source_version" text not null, constraint "scorecard_area_pkey" primary key ("id"));`);
    this.addSql(`alter table "scorecard_area" add constraint "scorecard_area_scorecard_id_stage_area_unique" unique ("scorecard_id", "stage", "area");`);

    this.addSql(`create table "evidence_link" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "evidence_id" uuid not null, "scorecard_id" uuid not null, "code" text not null, constraint "evidence_link_pkey" primary key ("id"));`);
    this.addSql(`create index "evidence_link_scorecard_id_code_index" on "evidence_link" ("scorecard_id", "code");`);
    this.addSql(`alter table "evidence_link" add constraint "evidence_link_evidence_id_scorecard_id_code_unique" unique ("evidence_id", "scorecard_id", "code");`);

    this.addSql(`alter table "evidence_file" add constraint "evidence_file_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "calendar_override" add constraint "calendar_override_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "audit_head" add constraint "audit_head_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "audit_event" add constraint "audit_event_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "round_phase" add constraint "round_phase_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "round_phase" add constraint "round_phase_round_id_foreign" foreign key ("round_id") references "assessment_round" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "phase_extension" add constraint "phase_extension_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "phase_extension" add constraint "phase_extension_round_id_foreign" foreign key ("round_id") references "assessment_round" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "phase_extension" add constraint "phase_extension_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "evidence" add constraint "evidence_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "evidence" add constraint "evidence_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "evidence" add constraint "evidence_file_id_foreign" foreign key ("file_id") references "evidence_file" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "scorecard" add constraint "scorecard_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "scorecard" add constraint "scorecard_round_id_foreign" foreign key ("round_id") references "assessment_round" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "scorecard" add constraint "scorecard_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "scorecard" add constraint "scorecard_group_id_foreign" foreign key ("group_id") references "unit_group" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "scorecard_result" add constraint "scorecard_result_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "scorecard_result" add constraint "scorecard_result_scorecard_id_foreign" foreign key ("scorecard_id") references "scorecard" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "scorecard_entry" add constraint "scorecard_entry_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "scorecard_entry" add constraint "scorecard_entry_scorecard_id_foreign" foreign key ("scorecard_id") references "scorecard" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "scorecard_area" add constraint "scorecard_area_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "scorecard_area" add constraint "scorecard_area_scorecard_id_foreign" foreign key ("scorecard_id") references "scorecard" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "evidence_link" add constraint "evidence_link_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "evidence_link" add constraint "evidence_link_evidence_id_foreign" foreign key ("evidence_id") references "evidence" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "evidence_link" add constraint "evidence_link_scorecard_id_foreign" foreign key ("scorecard_id") references "scorecard" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "evidence" drop constraint "evidence_file_id_foreign";`);

    this.addSql(`alter table "evidence_link" drop constraint "evidence_link_evidence_id_foreign";`);

    this.addSql(`alter table "scorecard_result" drop constraint "scorecard_result_scorecard_id_foreign";`);

    this.addSql(`alter table "scorecard_entry" drop constraint "scorecard_entry_scorecard_id_foreign";`);

    this.addSql(`alter table "scorecard_area" drop constraint "scorecard_area_scorecard_id_foreign";`);

    this.addSql(`alter table "evidence_link" drop constraint "evidence_link_scorecard_id_foreign";`);

    this.addSql(`drop table if exists "evidence_file" cascade;`);

    this.addSql(`drop table if exists "calendar_override" cascade;`);

    this.addSql(`drop table if exists "audit_head" cascade;`);

    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`drop table if exists "round_phase" cascade;`);

    this.addSql(`drop table if exists "phase_extension" cascade;`);

    this.addSql(`drop table if exists "evidence" cascade;`);

    this.addSql(`drop table if exists "scorecard" cascade;`);

    this.addSql(`drop table if exists "scorecard_result" cascade;`);

    this.addSql(`drop table if exists "scorecard_entry" cascade;`);

    this.addSql(`drop table if exists "scorecard_area" cascade;`);

    this.addSql(`drop table if exists "evidence_link" cascade;`);
  }

}
