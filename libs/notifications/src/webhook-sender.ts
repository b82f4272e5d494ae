import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@tenggat/platform';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { AllowList } from './address-policy';

export interface SendResult {
  ok: boolean;
  /** The receiver's HTTP status; null when it did not answer. */
  status: number | null;
  error: string | null;
}

export class AddressRefused extends Error {}

/**
 * POSTs webhooks over keep-alive connections. Every connection's address is checked when it is
 * resolved (not only when the subscription was saved), so a host that later resolves to a
 * private address (DNS rebinding) is refused too.
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly config: AppConfig) {}

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private allowList(): AllowList {
    return new AllowList(this.config.get('WEBHOOK_ALLOWED_HOSTS'));
  }

  /** A lookup that refuses addresses the policy forbids for this host. */
  private guardedLookup(allow: AllowList): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, options, (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => {
        if (err) return callback(err, address, family);
        const all = Array.isArray(address) ? address.map((a) => a.address) : [address];
        const refused = all.find((a) => !allow.permits(hostname, a));
        if (refused) return callback(new AddressRefused(`${hostname} resolves to ${refused}, a private address not in WEBHOOK_ALLOWED_HOSTS`), address, family);
        callback(null, address, family);
      });
    };
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const u = new URL(url);
    const allow = this.allowList();
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !allow.permits(host, host)) return Promise.resolve({ ok: false, status: null, error: `address ${host} is private and not in WEBHOOK_ALLOWED_HOSTS` });
    const secure = u.protocol === 'https:';
    const timeout = this.config.get('WEBHOOK_TIMEOUT_MS');
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const done = (r: SendResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const req = (secure ? https : http).request(
        u,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          lookup: this.guardedLookup(allow),
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Tenggat-Webhooks/1' },
        },
        (res) => {
          res.resume(); // the body is not read, only drained
          res.on('end', () => {
            const status = res.statusCode ?? null;
            const ok = status !== null && status >= 200 && status < 300;
            done({ ok, status, error: ok ? null : `HTTP ${status}` });
          });
          res.on('error', (e) => done({ ok: false, status: res.statusCode ?? null, error: e.message }));
        },
      );
      const timer = setTimeout(() => {
        req.destroy(new Error(`no answer within ${timeout} ms`));
      }, timeout);
      req.on('error', (e) => done({ ok: false, status: null, error: e.message }));
      req.end(body);
    });
  }
}
