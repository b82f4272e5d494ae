import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@tenggat/platform';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AgencyConfig, CatalogueService } from './catalogue.service';

/**
 * At start: loads `config/agencies.yaml` and every `config/permit-types/*.yaml`. A file whose
 * content changed publishes a new version; an unchanged one publishes nothing; an invalid one
 * stops the start with every fault listed.
 */
@Injectable()
export class CatalogueLoader implements OnModuleInit {
  private readonly logger = new Logger(CatalogueLoader.name);

  constructor(
    private readonly catalogue: CatalogueService,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const dir = this.config.get('CONFIG_DIR');
    const agencies = parseYaml(await readFile(join(dir, 'agencies.yaml'), 'utf8')) as AgencyConfig[] | { agencies: AgencyConfig[] };
    await this.catalogue.upsertAgencies(Array.isArray(agencies) ? agencies : agencies.agencies);
    const typesDir = join(dir, 'permit-types');
    const files = (await readdir(typesDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
    const failures: string[] = [];
    for (const file of files) {
      const result = await this.catalogue.publish(await readFile(join(typesDir, file), 'utf8'), { source: file });
      if (!result.ok) failures.push(...result.faults.map((f) => `${file}: ${f.path}: ${f.message}`));
      else if (result.published) this.logger.log(`published ${result.code} v${result.version} from ${file}`);
    }
    if (failures.length) throw new Error(`Invalid permit types:\n${failures.join('\n')}`);
  }
}
