import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination.js';
import { AuditActionListDto, AuditPageDto, AuditQuery } from './audit-log.dto.js';
import { auditActionLabel } from './audit-actions.js';
import { AuditRepository } from '../audit/audit.repository.js';

@ApiTags('audit')
@Controller('api/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() query: AuditQuery): Promise<AuditPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = decodeCursor(query.cursor, 'serial');
    const rows = await this.audit.list({
      actorId: query.actorId,
      entityType: query.entityType,
      entityId: query.entityId,
      action: query.action,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      beforeId: cursor ? Number(cursor.id) : undefined,
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (r) => ({ key: 'id', id: String(r.id) }));
    return {
      ...page,
      items: page.items.map((r) => ({
        ...r,
        actionLabel: auditActionLabel(r.action),
        at: r.at.toISOString(),
      })),
    };
  }

  @Get('actions')
  @Roles('admin')
  @ApiOperation({ summary: 'The actions the audit trail holds, labelled, for filtering by one.' })
  @ApiOkResponse({ type: AuditActionListDto })
  async actions(): Promise<AuditActionListDto> {
    const actions = await this.audit.actions();
    return { items: actions.map((action) => ({ action, label: auditActionLabel(action) })) };
  }
}
