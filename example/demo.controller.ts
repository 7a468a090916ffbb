import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../src/index.js';
import { DEMO_HTML, DEMO_SCRIPT } from './demo.page.js';

/**
 * `/demo`: a small browser client (sign in, sessions list, silent refresh, sign out) that uses only
 * the refresh-token cookie and an in-memory access token. Meant for `TOKENWARD_REFRESH_COOKIE=1`;
 * not part of the API document.
 */
@Controller('demo')
@ApiExcludeController()
export class DemoController {
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  page(): string {
    return DEMO_HTML;
  }

  @Get('app.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  script(): string {
    return DEMO_SCRIPT;
  }
}
