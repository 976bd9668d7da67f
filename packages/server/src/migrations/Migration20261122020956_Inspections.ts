import { Migration } from '@mikro-orm/migrations';

export class Migration20261122020956_Inspections extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "inspection_plan" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "year" int not null, "title" text not null, "legal_document_id" uuid null, "kind" text check ("kind" in ('COMPREHENSIVE', 'THEMATIC')) not null, "theme" text null, "period_from" date not null, "period_to" date not null, "self_report_due_on" date null, "notice_days" int not null, "report_days" int not null, "conclusion_days" int not null, "remediation_days" int not null, constraint "inspection_plan_pkey" primary key ("id"));`);
    this.addSql(`create index "inspection_plan_province_id_index" on "inspection_plan" ("province_id");`);
    this.addSql(`alter table "inspection_plan" add constraint "inspection_plan_province_id_year_title_unique" unique ("province_id", "year", "title");`);

    this.addSql(`create table "inspection_target" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "plan_id" uuid not null, "unit_id" uuid not null, "mode" text check ("mode" in ('DIRECT', 'SELF')) not null, "visit_on" date null, "notice_due_on" date null, "report_due_on" date null, "conclusion_due_on" date null, "remediation_due_on" date null, "notice_sent_at" timestamptz null, "report_received_at" timestamptz null, "concluded_at" timestamptz null, "remediation_received_at" timestamptz null, constraint "inspection_target_pkey" primary key ("id"));`);
    this.addSql(`create index "inspection_target_unit_id_index" on "inspection_target" ("unit_id");`);
    this.addSql(`alter table "inspection_target" add constraint "inspection_target_plan_id_unit_id_unique" unique ("plan_id", "unit_id");`);

    this.addSql(`alter table "inspection_plan" add constraint "inspection_plan_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "inspection_plan" add constraint "inspection_plan_legal_document_id_foreign" foreign key ("legal_document_id") references "legal_document" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "inspection_target" add constraint "inspection_target_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "inspection_target" add constraint "inspection_target_plan_id_foreign" foreign key ("plan_id") references "inspection_plan" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "inspection_target" add constraint "inspection_target_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "inspection_target" drop constraint "inspection_target_plan_id_foreign";`);

    this.addSql(`drop table if exists "inspection_plan" cascade;`);

    this.addSql(`drop table if exists "inspection_target" cascade;`);
  }

}
