import { Migration } from '@mikro-orm/migrations';

export class Migration20261122011813_Appraisal extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "explanation_request" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "scorecard_id" uuid not null, "code" text not null, "message" text not null, "due_on" date not null, "requested_by" uuid not null, "answer" text null, "answered_at" timestamptz null, "answered_by" uuid null, constraint "explanation_request_pkey" primary key ("id"));`);
    this.addSql(`create index "explanation_request_scorecard_id_index" on "explanation_request" ("scorecard_id");`);

    this.addSql(`create table "publication" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "round_id" uuid not null, "group_id" uuid not null, "version" int not null, "legal_document_id" uuid not null, "published_at" timestamptz not null, "published_by" uuid not null, "results" jsonb not null, "digest" text not null, constraint "publication_pkey" primary key ("id"));`);
    this.addSql(`alter table "publication" add constraint "publication_round_id_group_id_version_unique" unique ("round_id", "group_id", "version");`);

    this.addSql(`create table "council_decision" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "round_id" uuid not null, "group_id" uuid not null, "appointed" int not null, "approvals" int not null, "decided_at" timestamptz not null, "recorded_by" uuid not null, constraint "council_decision_pkey" primary key ("id"));`);
    this.addSql(`alter table "council_decision" add constraint "council_decision_round_id_group_id_unique" unique ("round_id", "group_id");`);

    this.addSql(`create table "reviewer_assignment" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "round_id" uuid not null, "reviewer_id" uuid not null, "area" text null, "unit_id" uuid null, constraint "reviewer_assignment_pkey" primary key ("id"));`);
    this.addSql(`create index "reviewer_assignment_round_id_reviewer_id_index" on "reviewer_assignment" ("round_id", "reviewer_id");`);

    this.addSql(`create table "council_vote" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "round_id" uuid not null, "group_id" uuid not null, "member_id" uuid not null, "vote" text check ("vote" in ('APPROVE', 'REJECT', 'ABSTAIN')) not null, "at" timestamptz not null, constraint "council_vote_pkey" primary key ("id"));`);
    this.addSql(`alter table "council_vote" add constraint "council_vote_round_id_group_id_member_id_unique" unique ("round_id", "group_id", "member_id");`);

    this.addSql(`create table "council_member" ("id" uuid not null, "created_at" timestamptz not null default now(), "province_id" uuid not null, "round_id" uuid not null, "member_id" uuid not null, constraint "council_member_pkey" primary key ("id"));`);
    this.addSql(`alter table "council_member" add constraint "council_member_round_id_member_id_unique" unique ("round_id", "member_id");`);

    this.addSql(`alter table "explanation_request" add constraint "explanation_request_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "explanation_request" add constraint "explanation_request_scorecard_id_foreign" foreign key ("scorecard_id") references "scorecard" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "publication" add constraint "publication_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "publication" add constraint "publication_round_id_foreign" foreign key ("round_id") references "assessment_round" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "publication" add constraint "publication_group_id_foreign" foreign key ("group_id") references "unit_group" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "publication" add constraint "publication_legal_document_id_foreign" foreign key ("legal_document_id") references "legal_document" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "council_decision" add constraint "council_decision_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "council_decision" add constraint "council_decision_round_id_foreign" foreign key ("round_id") references "assessment_round" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "council_decision" add constraint "council_decision_group_id_foreign" foreign key ("group_id") references "unit_group" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "reviewer_assignment" add constraint "reviewer_assignment_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "reviewer_assignment" add constraint "reviewer_assignment_round_id_foreign" foreign key ("round_id") references "assessment_round" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reviewer_assignment" add constraint "reviewer_assignment_reviewer_id_foreign" foreign key ("reviewer_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reviewer_assignment" add constraint "reviewer_assignment_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "council_vote" add constraint "council_vote_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "council_vote" add constraint "council_vote_round_id_foreign" foreign key ("round_id") references "assessment_round" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "council_vote" add constraint "council_vote_group_id_foreign" foreign key ("group_id") references "unit_group" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "council_vote" add constraint "council_vote_member_id_foreign" foreign key ("member_id") references "app_user" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "council_member" add constraint "council_member_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "council_member" add constraint "council_member_round_id_foreign" foreign key ("round_id") references "assessment_round" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "council_member" add constraint "council_member_member_id_foreign" foreign key ("member_id") references "app_user" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "scorecard" drop constraint if exists "scorecard_status_check";`);

    this.addSql(`alter table "scorecard" add constraint "scorecard_status_check" check("status" in ('DRAFT', 'SUBMITTED', 'RETURNED', 'IN_APPRAISAL', 'EXPLANATION_REQUESTED', 'EXPLANATION_SUBMITTED', 'FINAL_APPRAISAL', 'COUNCIL_APPROVED', 'PUBLISHED'));`);
    // Published results are immutable: no update or delete, whoever connects.
    this.addSql(`create or replace function par_publication_immutable() returns trigger language plpgsql as $$ begin raise exception 'publication % is immutable (published results never change; publish a new version)', old.id; end $$;`);
    this.addSql(`create trigger publication_immutable before update or delete on "publication" for each row execute function par_publication_immutable();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists publication_immutable on "publication";`);
    this.addSql(`drop function if exists par_publication_immutable();`);
    this.addSql(`drop table if exists "explanation_request" cascade;`);

    this.addSql(`drop table if exists "publication" cascade;`);

    this.addSql(`drop table if exists "council_decision" cascade;`);

    this.addSql(`drop table if exists "reviewer_assignment" cascade;`);

    this.addSql(`drop table if exists "council_vote" cascade;`);

    this.addSql(`drop table if exists "council_member" cascade;`);

    this.addSql(`alter table "scorecard" drop constraint if exists "scorecard_status_check";`);

    this.addSql(`alter table "scorecard" add constraint "scorecard_status_check" check("status" in ('DRAFT', 'SUBMITTED', 'RETURNED'));`);
  }

}
