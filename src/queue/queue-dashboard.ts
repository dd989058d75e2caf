import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { QUEUE_NAMES } from './jobs.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** `allow`'s answer: let the request through, or the problem to answer instead. */
export type DashboardVerdict = 'ok' | { status: number; title: string; detail: string };

/**
 * The BullMQ dashboard, behind `allow` (the app lets only signed-in admins through, and its
 * changes — retry, clean, remove jobs — only with the CSRF header, as every other change).
 */
export function mountQueueDashboard(
  app: INestApplication,
  allow: (req: Request) => Promise<DashboardVerdict>,
): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))),
    serverAdapter,
  });
  const guard = (req: Request, res: Response, next: NextFunction) => {
    allow(req).then(
      (verdict) => {
        if (verdict === 'ok') return next();
        res
          .status(verdict.status)
          .type('application/problem+json')
          .send(JSON.stringify({ type: 'about:blank', ...verdict }));
      },
      (error: unknown) => next(error),
    );
  };
  app.use(QUEUE_DASHBOARD_PATH, guard, serverAdapter.getRouter());
}
