/** Normalisation library: pure functions that turn source values into the canonical attribute values. */
export * from './hostname.js';
export * from './mac.js';
export * from './ip.js';
export * from './serial.js';
export * from './uuid.js';
export * from './os.js';
export * from './memory.js';
export * from './manufacturer.js';
export * from './lifecycle.js';
export * from './timestamp.js';
export * from './ci-class.js';
