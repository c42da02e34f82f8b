export * from './inspectionNotes.ts';
