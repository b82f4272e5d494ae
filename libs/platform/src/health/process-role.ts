/** What a process is: the API (which may also run the SLA workers) or a standalone worker. */
export type ProcessRole = 'api' | 'worker';

export const PROCESS_ROLE = Symbol('PROCESS_ROLE');
