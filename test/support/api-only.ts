/**
 * Import this FIRST in a test file whose app must not run the SLA workers in-process (the
 * worker runs in a child process instead): the API module reads RUN_WORKERS when it loads.
 */
process.env.RUN_WORKERS = 'false';
