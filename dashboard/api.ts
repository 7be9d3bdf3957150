// The dashboard's only way to the server: same-origin GETs with the bearer token the user gave (kept per tab).

const TOKEN_KEY = 'rewardkit-token';

/** Raised when the server wants a token (401); the page then asks for one. */
export class NeedsToken extends Error {}

/** A coded error answer of the API. */
export class ApiError extends Error {}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** GETs `path` (with `params`, empty ones left out) and returns its JSON. */
export async function getJson<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  const token = sessionStorage.getItem(TOKEN_KEY);
  const res = await fetch(`${path}${query.size ? `?${query}` : ''}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    cache: 'no-store',
  });
  if (res.status === 401) throw new NeedsToken('a token is needed');
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new ApiError(body.error?.message ?? `HTTP ${res.status}`);
  return body;
}

/** The served specs (`GET /v1/specs`). */
export async function specNames(): Promise<string[]> {
  const body = await getJson<{ specs: Array<{ name: string }> }>('/v1/specs');
  return body.specs.map((s) => s.name);
}
