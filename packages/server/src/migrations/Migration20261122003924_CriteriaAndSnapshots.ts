import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003924_CriteriaAndSnapshots extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "criteria_set" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "code" text not null, "version" int not null, "title" text not null, "format" text not null, "definition" jsonb not null, "source" text not null, constraint "criteria_set_pkey" primary key ("id"));`);
    this.addSql(`create index "criteria_set_province_id_index" on "criteria_set" ("province_id");`);
    this.addSql(`alter table "criteria_set" add constraint "criteria_set_province_id_code_version_unique" unique ("province_id", "code", "version");`);

    this.addSql(`create table "criterion_snapshot" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "round_id" uuid not null, "group_id" uuid not null, "area" text not null, "code" text not null, "parent_code" text null, "position" int not null, "depth" int not null, "title" text not null, "max" numeric(10,4) not null, "method" jsonb null, "evidence" jsonb null, "guidance" text null, "applies_to" text[] null, "not_applicable" text null, "source_id" text not null, "source_version" text not null, constraint "criterion_snapshot_pkey" primary key ("id"));`);
    this.addSql(`create index "criterion_snapshot_round_id_group_id_position_index" on "criterion_snapshot" ("round_id", "group_id", "position");`);
    this.addSql(`alter table "criterion_snapshot" add constraint "criterion_snapshot_round_id_group_id_code_unique" unique ("round_id", "group_id", "code");`);

    this.addSql(`alter table "criteria_set" add constraint "criteria_set_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "criterion_snapshot" add constraint "criterion_snapshot_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "criterion_snapshot" add constraint "criterion_snapshot_round_id_foreign" foreign key ("round_id") references "assessment_round" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "criterion_snapshot" add constraint "criterion_snapshot_group_id_foreign" foreign key ("group_id") references "unit_group" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "assessment_round" add column "preset_id" text not null default 'national';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "criteria_set" cascade;`);

    this.addSql(`drop table if exists "criterion_snapshot" cascade;`);

    this.addSql(`alter table "assessment_round" drop column "preset_id";`);
  }

}
