/** The human line of the console and `session.log`: `<time> <level> <message> {meta}`. */
import winston from 'winston';

const OWN_FIELDS: ReadonlySet<string> = new Set(['level', 'message', 'timestamp']);

/** ` {"k":"v"}` of the fields a caller added, or nothing. */
function metaText(info: winston.Logform.TransformableInfo): string {
  const meta = Object.fromEntries(Object.entries(info).filter(([key]) => !OWN_FIELDS.has(key)));
  return Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
}

/** `isMetaShown` decides per line from the (possibly coloured) level name. */
export function readableLine(isMetaShown: (level: string) => boolean): winston.Logform.Format {
  return winston.format.printf((info) => {
    const meta = isMetaShown(info.level) ? metaText(info) : '';
    return `${String(info.timestamp)} ${info.level} ${String(info.message)}${meta}`;
  });
}
