import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedUser } from '../../../application/dtos/authenticated-user.dto.js';
import { AuthenticationRequiredError } from '../../../domain/errors/authentication-required.error.js';
import { InsufficientRoleError } from '../../../domain/errors/insufficient-role.error.js';
import { ROLES_KEY } from '../decorators/roles.decorator.js';
import { toHttpException } from '../errors/http-error.mapper.js';
import { requestOf } from './request-of.js';

/**
 * Enforces `@Roles(...)` (any one of them). Use after `JwtAuthGuard`:
 * `@UseGuards(JwtAuthGuard, RolesGuard)`. No `@Roles` on the route: no requirement.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<string[] | undefined>(
      ROLES_KEY,
      [context.getHandler(), context.getClass()],
    );
    if (required === undefined || required.length === 0) return true;
    const user = requestOf<{ user?: AuthenticatedUser }>(context).user;
    if (user === undefined)
      throw toHttpException(new AuthenticationRequiredError());
    if (!required.some((role) => user.roles.includes(role))) {
      throw toHttpException(new InsufficientRoleError());
    }
    return true;
  }
}
