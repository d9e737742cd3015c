import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

@Controller('agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  // nginx.conf proxies this path with proxy_buffering off: X-Accel-Buffering would change nothing.
  @Post('messages/stream')
  async streamMessage(@Body() dto: MessageDto, @Req() req: Request, @Res() res: Response) {
    res.setHeader('Content-Type', 'text/event-stream');
    res.setHeader('Cache-Control', 'no-cache');
    res.flushHeaders();
    for await (const chunk of this.agents.stream(dto)) {
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    }
    res.end();
  }
}
