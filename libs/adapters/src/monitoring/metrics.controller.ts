import { Controller, Get, Res } from '@nestjs/common';
import { MonitoringAdapter } from './monitoring.adapter';

/** The slice of an HTTP response the controller needs (express `setHeader`, fastify `header`). */
interface HeaderTarget {
  setHeader?(name: string, value: string): unknown;
  header?(name: string, value: string): unknown;
}

/**
 * `GET /metrics`: the monitoring adapter's exposition text with its content type (empty with `none`).
 * Mount it in the HTTP app: `@Module({ controllers: [AcbMetricsController] })` next to `AcbAdaptersModule`.
 */
@Controller('metrics')
export class AcbMetricsController {
  constructor(private readonly monitoring: MonitoringAdapter) {}

  @Get()
  async metrics(@Res({ passthrough: true }) response: HeaderTarget): Promise<string> {
    const { contentType, body } = await this.monitoring.metrics();
    if (typeof response.setHeader === 'function') response.setHeader('Content-Type', contentType);
    else response.header?.('Content-Type', contentType);
    return body;
  }
}
