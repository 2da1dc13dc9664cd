export * from './book';
export * from './load';
export { approxDistanceM } from './geo';
