import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service.js';

/** The audit log: every module records its sensitive actions through AuditService. */
@Global()
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
