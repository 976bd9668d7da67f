import 'reflect-metadata';
import { ApiToken } from './auth/api-token.entity.js';
import { AuthResolver, UserFieldsResolver } from './auth/auth.resolver.js';
import { Session } from './auth/session.entity.js';
import { User } from './auth/user.entity.js';
import { UserAdminResolver } from './auth/user.resolver.js';
import { AuditEvent, AuditHead } from './audit/audit.entity.js';
import { RankingResolver } from './ranking/ranking.resolver.js';
import { AnalysisResolver, GroupComparisonFields, NationalComparisonFields, ScenarioResultFields, UnitHistoryFields } from './analysis/analysis.resolver.js';
import { InspectionFinding, InspectionFindingEvidence, InspectionPlan, InspectionTarget, InspectionTeamMember } from './inspection/inspection.entity.js';
import { InspectionResolver, InspectionTargetFields } from './inspection/inspection.resolver.js';
import { InspectionFindingResolver, ScorecardFindingFields } from './inspection/finding.resolver.js';
import { ReformPlan, ReformPlanTask, ReformPlanTaskEvidence } from './plan/plan.entity.js';
import { PlanCompletionFields, ReformPlanResolver, ReformPlanTaskFields } from './plan/plan.resolver.js';
import { Webhook, WebhookDelivery } from './webhook/webhook.entity.js';
import { WebhookResolver } from './webhook/webhook.resolver.js';
import { BreakdownResolver } from './ranking/breakdown.resolver.js';
import { CouncilDecision, CouncilMember, CouncilVote, ExplanationRequest, Publication, ReviewerAssignment } from './scorecard/appraisal.entity.js';
import { AppraisalResolver, PublicationFields, RoundPublicationFields, ScorecardAppraisalFields, ScorecardReportResolver } from './scorecard/appraisal.resolver.js';
import { CalendarOverride } from './calendar/calendar-override.entity.js';
import { AppMeta } from './common/meta.entity.js';
import { Evidence, EvidenceFile, EvidenceLink } from './scorecard/evidence.entity.js';
import { PhaseExtension, RoundPhase } from './scorecard/phase.entity.js';
import { Scorecard, ScorecardArea, ScorecardEntry, ScorecardResult } from './scorecard/scorecard.entity.js';
import {
  CalendarResolver,
  EvidenceFileResolver,
  EvidenceResolver,
  RoundPhaseResolver,
  ScorecardEntryResolver,
  ScorecardResolver,
} from './scorecard/scorecard.resolver.js';
import { CriteriaSet, CriterionSnapshot } from './criteria/criteria.entity.js';
import { CriteriaResolver, CriteriaSetResolver } from './criteria/criteria.resolver.js';
import { NodeResolver } from './common/node.resolver.js';
import { HealthResolver } from './health/health.resolver.js';
import { IndicatorValue } from './indicator/indicator-value.entity.js';
import { IndicatorResolver } from './indicator/indicator.resolver.js';
import { ImportResolver } from './import/import.resolver.js';
import { LegalDocument } from './legal/legal-document.entity.js';
import { LegalDocumentResolver } from './legal/legal-document.resolver.js';
import { Province } from './province/province.entity.js';
import { ProvinceResolver } from './province/province.resolver.js';
import { AssessmentRound, RoundGroup } from './round/assessment-round.entity.js';
import { AssessmentRoundResolver, RoundGroupResolver } from './round/assessment-round.resolver.js';
import { LineageEvent, LineageLink } from './unit/lineage.entity.js';
import { UnitGroup } from './unit/unit-group.entity.js';
import { Unit } from './unit/unit.entity.js';
import { LineageEventResolver, UnitGroupResolver, UnitResolver } from './unit/unit.resolver.js';

/** Every entity, listed explicitly (no folder globs: src under vitest and dist under node must agree). */
export const entities = [
  AppMeta,
  Province,
  UnitGroup,
  Unit,
  LegalDocument,
  LineageEvent,
  LineageLink,
  AssessmentRound,
  RoundGroup,
  CriteriaSet,
  CriterionSnapshot,
  IndicatorValue,
  User,
  Session,
  ApiToken,
  AuditEvent,
  AuditHead,
  CalendarOverride,
  RoundPhase,
  PhaseExtension,
  Scorecard,
  ScorecardEntry,
  ScorecardResult,
  ScorecardArea,
  EvidenceFile,
  Evidence,
  EvidenceLink,
  ReviewerAssignment,
  ExplanationRequest,
  CouncilMember,
  CouncilVote,
  CouncilDecision,
  Publication,
  InspectionPlan,
  InspectionTarget,
  InspectionTeamMember,
  InspectionFinding,
  InspectionFindingEvidence,
  ReformPlan,
  ReformPlanTask,
  ReformPlanTaskEvidence,
  Webhook,
  WebhookDelivery,
] as const;

/** Every resolver, listed explicitly. */
export const resolvers = [
  HealthResolver,
  NodeResolver,
  AuthResolver,
  UserFieldsResolver,
  UserAdminResolver,
  ProvinceResolver,
  UnitResolver,
  UnitGroupResolver,
  LineageEventResolver,
  LegalDocumentResolver,
  AssessmentRoundResolver,
  RoundGroupResolver,
  IndicatorResolver,
  ImportResolver,
  CriteriaResolver,
  CriteriaSetResolver,
  ScorecardResolver,
  ScorecardEntryResolver,
  EvidenceResolver,
  EvidenceFileResolver,
  RoundPhaseResolver,
  CalendarResolver,
  AppraisalResolver,
  ScorecardAppraisalFields,
  RoundPublicationFields,
  PublicationFields,
  ScorecardReportResolver,
  RankingResolver,
  BreakdownResolver,
  AnalysisResolver,
  ScenarioResultFields,
  UnitHistoryFields,
  GroupComparisonFields,
  NationalComparisonFields,
  InspectionResolver,
  InspectionTargetFields,
  InspectionFindingResolver,
  ScorecardFindingFields,
  ReformPlanResolver,
  ReformPlanTaskFields,
  PlanCompletionFields,
  WebhookResolver,
] as const;

export * from './audit/audit.service.js';
export { AuditEvent, AuditHead };
export * from './calendar/holidays.js';
export * from './calendar/working-days.js';
export { CalendarOverride, calendarFor } from './calendar/calendar-override.entity.js';
export { Evidence, EvidenceFile, EvidenceLink };
export { Phase, PHASE_ORDER, PHASE_TITLES, PhaseExtension, RoundPhase } from './scorecard/phase.entity.js';
export { createPhases } from './scorecard/phase.service.js';
export { Scorecard, ScorecardArea, ScorecardEntry, ScorecardResult, ScorecardStatus, Stage } from './scorecard/scorecard.entity.js';
export { ScorecardService, entryProblem, type SaveEntrySpec } from './scorecard/scorecard.service.js';
export { AppraisalService } from './scorecard/appraisal.service.js';
export { CouncilDecision, CouncilMember, CouncilVote, ExplanationRequest, Publication, ReviewerAssignment, Vote } from './scorecard/appraisal.entity.js';
export * from './auth/access.js';
export * from './auth/auth.service.js';
export * from './auth/password.js';
export * from './auth/role.js';
export * from './auth/scope.js';
export * from './auth/token.js';
export * from './auth/viewer.js';
export { ApiToken, Session, User };
export * from './common/connection.js';
export * from './common/context.js';
export * from './common/dates.js';
export * from './common/decimal.js';
export * from './common/errors.js';
export * from './common/global-id.js';
export * from './common/loaders.js';
export { AppMeta };
export * from './criteria/area.js';
export * from './criteria/contract.js';
export * from './criteria/engine.js';
export * from './criteria/formula.js';
export * from './criteria/preset.js';
export * from './criteria/criteria-file.js';
export * from './criteria/criteria-xlsx.js';
export * from './criteria/criteria.service.js';
export { CriteriaSet, CriterionSnapshot, type CriteriaSetDefinition } from './criteria/criteria.entity.js';
export { PLATFORM_VERSION } from './health/health.resolver.js';
export * from './import/unit-import.js';
export * from './indicator/indicator-code.js';
export { IndicatorValue };
export { checkIndicator, indicatorsForUnits, ingestIndicators, INGEST_MAX_ROWS, recordIndicatorValue, type IndicatorSpec, type IngestProblem, type IngestResult, type IngestRow } from './indicator/indicator.service.js';
export { createLegalDocument } from './legal/legal-document.resolver.js';
export { LegalDocument };
export { Province };
export * from './ranking/band.js';
export {
  FindingKind,
  InspectionFinding,
  InspectionKind,
  InspectionMode,
  InspectionPlan,
  InspectionTarget,
  InspectionTeamMember,
  InspectorRole,
  RemediationStatus,
} from './inspection/inspection.entity.js';
export { findRepeatOf, openSteps, targetDeadlines, topicKey } from './inspection/inspection.service.js';
export * from './inspection/outline.js';
export { outlineData } from './inspection/outline-data.js';
export * from './plan/plan-deadline.js';
export * from './plan/plan-xlsx.js';
export * from './plan/plan-share.js';
export { PLAN_TASK_STATUS_TITLES, PlanTaskStatus, ReformPlan, ReformPlanTask, ReformPlanTaskEvidence } from './plan/plan.entity.js';
export { importPlanTasks, onTime, overdue, planTemplateFor, updateTaskStatus } from './plan/plan.service.js';
export * from './common/text.js';
export { DeliveryStatus, Webhook, WebhookDelivery } from './webhook/webhook.entity.js';
export * from './webhook/webhook.service.js';
export { RankingService, rankRows, type Ranking, type RankingRow } from './ranking/ranking.service.js';
export * from './ranking/ranking-export.js';
export * from './analysis/scenario.service.js';
export * from './analysis/comparison.service.js';
export * from './analysis/analysis-export.js';
export { ExportFormat } from './ranking/ranking.resolver.js';
export { AssessmentRound, RoundGroup };
export * from './unit/history.js';
export { LineageEvent, LineageKind, LineageLink, LineageRole } from './unit/lineage.entity.js';
export * from './unit/unit-kind.js';
export { UnitService, type LineageSpec, type UnitSpec } from './unit/unit.service.js';
export { Unit, UnitGroup };
