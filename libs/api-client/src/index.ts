export { createTenggatClient, TenggatClient, paths, components, operations } from './client';
