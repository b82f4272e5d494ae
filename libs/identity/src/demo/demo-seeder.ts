import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, DomainError } from '@tenggat/platform';
import { UsersService } from '../users/users.service';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';

/** With DEMO_SEED=true, makes sure every demo user exists at start. Never otherwise. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('DEMO_SEED')) return;
    const created = await this.seed();
    this.logger.log(`demo seed: ${created} user(s) created, ${DEMO_USERS.length - created} already present`);
  }

  /**
   * Creates the demo users that are missing; idempotent, and safe when two instances start at
   * once. Existing accounts are left as they are (their password may have been changed).
   */
  async seed(): Promise<number> {
    let created = 0;
    for (const u of DEMO_USERS) {
      if (await this.users.findByEmail(u.email)) continue;
      try {
        await this.users.provision({ ...u, roles: [...u.roles], password: DEMO_PASSWORD });
        created++;
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'email-taken')) throw e;
      }
    }
    return created;
  }
}
