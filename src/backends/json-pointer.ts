/** RFC 6901: resolves `/a/0/b` inside a JSON value (`~1` is "/", `~0` is "~"); undefined when absent. */
export function resolvePointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let at: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(at)) {
      if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
      at = at[Number(key)];
    } else if (at !== null && typeof at === 'object' && Object.hasOwn(at, key)) {
      at = (at as Record<string, unknown>)[key];
    } else return undefined;
  }
  return at;
}

const WHOLE = /^\{\{(\w+)\}\}$/;
const PART = /\{\{(\w+)\}\}/g;

/**
 * Fills a JSON request template: a string that is exactly `{{name}}` becomes the value itself (so
 * `"{{messages}}"` turns into an array); `{{name}}` inside a longer string is replaced by its text.
 */
export function fillTemplate(template: unknown, vars: Readonly<Record<string, unknown>>): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole && Object.hasOwn(vars, whole[1] as string)) return vars[whole[1] as string];
    return template.replace(PART, (m, name: string) => {
      if (!Object.hasOwn(vars, name)) return m;
      const v = vars[name];
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(template)) return template.map((t) => fillTemplate(t, vars));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, vars)]));
  }
  return template;
}
