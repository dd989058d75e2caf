import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { notFound } from '../common/domain-errors.js';
import { pageByCreation, PageQuery } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
} from './notifications.dto.js';
import { WebhooksService } from './webhooks.service.js';

/** Outgoing webhooks, managed by admins. Secrets are shown once, at creation. */
@ApiTags('webhooks')
@Controller('api/webhooks')
export class WebhooksController {
  constructor(
    private readonly service: WebhooksService,
    private readonly deliveries: DeliveriesRepository,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: [WebhookEndpointDto] })
  async list(): Promise<WebhookEndpointDto[]> {
    return (await this.deliveries.endpoints()).map(WebhookEndpointDto.from);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateWebhookDto,
  ): Promise<CreatedWebhookDto> {
    const { endpoint, secret } = await this.service.create(actorOf(p), body);
    return { ...WebhookEndpointDto.from(endpoint), secret };
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: WebhookEndpointDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.from(await this.service.update(actorOf(p), id, body));
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deletes the endpoint and its delivery log.' })
  async remove(@CurrentPrincipal() p: Principal, @UuidParam() id: string): Promise<void> {
    await this.service.remove(actorOf(p), id);
  }

  @Get(':id/deliveries')
  @Roles('admin')
  @ApiOkResponse({ type: WebhookDeliveryPageDto, description: 'Newest first, with every attempt.' })
  async deliveriesOf(
    @UuidParam() id: string,
    @Query() query: PageQuery,
  ): Promise<WebhookDeliveryPageDto> {
    if (!(await this.deliveries.findEndpoint(id))) throw notFound('Webhook endpoint', id);
    const page = await pageByCreation(
      query,
      (window) => this.deliveries.deliveriesOf(id, window),
      (row) => row,
    );
    const log = Map.groupBy(
      await this.deliveries.attemptsOf(page.items.map((d) => d.id)),
      (a) => a.deliveryId,
    );
    return {
      items: page.items.map((d) => WebhookDeliveryDto.from(d, log.get(d.id) ?? [])),
      nextCursor: page.nextCursor,
    };
  }

  @Post('deliveries/:id/redeliver')
  @Roles('admin')
  @HttpCode(202)
  @ApiOkResponse({ type: WebhookDeliveryDto, description: 'Queued for another attempt.' })
  async redeliver(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
  ): Promise<WebhookDeliveryDto> {
    const row = await this.service.redeliver(actorOf(p), id);
    return WebhookDeliveryDto.from(row, await this.deliveries.attemptsOf([row.id]));
  }
}
