export * from './host.ts';
export * from './serviceModule.ts';
export type { ModuleInfrastructure, RunningModule } from './startModule.ts';
