/** Headers a dead letter carries besides the original message's own. */
export const DEAD_LETTER = {
  error: 'Kazi-Dead-Letter-Error',
  originalSubject: 'Kazi-Original-Subject',
  originalStream: 'Kazi-Original-Stream',
  originalStreamSeq: 'Kazi-Original-Stream-Seq',
  deliveries: 'Kazi-Deliveries',
} as const;

export const DEAD_LETTER_HEADERS: readonly string[] = Object.values(DEAD_LETTER);
