export * from './schema';
export * from './parse';
export * from './schedule';
export { checkProfile } from './semantics';
