import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from './clock/clock.module';
import { ReadReplica } from './database/read-replica.read-model';
import { AppConfig } from './config/app-config';
import { ConfigurationModule } from './config/configuration.module';
import { OperationalStatus } from './health/operational-status';
import { WorkerHeartbeat } from './health/worker-heartbeat';
import { LoggingModule } from './logging/logging.module';
import { RedisModule } from './redis/redis.module';

/** Config, logs, database connection, Redis and the clock: what every entry point needs. */
@Global()
@Module({
  imports: [
    ConfigurationModule,
    LoggingModule,
    ClockModule,
    RedisModule,
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        type: 'postgres',
        url: config.get('DATABASE_URL'),
        autoLoadEntities: true,
        synchronize: false,
        migrationsRun: false,
        // fail a request that cannot get a connection instead of hanging for good
        extra: { max: 20, connectionTimeoutMillis: 10_000 },
      }),
    }),
  ],
  providers: [WorkerHeartbeat, OperationalStatus, ReadReplica],
  exports: [ConfigurationModule, ClockModule, RedisModule, WorkerHeartbeat, OperationalStatus, ReadReplica],
})
export class PlatformModule {}
