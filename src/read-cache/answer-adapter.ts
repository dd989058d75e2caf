import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';
import { AnswerReply } from './prepared-answer.js';

/**
 * Express, except that a prepared answer goes out as the bytes it already is: Nest would send
 * any object through `res.json`, serialising and compressing it again.
 */
export class AnsweringExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (body instanceof AnswerReply) return body.sendTo(response);
    return super.reply(response, body, statusCode);
  }
}
