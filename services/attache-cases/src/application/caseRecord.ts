import type { CaseState, SealedText, WorkerPersonalData } from '../domain/index.ts';
import type { CaseRecord } from './caseViews.ts';
import { changeTextField, type SealedField, type WorkerSealing } from './workerSealing.ts';

const NO_WORKER: Record<keyof WorkerPersonalData, null> = {
  fullName: null,
  passportNumber: null,
  phone: null,
  dateOfBirth: null,
  whereabouts: null,
};

/**
 * A recorded case with its sealed parts opened (the worker's data, the summary, every text of a change),
 * each null when there is none or it was erased. Without `sealing` nothing is opened and every sealed part
 * reads null: the record of a reader who may not see them (the analyst's view is cut from it, caseViews.ts).
 */
export async function openCaseRecord(
  caseId: string,
  state: CaseState,
  version: number,
  sealing?: WorkerSealing,
): Promise<CaseRecord> {
  const opened = state.opened;
  if (opened === null) throw new Error(`case ${caseId} is not opened`);
  const text = (field: SealedField, sealed: SealedText | undefined) =>
    sealing ? sealing.openText(caseId, field, sealed) : Promise.resolve(null);
  const sealedWorker = opened.worker.sealed;
  const [worker, summary, timeline, repatriation, closureNote, erasureReason] = await Promise.all([
    sealedWorker === undefined || sealing === undefined
      ? undefined
      : sealing.open<WorkerPersonalData>(caseId, 'worker', sealedWorker),
    text('summary', opened.summary),
    Promise.all(
      state.timeline.map(async ({ updateId, action, by, at }) => ({
        updateId,
        action: {
          ...action,
          note: 'note' in action ? await text(changeTextField(updateId), action.note) : null,
        },
        by,
        at,
      })),
    ),
    Promise.all(
      state.repatriation.map(async ({ updateId, stage, date, safeAndDignified, reason, by, at }) => ({
        updateId,
        stage,
        date,
        safeAndDignified: safeAndDignified ?? null,
        reason: await text(changeTextField(updateId), reason),
        by,
        at,
      })),
    ),
    state.closure ? text(changeTextField(state.closure.updateId), state.closure.note) : null,
    state.erasure ? text('erasure.reason', state.erasure.reason) : null,
  ]);
  const personal = worker && !worker.erased ? { ...NO_WORKER, ...worker.value } : NO_WORKER;
  const employer = opened.employer;
  return {
    id: caseId,
    type: opened.caseType,
    country: opened.country,
    status: state.status ?? 'open',
    complaintId: opened.complaintId ?? null,
    personalData:
      state.erasure !== null || worker?.erased ? 'erased' : sealedWorker === undefined ? 'none' : 'held',
    worker: {
      ...personal,
      sex: opened.worker.sex,
      ageBand: opened.worker.ageBand ?? null,
      occupation: opened.worker.occupation ?? null,
    },
    employer: employer
      ? {
          employerId: employer.employerId ?? null,
          name: employer.name,
          country: employer.country,
          statusAtOpening: employer.statusAtOpening ?? null,
        }
      : null,
    flags: opened.flags.map((flag) => flag.kind),
    summary,
    timeline,
    inShelterSince: state.inShelterSince,
    repatriation,
    remains: state.remains,
    closure: state.closure && {
      updateId: state.closure.updateId,
      outcome: state.closure.outcome,
      note: closureNote,
      by: state.closure.by,
      at: state.closure.at,
    },
    erasure: state.erasure && { reason: erasureReason, by: state.erasure.by, at: state.erasure.at },
    openedBy: opened.openedBy,
    openedAt: opened.at,
    updatedAt: state.updatedAt ?? opened.at,
    version,
  };
}
