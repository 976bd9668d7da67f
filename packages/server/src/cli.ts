#!/usr/bin/env node
import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ApiToken,
  Area,
  AssessmentRound,
  AuditService,
  AuthService,
  deadlineInstant,
  deadlineLabel,
  importCriteriaSet,
  importPlanTasks,
  importUnitsAndAccounts,
  ingestIndicators,
  type IngestRow,
  ScorecardService,
  InspectionTarget,
  openSteps,
  outlineData,
  outlineDocx,
  overdue,
  PLAN_TASK_STATUS_TITLES,
  planShares,
  planTemplateFor,
  Province,
  rankingCsv,
  rankingDocx,
  rankingJson,
  RankingService,
  rankingXlsx,
  ReformPlan,
  ReformPlanTask,
  Role,
  RoundGroup,
  todayInVietnam,
  Unit,
  UnitGroup,
  unitImportTemplate,
  User,
  UserError,
} from '@par/core';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { startEmbeddedPostgres } from './db/embedded-postgres.js';
import { migrate, openOrm } from './db/orm.js';
import { createLogger } from './logger.js';
import { resolveSecrets } from './secrets.js';
import { createPresetRegistry, installedPresets } from './presets.js';
import { backupCommand, restoreCommand } from './backup/cli.js';
import { analysisCommand, ANALYSIS_HELP } from './analysis-cli.js';

const HELP = `Usage: pnpm par <command> [options]

Commands:
  migrate                                   apply pending database migrations
  ranking --province <code> --year <YYYY> [--group <code>] [--provisional] [--format json|csv|xlsx|docx] [--out FILE]
                                            a round's ranking (final: published results; --provisional:
                                            latest values during appraisal); JSON on stdout by default
${ANALYSIS_HELP}
  audit verify [--province <code>]          check every province's audit chain (or one); exit 1
                                            and name the first broken link when it does not check out
  user:create --province <code> --username <name> --name "<display name>" --role <ROLE>
              [--unit <unit code>] [--areas AREA,AREA] [--password-stdin] [--evidence-access]
                                            create an account; prints its password once
                                            (NATIONAL_READER: the ministry's read-only view; home
                                            province any; --evidence-access lets it download files)
  user:reset-password <username>            set a new random password, unlock, end sessions
  user:list [--province <code>]             list accounts
  token:create --username <integration user> --name "<label>" [--expires <ISO date>]
                                            issue an API token; prints the secret once
  token:revoke <token id or prefix>         revoke an API token at once
  token:list [--username <name>]            list API tokens (never the secrets)
  units:template --province <code> --out <file.xlsx>
                                            write the import template with the province's groups
  criteria:import --province <code> --file <set.yaml | set.xlsx>
                                            import a criteria set (YAML or the XLSX template) as its next version; every
                                            problem is listed with its line and nothing is written
  units:import --province <code> --file <file.xlsx>
                                            import units and accounts; every bad row is listed
                                            and nothing is written when any row is bad
  indicators:import --province <code> --file <values.json>
                                            a batch of indicator values (a JSON array shaped like
                                            recordIndicators' input, units by unitCode); all or
                                            nothing, every bad row listed; re-scores open scorecards
  plan:template --province <code> --year <YYYY> --out <file.xlsx> [--title "<plan>"]
                                            the reform plan's task table template (with the plan's
                                            tasks when --title names an existing plan)
  plan:import --province <code> --year <YYYY> --title "<plan>" --file <file.xlsx>
                                            create the plan if needed and import (replace) its task
                                            table; every bad row is listed and nothing is written
  plan:tasks --province <code> --year <YYYY> [--unit <code>] [--overdue]
                                            the year's plan tasks (of one lead unit) with status,
                                            and each lead unit's on-time share
  inspection:items --province <code> [--year <YYYY>] [--overdue]
                                            open inspection steps with their due dates, overdue first
  inspection:outline --province <code> --unit <code> --year <YYYY> --out <file.docx>
                                            the unit's report on the 1871/KH-UBND outline, prefilled
  backup --out <file.tar.gz>                database (one consistent snapshot, also of a running server)
                                            and evidence files in one archive with SHA-256 checksums
  restore --file <file.tar.gz> [--force]    verify every checksum, then restore into an empty database
                                            (--force replaces existing data); stop the server first

Roles: ${Object.values(Role).join(', ')}
Areas: ${Object.values(Area).join(', ')}
Database: DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (default .data/), shared with a running server.`;

class CliError extends Error {}

async function withDatabase<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres({ dataDir: config.dataDir, attach: true, log: (l) => logger.debug(l) });
  const orm = await openOrm(config.databaseUrl ?? embedded!.url);
  try {
    await migrate(orm);
    return await fn(orm.em.fork() as unknown as EntityManager);
  } finally {
    await orm.close(true);
    await embedded?.stop();
  }
}

function parseRole(value: string | undefined): Role {
  const role = value?.toUpperCase() as Role | undefined;
  if (!role || !Object.values(Role).includes(role))
    throw new CliError(`--role must be one of ${Object.values(Role).join(', ')}`);
  return role;
}

function parseAreas(value: string | undefined): Area[] {
  if (!value) return [];
  return value.split(',').map((a) => {
    const area = a.trim().toUpperCase() as Area;
    if (!Object.values(Area).includes(area)) throw new CliError(`unknown area "${a}"; one of ${Object.values(Area).join(', ')}`);
    return area;
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const need = (v: string | undefined, flag: string) => {
  if (!v) throw new CliError(`missing ${flag}`);
  return v;
};

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const {
    values: { change, indicator, ...values },
    positionals,
  } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      province: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      areas: { type: 'string' },
      expires: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'evidence-access': { type: 'boolean' },
      file: { type: 'string' },
      out: { type: 'string' },
      year: { type: 'string' },
      group: { type: 'string' },
      format: { type: 'string' },
      provisional: { type: 'boolean' },
      title: { type: 'string' },
      overdue: { type: 'boolean' },
      force: { type: 'boolean' },
      preset: { type: 'string' },
      criteria: { type: 'string' },
      basis: { type: 'string' },
      bands: { type: 'string' },
      'area-max': { type: 'string' },
      'disable-rule': { type: 'string' },
      change: { type: 'string', multiple: true },
      indicator: { type: 'string', multiple: true },
      units: { type: 'string' },
    },
  });
  const auth = new AuthService();
  switch (command) {
    case 'migrate': {
      const config = loadConfig();
      const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, attach: true });
      const orm = await openOrm(config.databaseUrl ?? embedded!.url);
      try {
        const applied = await migrate(orm);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await orm.close(true);
        await embedded?.stop();
      }
      return;
    }
    case 'user:create': {
      const password = values['password-stdin'] ? await readStdin() : undefined;
      await withDatabase(async (em) => {
        const { user, password: pw } = await auth.createUser(em, {
          provinceCode: need(values.province, '--province'),
          username: need(values.username, '--username'),
          displayName: need(values.name, '--name'),
          role: parseRole(values.role),
          unitCode: values.unit ?? null,
          areas: parseAreas(values.areas),
          password,
          evidenceAccess: !!values['evidence-access'],
        });
        console.log(`created ${user.username} (${user.role}) id=${user.id}`);
        if (pw && !password) console.log(`password (shown once): ${pw}`);
      });
      return;
    }
    case 'ranking': {
      const format = (values.format ?? 'json').toLowerCase();
      if (!['json', 'csv', 'xlsx', 'docx'].includes(format)) throw new CliError('--format must be json, csv, xlsx or docx');
      const year = Number(need(values.year, '--year'));
      if (!Number.isInteger(year)) throw new CliError('--year must be a year, e.g. 2025');
      const presets = installedPresets();
      await withDatabase(async (em) => {
        const province = await em.findOne(Province, { code: need(values.province, '--province') });
        if (!province) throw new CliError(`no province ${values.province}`);
        const round = await em.findOne(AssessmentRound, { province, year });
        if (!round) throw new CliError(`no round ${year} in ${province.code}`);
        const preset = presets.find((p) => p.id === round.presetId);
        if (!preset) throw new CliError(`preset ${round.presetId} is not installed`);
        const roundGroups = await em.find(RoundGroup, { round }, { populate: ['group'] });
        const groups: UnitGroup[] = roundGroups.map((g) => g.group).filter((g) => !values.group || g.code === values.group);
        if (!groups.length) throw new CliError(values.group ? `round ${year} has no group ${values.group}` : 'the round has no groups');
        if (format !== 'json' && groups.length > 1) throw new CliError(`choose one group with --group (${groups.map((g) => g.code).join(', ')})`);
        const service = new RankingService();
        const results = [];
        for (const group of groups) {
          const meta = { province: province.name, year, group: group.code, groupName: group.name };
          let r;
          try {
            r = await service.ranking(em, preset, round, group, !!values.provisional);
          } catch (e) {
            if (e instanceof UserError && !values.group && format === 'json') continue; // an unpublished group in an all-groups listing
            throw e;
          }
          if (format === 'json') results.push(rankingJson(r, meta));
          else {
            const data = format === 'xlsx' ? await rankingXlsx(r, meta) : format === 'docx' ? await rankingDocx(r, meta) : await rankingCsv(r, meta);
            const out = values.out ?? `xep-hang-${province.code}-${year}-${group.code}.${format}`;
            await writeFile(out, data);
            console.log(`wrote ${out}`);
          }
        }
        if (format === 'json') {
          const json = JSON.stringify(values.group ? results[0] : results, null, 2);
          if (values.out) await writeFile(values.out, json + '\n');
          else process.stdout.write(json + '\n');
        }
      });
      return;
    }
    case 'audit':
      if (positionals[0] !== 'verify') throw new CliError('usage: pnpm par audit verify [--province <code>]');
    // falls through
    case 'audit:verify': {
      const config = loadConfig();
      const { auditKey } = await resolveSecrets(config);
      const audit = new AuditService(auditKey);
      let broken = false;
      await withDatabase(async (em) => {
        const provinces = await em.find(Province, values.province ? { code: values.province } : {}, { orderBy: { code: 'asc' } });
        if (!provinces.length) throw new CliError(values.province ? `no province ${values.province}` : 'no provinces');
        for (const p of provinces) {
          const b = await audit.verify(em, p.id);
          if (b) {
            broken = true;
            console.log(`${p.code}: BROKEN at #${b.seq} (${b.problem}): ${b.message}`);
          } else console.log(`${p.code}: ok`);
        }
      });
      if (broken) process.exit(1);
      return;
    }
    case 'user:reset-password': {
      const username = need(positionals[0] ?? values.username, '<username>').toLowerCase();
      await withDatabase(async (em) => {
        const user = await em.findOne(User, { username });
        if (!user) throw new CliError(`no account named ${username}`);
        const pw = await auth.resetPassword(em, user);
        console.log(`new password for ${username} (shown once): ${pw}`);
      });
      return;
    }
    case 'user:list': {
      await withDatabase(async (em) => {
        const users = await em.find(
          User,
          values.province ? { province: { code: values.province } } : {},
          { populate: ['province'], orderBy: { username: 'asc' } },
        );
        for (const u of users)
          console.log(`${u.username.padEnd(24)} ${u.role.padEnd(15)} ${u.province.code.padEnd(12)} ${u.displayName}`);
        if (!users.length) console.log('no accounts');
      });
      return;
    }
    case 'token:create': {
      await withDatabase(async (em) => {
        const username = need(values.username, '--username').toLowerCase();
        const user = await em.findOne(User, { username });
        if (!user) throw new CliError(`no account named ${username}`);
        let expires: Date | null = null;
        if (values.expires) {
          expires = new Date(values.expires);
          if (Number.isNaN(expires.getTime())) throw new CliError('--expires must be an ISO date, e.g. 2027-12-31');
        }
        const { token, apiToken } = await auth.createApiToken(em, user, need(values.name, '--name'), expires);
        console.log(`token id=${apiToken.id} for ${username}`);
        console.log(`secret (shown once): ${token}`);
      });
      return;
    }
    case 'token:revoke': {
      const key = need(positionals[0], '<token id or prefix>');
      await withDatabase(async (em) => {
        const where = /^[0-9a-f-]{36}$/i.test(key) ? { id: key } : { prefix: key };
        const tokens = await em.find(ApiToken, where);
        if (tokens.length !== 1) throw new CliError(tokens.length ? `prefix ${key} matches ${tokens.length} tokens; use the id` : `no token ${key}`);
        await auth.revokeApiToken(em, tokens[0]!);
        console.log(`revoked ${tokens[0]!.id} (${tokens[0]!.name})`);
      });
      return;
    }
    case 'token:list': {
      await withDatabase(async (em) => {
        const tokens = await em.find(
          ApiToken,
          values.username ? { user: { username: values.username.toLowerCase() } } : {},
          { populate: ['user'], orderBy: { createdAt: 'asc' } },
        );
        for (const t of tokens)
          console.log(
            `${t.id}  ${t.prefix}…  ${t.user.username.padEnd(20)} ${t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt < new Date() ? 'expired' : 'active '}  ${t.name}`,
          );
        if (!tokens.length) console.log('no tokens');
      });
      return;
    }
    case 'units:template': {
      await withDatabase(async (em) => {
        const province = await em.findOne(Province, { code: need(values.province, '--province') });
        if (!province) throw new CliError(`no province ${values.province}`);
        const out = need(values.out, '--out');
        await writeFile(out, await unitImportTemplate(em, province.id));
        console.log(`wrote ${out}`);
      });
      return;
    }
    case 'criteria:import': {
      const file = need(values.file, '--file');
      const text = /\.xlsx$/i.test(file) ? await readFile(file) : await readFile(file, 'utf8');
      await withDatabase(async (em) => {
        const province = await em.findOne(Province, { code: need(values.province, '--province') });
        if (!province) throw new CliError(`no province ${values.province}`);
        try {
          const set = await importCriteriaSet(em, province.id, text);
          console.log(`imported ${set.title}: use it in a round as set:${set.code}@${set.version}`);
        } catch (e) {
          const problems = (e as UserError).extensions?.problems as { line: number | null; path: string; message: string }[] | undefined;
          if (problems) for (const p of problems) console.error(`  dòng ${p.line ?? '?'}${p.path ? ` (${p.path})` : ''}: ${p.message}`);
          throw e;
        }
      });
      return;
    }
    case 'units:import': {
      const data = await readFile(need(values.file, '--file'));
      await withDatabase(async (em) => {
        const province = await em.findOne(Province, { code: need(values.province, '--province') });
        if (!province) throw new CliError(`no province ${values.province}`);
        try {
          const r = await importUnitsAndAccounts(em, province.id, data);
          console.log(`units created: ${r.unitsCreated}, updated: ${r.unitsUpdated}, accounts created: ${r.accounts.length}`);
          for (const a of r.accounts) console.log(`  ${a.username.padEnd(24)} ${a.role.padEnd(15)} ${a.initialPassword ?? '(token only)'}`);
        } catch (e) {
          printProblems(e);
          throw e;
        }
      });
      return;
    }
    case 'indicators:import': {
      const raw = JSON.parse(await readFile(need(values.file, '--file'), 'utf8')) as unknown;
      const rows = (Array.isArray(raw) ? raw : (raw as { values?: unknown }).values) as IngestRow[] | undefined;
      if (!Array.isArray(rows)) throw new CliError('--file must hold a JSON array of values (or { "values": [...] }), as in the recordIndicators mutation');
      const config = loadConfig();
      const { auditKey } = await resolveSecrets(config);
      const audit = new AuditService(auditKey);
      const presets = createPresetRegistry();
      await withDatabase(async (em) => {
        const province = await em.findOne(Province, { code: need(values.province, '--province') });
        if (!province) throw new CliError(`no province ${values.province}`);
        const now = () => new Date();
        const scorecards = new ScorecardService({ audit, presets, now });
        try {
          const r = await ingestIndicators(em, { audit, now, scorecards }, { userId: null, provinceId: province.id }, rows.map((x) => ({ ...x, observedAt: new Date(x.observedAt as unknown as string) })));
          console.log(`created: ${r.created.length}, unchanged: ${r.unchanged.length}, scorecards re-scored: ${r.rescored}`);
        } catch (e) {
          const problems = (e as UserError).extensions?.problems as { row: number; field: string; message: string }[] | undefined;
          if (problems) for (const p of problems) console.error(`  dòng ${p.row}, ${p.field}: ${p.message}`);
          throw e;
        }
      });
      return;
    }
    case 'plan:template':
    case 'plan:import':
    case 'plan:tasks':
    case 'inspection:items':
    case 'inspection:outline':
      await planCommand(command, values);
      return;
    case 'rescore':
    case 'whatif':
    case 'compare':
    case 'history':
    case 'national':
      await withDatabase((em) => analysisCommand(em, command, { ...values, change, indicator }));
      return;
    case 'backup':
      await backupCommand(values);
      return;
    case 'restore':
      await restoreCommand(values);
      return;
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      return;
    default:
      throw new CliError(`unknown command "${command}"\n\n${HELP}`);
  }
}

type Values = Record<string, string | boolean | undefined>;
const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

/** Annual plans and inspections from the command line (same services as GraphQL). */
async function planCommand(command: string, values: Values) {
  const year = Number(need(str(values.year) ?? (command === 'inspection:items' ? String(new Date().getFullYear()) : undefined), '--year'));
  if (!Number.isInteger(year)) throw new CliError('--year must be a year, e.g. 2025');
  const config = loadConfig();
  const { auditKey } = command === 'plan:import' ? await resolveSecrets(config) : { auditKey: '' };
  await withDatabase(async (em) => {
    const province = await em.findOne(Province, { code: need(str(values.province), '--province') });
    if (!province) throw new CliError(`no province ${values.province}`);
    const unitByCode = async (code: string) => {
      const unit = await em.findOne(Unit, { province, code });
      if (!unit) throw new CliError(`no unit ${code} in ${province.code}`);
      return unit;
    };
    switch (command) {
      case 'plan:template': {
        const plan = str(values.title) ? await em.findOne(ReformPlan, { province, year, title: str(values.title)! }) : null;
        if (str(values.title) && !plan) throw new CliError(`no plan "${values.title}" ${year} in ${province.code}`);
        await writeFile(need(str(values.out), '--out'), await planTemplateFor(em, province.id, year, plan));
        const n = plan ? await em.count(ReformPlanTask, { plan }) : 0;
        console.log(`wrote ${values.out} (${n} tasks)`);
        return;
      }
      case 'plan:import': {
        const data = await readFile(need(str(values.file), '--file'));
        const title = need(str(values.title), '--title').trim();
        const plan = (await em.findOne(ReformPlan, { province, year, title })) ?? em.create(ReformPlan, { province, year, title });
        await em.flush();
        try {
          const r = await importPlanTasks(em, { audit: new AuditService(auditKey), now: () => new Date() }, null, plan, data);
          console.log(`plan "${title}" ${year}: ${r.tasksCreated} tasks imported`);
        } catch (e) {
          printProblems(e);
          throw e;
        }
        return;
      }
      case 'plan:tasks': {
        const lead = str(values.unit) ? await unitByCode(str(values.unit)!) : null;
        const today = todayInVietnam();
        const tasks = (await em.find(ReformPlanTask, { province, plan: { year }, ...(lead ? { lead } : {}) }, { populate: ['lead'], orderBy: { plan: { title: 'asc' }, position: 'asc' } })).filter(
          (t) => !values.overdue || overdue(t, today),
        );
        for (const t of tasks)
          console.log(
            `${t.area.padEnd(18)} ${deadlineLabel({ kind: t.deadlineKind, dueOn: t.dueOn ?? null, text: t.deadlineText }).slice(0, 16).padEnd(16)} ${PLAN_TASK_STATUS_TITLES[t.status].padEnd(15)} ${overdue(t, today) ? 'QUÁ HẠN ' : ''}${t.lead.name}: ${t.title}`,
          );
        const shares = await planShares(em, [...new Set(tasks.map((t) => t.lead.id))], year);
        for (const [id, s] of shares) console.log(`  ${tasks.find((t) => t.lead.id === id)!.lead.name}: ${s.onTime}/${s.total} nhiệm vụ có thời hạn hoàn thành đúng hạn`);
        return;
      }
      case 'inspection:items': {
        const now = new Date();
        const targets = await em.find(InspectionTarget, { province, plan: { year } }, { populate: ['unit', 'plan'] });
        const items = targets
          .flatMap((t) => openSteps(t).map((s) => ({ unit: t.unit.name, plan: t.plan.title, ...s, overdue: now > deadlineInstant(s.dueOn) })))
          .filter((i) => !values.overdue || i.overdue)
          .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn));
        for (const i of items) console.log(`${i.dueOn} ${i.overdue ? 'QUÁ HẠN' : '       '} ${i.step.padEnd(11)} ${i.unit} (${i.plan})`);
        if (!items.length) console.log('no open items');
        return;
      }
      case 'inspection:outline': {
        const unit = await unitByCode(need(str(values.unit), '--unit'));
        const out = need(str(values.out), '--out');
        await writeFile(out, await outlineDocx(await outlineData(em, unit.id, year, new Date())));
        console.log(`wrote ${out}`);
        return;
      }
    }
  });
}

function printProblems(e: unknown) {
  const problems = (e as UserError).extensions?.problems as { sheet: string; row: number; column: string; message: string }[] | undefined;
  if (problems) for (const p of problems) console.error(`  ${p.sheet} dòng ${p.row}${p.column ? `, cột "${p.column}"` : ''}: ${p.message}`);
}

try {
  await main(process.argv.slice(2));
  process.exit(0);
} catch (e) {
  if (e instanceof CliError || e instanceof UserError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`error: ${(e as Error).message}`);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
}
