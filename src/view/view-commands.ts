/** The commands a view prints for one session, each shell-quoted and ready to paste. Pure. */
import { join } from 'node:path';
import { joinCommands, renderCommand } from '../text/shell-quote.js';
import type { ViewPlace } from './view-input.js';

export interface ViewCommands {
  readonly run: string;
  /** `samocode approve … && samocode run …`. */
  readonly approveAndRun: string;
  readonly clean: string;
  readonly status: string;
  /** `tail -f <session>/session.log`. */
  readonly follow: string;
  /** `samocode run … --grant <value>`. */
  grant(value: string): string;
  /** The commands that decide a gate from another shell (a waiting run goes on at once). */
  readonly decide: {
    readonly approve: string;
    readonly reject: string;
    readonly answer: string;
    /** `samocode grant … <value>`; no value for an iteration budget. */
    grant(value?: string): string;
    readonly stop: string;
  };
}

export function buildViewCommands(place: ViewPlace): ViewCommands {
  const args = ['--config', place.configPath, '--session', place.folder];
  const samocode = (verb: string, ...extra: string[]) => renderCommand(['samocode', verb, ...args, ...extra]);
  return {
    run: samocode('run'),
    approveAndRun: joinCommands([samocode('approve'), samocode('run')]),
    clean: samocode('clean'),
    status: samocode('status'),
    follow: renderCommand(['tail', '-f', join(place.dir, 'session.log')]),
    grant: (value) => samocode('run', '--grant', value),
    decide: {
      approve: samocode('approve'),
      reject: samocode('reject'),
      answer: samocode('answer'),
      grant: (value) => (value === undefined || value === '' ? samocode('grant') : samocode('grant', value)),
      stop: samocode('stop'),
    },
  };
}
