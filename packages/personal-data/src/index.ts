export * from './kvSubjectKeyStore.ts';
export * from './masterKey.ts';
export * from './sealedValue.ts';
export * from './serviceVault.ts';
export * from './subjectKeyStore.ts';
export * from './vault.ts';
