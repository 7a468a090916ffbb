import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  CurrentUser,
  JwtAuthGuard,
  Public,
  Roles,
  RolesGuard,
  type AuthenticatedUser,
} from '../src/index.js';

/** The host app's own routes: one protected, one public, one admin-only. */
@Controller()
@UseGuards(JwtAuthGuard)
export class ExampleController {
  @Get('health')
  @Public()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('hello')
  hello(@CurrentUser() user: AuthenticatedUser): { message: string } {
    return { message: `Hello, ${user.username}!` };
  }

  @Get('admin/overview')
  @UseGuards(RolesGuard)
  @Roles('admin')
  adminOverview(@CurrentUser() user: AuthenticatedUser): { message: string } {
    return { message: `Welcome to the admin area, ${user.username}.` };
  }
}
