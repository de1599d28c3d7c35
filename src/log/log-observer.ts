/** Logs every transition and the end of the run; the machine never knows about it. */
import type winston from 'winston';
import type { SessionObserver } from '../runner/observer.js';
import { renderStatePath } from './state-path.js';

export function createLogObserver(logger: winston.Logger): SessionObserver {
  return {
    onTransition(info) {
      logger.info(
        `${renderStatePath(info.before.value)} → ${renderStatePath(info.after.value)} on ${info.event.type}`,
        {
          session: info.sessionName,
          event: info.event,
        },
      );
    },
    onEnd(end) {
      const level = end.exitCode === 0 ? 'info' : 'warn';
      logger.log(level, end.message, {
        session: end.sessionName,
        exitCode: end.exitCode,
        state: renderStatePath(end.final.value),
      });
    },
  };
}
