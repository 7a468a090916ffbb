import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '../openapi/optional-swagger.js';

/** Largest page any list route serves. */
const MAX_LIMIT = 100;

/**
 * A query value of decimal digits becomes its number; anything else stays as sent, so `IsInt`
 * refuses it (`Number()` would turn `skip=` into 0 and `1e2`, ` 7` or `0x10` into numbers).
 */
const decimalInteger = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value,
);

/**
 * The paging query parameters of the admin list routes, validated and documented alike:
 * `skip` (an integer from 0 to `maxSkip`, by default the largest integer a number holds exactly)
 * and `limit` (1 to 100, default 20). The defaults themselves are the DTO's property initialisers.
 */
export const PageQuery = {
  skip(maxSkip: number = Number.MAX_SAFE_INTEGER): PropertyDecorator {
    return applyDecorators(
      ApiPropertyOptional({
        type: 'integer',
        minimum: 0,
        maximum: maxSkip,
        default: 0,
      }),
      IsOptional(),
      decimalInteger,
      IsInt(),
      Min(0),
      Max(maxSkip),
    );
  },

  limit(): PropertyDecorator {
    return applyDecorators(
      ApiPropertyOptional({
        type: 'integer',
        minimum: 1,
        maximum: MAX_LIMIT,
        default: 20,
      }),
      IsOptional(),
      decimalInteger,
      IsInt(),
      Min(1),
      Max(MAX_LIMIT),
    );
  },
};
