import { Logger } from '@nestjs/common';
import { AppConfig } from '@tenggat/platform';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agencyCodesFromYaml, YamlAgencyDirectory } from './agency-directory';

describe('agency directory', () => {
  it('reads codes from a list or an {agencies} document', () => {
    expect(agencyCodesFromYaml('- {code: a, name: A}\n- {code: b, name: B, calendar: x}\n')).toEqual(['a', 'b']);
    expect(agencyCodesFromYaml('agencies:\n  - code: c\n    name: C\n')).toEqual(['c']);
    expect(agencyCodesFromYaml('')).toEqual([]);
    expect(agencyCodesFromYaml('just text')).toEqual([]);
  });

  it('checks codes against ${CONFIG_DIR}/agencies.yaml, and knows none when the file is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenggat-agencies-'));
    const config = { get: (k: string) => (k === 'CONFIG_DIR' ? dir : undefined) } as unknown as AppConfig;
    const directory = new YamlAgencyDirectory(config);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await expect(directory.exists('dpmptsp-kota-contoh')).resolves.toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('agencies.yaml'));
      await writeFile(join(dir, 'agencies.yaml'), '- {code: dpmptsp-kota-contoh, name: DPMPTSP Kota Contoh}\n');
      await expect(directory.exists('dpmptsp-kota-contoh')).resolves.toBe(true);
      await expect(directory.exists('nowhere')).resolves.toBe(false);
    } finally {
      warn.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
