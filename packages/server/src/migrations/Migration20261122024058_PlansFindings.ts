import { Migration } from '@mikro-orm/migrations';

export class Migration20261122024058_PlansFindings extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "reform_plan" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "year" int not null, "title" text not null, "unit_id" uuid null, "legal_document_id" uuid null, constraint "reform_plan_pkey" primary key ("id"));`);
    this.addSql(`create index "reform_plan_province_id_index" on "reform_plan" ("province_id");`);
    this.addSql(`alter table "reform_plan" add constraint "reform_plan_province_id_year_title_unique" unique ("province_id", "year", "title");`);

    this.addSql(`create table "reform_plan_task" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "plan_id" uuid not null, "area" text check ("area" in ('LEADERSHIP', 'INSTITUTIONS', 'PROCEDURES', 'ORGANIZATION', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT')) not null, "position" int not null, "number" text not null default '', "title" text not null, "product" text not null default '', "deadline_kind" text check ("deadline_kind" in ('DATE', 'MONTH', 'QUARTER', 'YEAR', 'REGULAR', 'CONDITIONAL')) not null, "deadline_text" text not null, "due_on" date null, "lead_id" uuid not null, "coordinating" jsonb not null, "coordinating_note" text null, "status" text check ("status" in ('NOT_STARTED', 'IN_PROGRESS', 'DONE', 'CANCELLED')) not null default 'NOT_STARTED', "completed_on" date null, "status_note" text null, "version" int not null default 1, "updated_at" timestamptz null, constraint "reform_plan_task_pkey" primary key ("id"));`);
    this.addSql(`create index "reform_plan_task_plan_id_area_position_index" on "reform_plan_task" ("plan_id", "area", "position");`);
    this.addSql(`create index "reform_plan_task_lead_id_due_on_index" on "reform_plan_task" ("lead_id", "due_on");`);

    this.addSql(`create table "inspection_finding" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "target_id" uuid not null, "unit_id" uuid not null, "year" int not null, "area" text check ("area" in ('LEADERSHIP', 'INSTITUTIONS', 'PROCEDURES', 'ORGANIZATION', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT')) not null, "kind" text check ("kind" in ('GOOD_PRACTICE', 'SHORTCOMING', 'VIOLATION')) not null, "description" text not null, "recommendation" text null, "criterion_code" text null, "topic" text null, "repeated_from_id" uuid null, "remediation_status" text check ("remediation_status" in ('NOT_REQUIRED', 'OPEN', 'REPORTED', 'ACCEPTED', 'REJECTED')) not null, "remediation_due_on" date null, "remediation_report" text null, "remediation_reported_at" timestamptz null, "remediation_reviewed_at" timestamptz null, "remediation_review_note" text null, "recorded_by" uuid not null, constraint "inspection_finding_pkey" primary key ("id"));`);
    this.addSql(`create index "inspection_finding_unit_id_year_index" on "inspection_finding" ("unit_id", "year");`);

    this.addSql(`create table "reform_plan_task_evidence" ("id" uuid not null, "created_at" timestamptz not null default now(), "task_id" uuid not null, "evidence_id" uuid not null, constraint "reform_plan_task_evidence_pkey" primary key ("id"));`);
    this.addSql(`alter table "reform_plan_task_evidence" add constraint "reform_plan_task_evidence_task_id_evidence_id_unique" unique ("task_id", "evidence_id");`);

    this.addSql(`create table "inspection_finding_evidence" ("id" uuid not null, "created_at" timestamptz not null default now(), "finding_id" uuid not null, "evidence_id" uuid not null, "purpose" text check ("purpose" in ('FINDING', 'REMEDIATION')) not null, constraint "inspection_finding_evidence_pkey" primary key ("id"));`);
    this.addSql(`alter table "inspection_finding_evidence" add constraint "inspection_finding_evidence_finding_id_evidence_i_cad92_unique" unique ("finding_id", "evidence_id", "purpose");`);

    this.addSql(`create table "inspection_team_member" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "plan_id" uuid not null, "user_id" uuid not null, "role" text check ("role" in ('LEAD', 'MEMBER', 'SECRETARY')) not null, "title" text null, constraint "inspection_team_member_pkey" primary key ("id"));`);
    this.addSql(`create index "inspection_team_member_user_id_index" on "inspection_team_member" ("user_id");`);
    this.addSql(`alter table "inspection_team_member" add constraint "inspection_team_member_plan_id_user_id_unique" unique ("plan_id", "user_id");`);

    this.addSql(`alter table "reform_plan" add constraint "reform_plan_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "reform_plan" add constraint "reform_plan_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "reform_plan" add constraint "reform_plan_legal_document_id_foreign" foreign key ("legal_document_id") references "legal_document" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "reform_plan_task" add constraint "reform_plan_task_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "reform_plan_task" add constraint "reform_plan_task_plan_id_foreign" foreign key ("plan_id") references "reform_plan" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reform_plan_task" add constraint "reform_plan_task_lead_id_foreign" foreign key ("lead_id") references "unit" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "inspection_finding" add constraint "inspection_finding_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "inspection_finding" add constraint "inspection_finding_target_id_foreign" foreign key ("target_id") references "inspection_target" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "inspection_finding" add constraint "inspection_finding_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "inspection_finding" add constraint "inspection_finding_repeated_from_id_foreign" foreign key ("repeated_from_id") references "inspection_finding" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "reform_plan_task_evidence" add constraint "reform_plan_task_evidence_task_id_foreign" foreign key ("task_id") references "reform_plan_task" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reform_plan_task_evidence" add constraint "reform_plan_task_evidence_evidence_id_foreign" foreign key ("evidence_id") references "evidence" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "inspection_finding_evidence" add constraint "inspection_finding_evidence_finding_id_foreign" foreign key ("finding_id") references "inspection_finding" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "inspection_finding_evidence" add constraint "inspection_finding_evidence_evidence_id_foreign" foreign key ("evidence_id") references "evidence" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "inspection_team_member" add constraint "inspection_team_member_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "inspection_team_member" add constraint "inspection_team_member_plan_id_foreign" foreign key ("plan_id") references "inspection_plan" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "inspection_team_member" add constraint "inspection_team_member_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "inspection_target" add column "visit_note" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "reform_plan_task" drop constraint "reform_plan_task_plan_id_foreign";`);

    this.addSql(`alter table "reform_plan_task_evidence" drop constraint "reform_plan_task_evidence_task_id_foreign";`);

    this.addSql(`alter table "inspection_finding" drop constraint "inspection_finding_repeated_from_id_foreign";`);

    this.addSql(`alter table "inspection_finding_evidence" drop constraint "inspection_finding_evidence_finding_id_foreign";`);

    this.addSql(`drop table if exists "reform_plan" cascade;`);

    this.addSql(`drop table if exists "reform_plan_task" cascade;`);

    this.addSql(`drop table if exists "inspection_finding" cascade;`);

    this.addSql(`drop table if exists "reform_plan_task_evidence" cascade;`);

    this.addSql(`drop table if exists "inspection_finding_evidence" cascade;`);

    this.addSql(`drop table if exists "inspection_team_member" cascade;`);

    this.addSql(`alter table "inspection_target" drop column "visit_note";`);
  }

}
