export { createTenggatClient } from './client';
export type { TenggatClient, paths, components, operations } from './client';
