/** The BLMA-records service. For now its pure core; its service module on the host comes next. */
export * from './domain/index.ts';
