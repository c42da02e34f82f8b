/** The stream of one agency: `agency.<id>` (read models and the relay take the id back from it). */
export const agencyStream = (id: string) => `agency.${id}`;
