export * from './districts';
export * from './geometry';
export * from './gcj02';
export * from './qujing';
