import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths, components, operations } from './schema';

/** The API as its OpenAPI document describes it: every path, parameter, body and answer typed. */
export type TenggatClient = Client<paths>;

/**
 * A typed client for the Tenggat API (generated types, openapi-fetch at run time). `baseUrl` is
 * the server (e.g. `http://localhost:3000`, or '' in the console, which the API serves itself).
 */
export function createTenggatClient(options: ClientOptions = {}): TenggatClient {
  return createClient<paths>(options);
}
