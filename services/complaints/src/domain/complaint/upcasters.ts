import type { Upcasters } from '@kazi/core';
import { ComplaintEventType as E } from './events.ts';

/**
 * v1 events stored their free text in the clear; their v2 successors seal it. Reading the log, a v1 event
 * becomes its v2 with each such text tagged `{ clear }`, so one evolve handles both and a reader can tell
 * clear text from sealed (and drop it once the complainant's data is erased).
 */
type Data = Record<string, unknown>;

const v1 = (event: string) => `ke.nea.complaints.${event}.v1`;

/** `{ clear: text }` for a text, nothing for anything else (absent or not a string). */
const clear = (text: unknown) => (typeof text === 'string' ? { clear: text } : undefined);

/** `data` with `field` tagged clear, or without it when it held no text. */
function tagged(data: Data, field: string): Data {
  const { [field]: text, ...rest } = data;
  const value = clear(text);
  return value ? { ...rest, [field]: value } : rest;
}

function lodgedV1toV2(data: Data): Data {
  const location = (data.location ?? {}) as Data;
  const employer = data.employer as Data | undefined;
  return {
    ...data,
    location: tagged(location, 'city'),
    ...(employer ? { employer: { ...employer, name: clear(employer.name) ?? { clear: '' } } } : {}),
  };
}

function resolvedV1toV2(data: Data): Data {
  const remedy = data.remedy as Data | undefined;
  return remedy ? { ...data, remedy: tagged(remedy, 'description') } : data;
}

const textIn =
  (field: string, to: string) =>
  ({ data }: { type: string; data: unknown }) => ({ type: to, data: tagged(data as Data, field) });

export const complaintUpcasters: Upcasters = {
  [v1('complaint-lodged')]: ({ data }) => ({ type: E.Lodged, data: lodgedV1toV2(data as Data) }),
  [v1('complaint-triaged')]: textIn('reason', E.Triaged),
  [v1('complaint-referred')]: textIn('note', E.Referred),
  [v1('complaint-resolved')]: ({ data }) => ({ type: E.Resolved, data: resolvedV1toV2(data as Data) }),
  [v1('complaint-reopened')]: textIn('reason', E.Reopened),
  [v1('complaint-withdrawn')]: textIn('reason', E.Withdrawn),
  [v1('complainant-data-erased')]: textIn('reason', E.ComplainantDataErased),
};

/** One stored event, as current code reads it (for callers that get raw events, like the relay's map). */
export function upcastComplaintEvent<T extends { type: string; data: unknown }>(event: T): T {
  const up = complaintUpcasters[event.type];
  return up ? { ...event, ...up({ type: event.type, data: event.data }) } : event;
}
