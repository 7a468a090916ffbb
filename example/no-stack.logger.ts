import { ConsoleLogger } from '@nestjs/common';

/**
 * Nest's console logger minus stack traces: errors are logged by name and message, as the
 * security policy requires for every log line (a stack can carry paths, inputs and internals).
 */
export class NoStackLogger extends ConsoleLogger {
  override error(message: unknown, ...rest: unknown[]): void {
    const text =
      message instanceof Error
        ? `${message.name}: ${message.message}`
        : message;
    // Nest passes (message, stack?, context?); keep only a one-line context.
    const context = rest
      .filter((r) => typeof r === 'string' && !r.includes('\n'))
      .slice(-1);
    super.error(text, ...context);
  }
}
