import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@tenggat/platform';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Which agency codes exist. Provide your own with `IdentityModule.withAgencyDirectory(...)`. */
export interface AgencyDirectory {
  exists(code: string): Promise<boolean>;
}

export const AGENCY_DIRECTORY = Symbol('AGENCY_DIRECTORY');

/** Reads the codes from a YAML list of `{code, name, ...}` (or `{agencies: [...]}`). */
export function agencyCodesFromYaml(text: string): string[] {
  const doc = parse(text) as unknown;
  const list = Array.isArray(doc) ? doc : (doc as { agencies?: unknown } | null)?.agencies;
  if (!Array.isArray(list)) return [];
  return list
    .map((a) => (a !== null && typeof a === 'object' ? (a as { code?: unknown }).code : undefined))
    .filter((c): c is string => typeof c === 'string');
}

/**
 * The default directory: `${CONFIG_DIR}/agencies.yaml`, read on every check (users are created
 * rarely, and an edited file takes effect at once). A missing or unreadable file means no agency
 * exists, so staff cannot be created against a typo.
 */
@Injectable()
export class YamlAgencyDirectory implements AgencyDirectory {
  private readonly logger = new Logger(YamlAgencyDirectory.name);

  constructor(private readonly config: AppConfig) {}

  async exists(code: string): Promise<boolean> {
    const file = join(this.config.get('CONFIG_DIR'), 'agencies.yaml');
    try {
      return agencyCodesFromYaml(await readFile(file, 'utf8')).includes(code);
    } catch (e) {
      this.logger.warn(`cannot read agency codes from ${file}: ${(e as Error).message}`);
      return false;
    }
  }
}
