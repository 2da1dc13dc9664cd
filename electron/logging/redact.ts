/**
 * Log redaction. Tokens must never reach a log file: log files get copied into tickets and
 * e-mails, and a token grants access to live city data.
 */

const REDACTED = '[redacted]';

// key=value / key: value / "key":"value" where the key mentions a token, secret or password
// (token, consoleToken, access_token, QUJING_TOKEN, …).
const KEY_VALUE =
  /((?:["']?)[A-Za-z0-9_.-]*(?:token|secret|password|passwd)[A-Za-z0-9_-]*["']?\s*[=:]\s*)(["']?)([^"'\s&,;)}\]]+)/gi;
// HTTP auth schemes carrying a credential.
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

export interface Redactor {
  (text: string): string;
  /** Registers a secret whose literal value must never appear, wherever it shows up. */
  addSecret(secret: string): void;
}

export function createRedactor(initialSecrets: readonly string[] = []): Redactor {
  const secrets = new Set<string>();
  const redact = ((text: string): string => {
    let out = text;
    // Literal secrets first: they may appear without any telltale key (e.g. echoed by a child).
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    out = out.replace(KEY_VALUE, (match: string, key: string, quote: string, value: string) =>
      // Already blanked by the literal pass above.
      value.startsWith('[redacted') ? match : `${key}${quote}${REDACTED}`,
    );
    out = out.replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`);
    return out;
  }) as Redactor;
  redact.addSecret = (secret: string) => {
    // Very short values would blank out ordinary words; real tokens are long.
    if (secret.length >= 8) secrets.add(secret);
  };
  for (const s of initialSecrets) redact.addSecret(s);
  return redact;
}

/** Escapes control characters so one untrusted message cannot forge extra log lines. */
export function escapeControlChars(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
