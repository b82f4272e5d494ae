import { Body, Controller, Get, HttpCode, Injectable, Module, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationEntity } from '@tenggat/applications';
import { Access } from '@tenggat/identity';
import { DomainError } from '@tenggat/platform';
import { IsInt, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';

/**
 * The baselines of the benchmark, mounted only in the bench harness's app (never in the
 * product): the same framework path as the real endpoints (auth guard re-reading the user,
 * validation pipe, problem filter, metrics interceptor) around the least work the database can
 * do for them: one indexed UPDATE guarded by the version, one indexed SELECT.
 */
export class BareBumpDto {
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  expectedVersion: number;
}

@Injectable()
export class BareService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One UPDATE through TypeORM, by primary key and version (as a guarded transition does). */
  async bump(id: string, expectedVersion: number): Promise<{ id: string; version: number }> {
    const res = await this.db
      .createQueryBuilder()
      .update(ApplicationEntity)
      .set({ version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version: expectedVersion })
      .execute();
    if (res.affected !== 1) throw new DomainError('conflict', 'stale-version', 'The application has changed since you read it');
    return { id, version: expectedVersion + 1 };
  }

  /** One SELECT by primary key. */
  async read(id: string): Promise<{ id: string; version: number; state: string }> {
    const app = await this.db.getRepository(ApplicationEntity).findOne({ where: { id }, select: { id: true, version: true, state: true } });
    if (!app) throw new DomainError('not-found', 'application-not-found', `Application ${id} was not found`);
    return { id: app.id, version: app.version, state: app.state };
  }
}

const uuid = new ParseUUIDPipe();

@Controller('v1/bench/bare')
export class BareController {
  constructor(private readonly bare: BareService) {}

  @Post(':id')
  @HttpCode(200)
  @Access('staff')
  bump(@Param('id', uuid) id: string, @Body() dto: BareBumpDto): Promise<{ id: string; version: number }> {
    return this.bare.bump(id, dto.expectedVersion);
  }

  @Get(':id')
  @Access('any')
  read(@Param('id', uuid) id: string): Promise<{ id: string; version: number; state: string }> {
    return this.bare.read(id);
  }
}

@Module({ controllers: [BareController], providers: [BareService] })
export class BareModule {}
