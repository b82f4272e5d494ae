/** Query parameters whose values are secrets (tokens, access codes, passwords, signatures). */
const SECRET_PARAM = /^(token|access_?token|refresh_?token|code|access_?code|password|secret|api_?key|key|signature|sig|session)$/i;

export const REDACTED = '[redacted]';

/** The URL with every secret query value replaced, for logs. Path and other parameters stay. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        /* a malformed escape is logged as sent */
      }
      return eq >= 0 && SECRET_PARAM.test(name) ? `${rawName}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

/** The parsed query with secret values replaced. */
export function redactQuery(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, SECRET_PARAM.test(k) ? REDACTED : v]));
}
