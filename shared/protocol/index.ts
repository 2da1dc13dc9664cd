export * from './version';
export * from './topics';
export * from './limits';
export * from './entities';
export * from './messages';
export * from './commands';
export * from './binary';
export * from './validate';
