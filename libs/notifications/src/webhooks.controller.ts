import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AuthUser, CurrentUser } from '@tenggat/identity';
import { ApiProblems } from '@tenggat/platform';
import { CreateWebhookSubscriptionDto, DeliveryLogQuery, ReplayDto, RotateSecretDto, UpdateWebhookSubscriptionDto } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';
import { ReplayResult, WebhookDeliveryPage, WebhookSubscriptionView, WebhookSubscriptionWithSecret } from './webhooks.views';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('webhooks')
@Controller('v1/webhooks/subscriptions')
@Access('admin', 'supervisor')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    operationId: 'createWebhookSubscription',
    summary: 'Subscribe a URL to events (Standard Webhooks): the signing secret is shown once',
    description:
      "Admins: for one agency's cases or (agency null) every agency's, e.g. the national OSS. Supervisors: their agency's. " +
      'URLs that resolve to private, loopback or link-local addresses are refused (422 webhook-url-refused) unless WEBHOOK_ALLOWED_HOSTS names them.',
  })
  @ApiCreatedResponse({ type: WebhookSubscriptionWithSecret })
  @ApiProblems(422)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateWebhookSubscriptionDto): Promise<WebhookSubscriptionWithSecret> {
    return this.webhooks.create(user, dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listWebhookSubscriptions', summary: 'Webhook subscriptions', description: "Admins: all; supervisors: their agency's." })
  @ApiOkResponse({ type: [WebhookSubscriptionView] })
  list(@CurrentUser() user: AuthUser): Promise<WebhookSubscriptionView[]> {
    return this.webhooks.list(user);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWebhookSubscription', summary: 'One webhook subscription', description: 'Without its secret.' })
  @ApiOkResponse({ type: WebhookSubscriptionView })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<WebhookSubscriptionView> {
    return this.webhooks.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateWebhookSubscription',
    summary: 'Change the URL, description or event types; disable or re-enable',
    description: 'Re-enabling a subscription disabled after persistent failure resumes its waiting deliveries.',
  })
  @ApiOkResponse({ type: WebhookSubscriptionView })
  @ApiProblems(422)
  update(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UpdateWebhookSubscriptionDto): Promise<WebhookSubscriptionView> {
    return this.webhooks.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteWebhookSubscription', summary: 'Remove a subscription and its delivery log', description: 'Its pending deliveries are dropped.' })
  @ApiNoContentResponse({ description: 'Removed' })
  async remove(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    await this.webhooks.remove(user, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: 'A new signing secret; the old one still signs during the grace period',
    description: 'During the grace period (default 24 h) every message carries two signatures in webhook-signature, one per secret.',
  })
  @ApiOkResponse({ type: WebhookSubscriptionWithSecret })
  rotate(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: RotateSecretDto): Promise<WebhookSubscriptionWithSecret> {
    return this.webhooks.rotateSecret(user, id, dto);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'The delivery log: each event sent to this subscription, its attempts and outcome',
    description: 'Newest first; dead ones were dead-lettered after failing for the whole retry window and can be replayed.',
  })
  @ApiOkResponse({ type: WebhookDeliveryPage })
  deliveries(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() q: DeliveryLogQuery): Promise<WebhookDeliveryPage> {
    return this.webhooks.deliveries(user, id, q);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'replayWebhookEvents',
    summary: 'Send one event, or every event of a time range, again',
    description: 'The events keep their ids (the same webhook-id): receivers that deduplicate see a replay as a duplicate. At most 10000 per request.',
  })
  @ApiAcceptedResponse({ type: ReplayResult })
  replay(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ReplayDto): Promise<ReplayResult> {
    return this.webhooks.replay(user, id, dto);
  }
}
