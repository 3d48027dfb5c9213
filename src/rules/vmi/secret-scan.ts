/**
 * Finds secrets written in clear text in cloud-init user data or network data: cloud-config password keys,
 * `chpasswd` lists, private keys, well-known token shapes and shell lines that set passwords. Line based, so every
 * hit has a line number, and total: any text is accepted. Values are never returned, only a masked form.
 *
 * What counts (a decision of this library, documented in docs/rules.md):
 * - a password hash (`hashed_passwd`, `passwd`, `usermod -p`) is a secret too: a hash in git is open to offline
 *   cracking by anyone who can read the repository or the VM;
 * - public keys (`ssh_authorized_keys`, `ssh-rsa ...`) and settings such as `ssh_pwauth` or `lock_passwd` are not;
 * - empty values, `RANDOM`/`R` (cloud-init generates the password) and placeholders (`<password>`, `${PASSWORD}`,
 *   `{{ password }}`, `$PASSWORD`, `changeme`, `xxxx`, `****`) are not.
 */

/** One secret found: its 1-based line in the text, what it is, and how to show it without its value. */
export interface SecretHit {
  readonly line: number;
  readonly kind: SecretKind;
  /** The line's key or marker with the value masked, e.g. `password: ***`. */
  readonly shown: string;
}

export type SecretKind = 'password' | 'password hash' | 'private key' | 'token' | 'secret key';

/** The mask put in place of every value. */
export const MASK = '***';

/** Keys whose value is a password in clear text (cloud-config `password`, `users[].plain_text_passwd`, ...). */
const PASSWORD_KEYS = new Set(['password', 'plain_text_passwd', 'root_password', 'admin_password', 'user_password', 'db_password', 'pass']);
/** Keys whose value is a password hash (cloud-config `users[].hashed_passwd`, `users[].passwd`). */
const HASH_KEYS = new Set(['hashed_passwd', 'passwd', 'password_hash']);
/** Keys that hold a token or secret key when their value is long enough to be one. */
const TOKEN_KEY = /^(?:[a-z0-9]+[_-])*(?:token|secret|api[_-]?key|apikey|secret[_-]?key|access[_-]?key|client[_-]?secret|private[_-]?key)$/i;
/** Shortest value of a token key counted as a token (shorter values are names, flags or test strings). */
const MIN_TOKEN_LENGTH = 16;

/** Token shapes with a prefix of their own, so found anywhere in a line. */
const TOKEN_SHAPES: ReadonlyArray<{ readonly re: RegExp; readonly kind: SecretKind; readonly name: string }> = [
  { re: /\b(gh[pousr]_)[A-Za-z0-9]{36,}\b/, kind: 'token', name: 'github token' },
  { re: /\b(github_pat_)[A-Za-z0-9_]{22,}/, kind: 'token', name: 'github token' },
  { re: /\b(glpat-)[A-Za-z0-9_-]{20,}/, kind: 'token', name: 'gitlab token' },
  { re: /\b((?:AKIA|ASIA))[0-9A-Z]{16}\b/, kind: 'secret key', name: 'aws access key id' },
  { re: /\b(xox[abprs]-)[A-Za-z0-9-]{10,}/, kind: 'token', name: 'slack token' },
  { re: /\b(AIza)[0-9A-Za-z_-]{35}\b/, kind: 'secret key', name: 'google api key' },
  { re: /\b(sk_live_)[0-9A-Za-z]{16,}/, kind: 'secret key', name: 'stripe key' },
];

const PRIVATE_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/;

/** A `key: value` line of YAML, possibly a list item (`- key: value`) or in a flow map (`{key: value, ...}`). */
const KEY_VALUE = /(?:^|[\s{,-])["']?([A-Za-z_][\w-]*)["']?\s*[:=]\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|(?:\$\{[^}]*\}|\{\{[^}]*\}\}|[^,{}\s#])(?:\$\{[^}]*\}|\{\{[^}]*\}\}|[^,}#])*?)\s*(?=$|[,}]|\s#)/g;

/** Shell: `echo 'user:pass' | chpasswd`, `chpasswd <<< 'user:pass'`, `printf 'user:pass' | sudo chpasswd`. */
const SHELL_CHPASSWD = /(?:echo|printf)\s+(?:-[en]+\s+)*(["']?)([^\s"'|:]+):([^\s"'|]+)\1\s*\|\s*(?:sudo\s+)?chpasswd\b|chpasswd\s*<<<\s*(["']?)([^\s"':]+):([^\s"']+)\4/;
/** Shell: `echo pass | passwd --stdin user`. */
const SHELL_PASSWD_STDIN = /(?:echo|printf)\s+(?:-[en]+\s+)*(["']?)([^\s"'|]+)\1\s*\|\s*(?:sudo\s+)?passwd\s+--stdin\b/;
/** Shell: `usermod -p HASH user`, `useradd --password HASH user`. */
const SHELL_USERMOD = /\buser(?:mod|add)\b.*?\s(?:-p|--password)\s+(["']?)([^\s"']+)\1/;

/** Values that stand for a secret without being one. */
const PLACEHOLDER = /^(?:<[^>]*>|\$\{[^}]*\}|\$\(.*\)|\{\{.*\}\}|\$[A-Za-z_]\w*|%[A-Za-z_]\w*%|x+|\*+|\.+|-+|changeme|change[_-]me|replace[_-]?me|redacted|placeholder|todo|secret|password|none|null|~|random|r)$/i;
const BOOLEAN = /^(?:true|false|yes|no|on|off)$/i;

/** Removes YAML quotes from a scalar. */
function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && ((t[0] === '"' && t[t.length - 1] === '"') || (t[0] === "'" && t[t.length - 1] === "'"))) return t.slice(1, -1);
  return t;
}

/** True for a value that is a real secret: not empty, not a placeholder, not a YAML block marker. */
function isSecretValue(raw: string): boolean {
  const v = unquote(raw);
  if (v === '' || v === '|' || v === '>' || /^[|>][+-]?\d*$/.test(v)) return false;
  return !PLACEHOLDER.test(v);
}

/** A crypt(3) hash: `$1$`, `$5$`, `$6$`, `$y$`, `$2b$`... */
const CRYPT_HASH = /^\$(?:1|2[abxy]?|5|6|7|y|gy|sha1|md5)\$/;

function indentOf(line: string): number {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0].length : 0;
}

/** The `user:password` entries of a chpasswd list written inline (`list: "a:b\nc:d"`, `list: [a:b]`). */
function inlineEntries(value: string): string[] {
  let v = value.trim();
  if (v.startsWith('[') && v.endsWith(']')) v = v.slice(1, -1);
  return v.split(/,|\\n/).map(unquote).filter((s) => s !== '');
}

/** An entry `user:password` of a chpasswd list; the hit for it, or undefined when it holds no secret. */
function chpasswdEntry(entry: string, line: number): SecretHit | undefined {
  const m = /^\s*(?:-\s+)?["']?([^\s:"']+):(.*?)["']?\s*$/.exec(entry);
  if (!m || !isSecretValue(m[2])) return undefined;
  return { line, kind: CRYPT_HASH.test(m[2]) ? 'password hash' : 'password', shown: `${m[1]}:${MASK}` };
}

/**
 * Text that every secret this scan finds contains (a key, a marker, a token prefix or a command): a text or line
 * without it is skipped, so user data without secrets costs one search.
 */
const TRIGGER = /pass|PRIVATE KEY|gh[pousr]_|github_pat_|glpat-|AKIA|ASIA|xox[abprs]-|AIza|sk_live_|token|secret|api[_-]?key|access[_-]?key|private[_-]?key|user(?:mod|add)/i;

/** Every secret in the text, in line order (at most one hit per line and kind). */
export function findSecrets(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  if (!TRIGGER.test(text)) return hits;
  const lines = text.split(/\r?\n/);
  // chpasswd: the indentation of an open `chpasswd:` block, and of an open `list:` block inside it
  let chpasswdIndent = -1;
  let listIndent = -1;
  let listIsBlockScalar = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // outside a chpasswd block, a line without a trigger holds nothing
    if (chpasswdIndent < 0 && listIndent < 0 && !TRIGGER.test(line)) continue;
    const n = i + 1;
    const before = hits.length;
    const trimmed = line.trim();
    const indent = indentOf(line);
    const isBlank = trimmed === '' || trimmed.startsWith('#');

    // the entries of a chpasswd list: deeper lines (or `- ` items at the list's own indentation)
    if (listIndent >= 0 && !isBlank) {
      const isItem = !listIsBlockScalar && trimmed.startsWith('-') && indent >= listIndent;
      if (indent > listIndent || isItem) {
        const hit = chpasswdEntry(trimmed, n);
        if (hit) hits.push(hit);
        continue;
      }
      listIndent = -1;
    }
    if (chpasswdIndent >= 0 && !isBlank && indent <= chpasswdIndent && !/^\s*chpasswd\s*:/.test(line)) chpasswdIndent = -1;

    const chpasswd = /^(\s*)(?:-\s+)?chpasswd\s*:\s*(.*)$/.exec(line);
    if (chpasswd) {
      chpasswdIndent = chpasswd[1].length;
      const flow = /\blist\s*:\s*("(?:[^"\\]|\\.)*"|'[^']*'|\[[^\]]*\])/.exec(chpasswd[2]);
      if (flow) {
        for (const e of inlineEntries(flow[1])) {
          const hit = chpasswdEntry(e, n);
          if (hit) { hits.push(hit); break; }
        }
      }
    } else if (chpasswdIndent >= 0) {
      const list = /^(\s*)list\s*:\s*(.*)$/.exec(line);
      if (list && list[1].length > chpasswdIndent) {
        const value = list[2].trim();
        if (value === '' || /^[|>][+-]?\d*$/.test(value)) {
          listIndent = list[1].length;
          listIsBlockScalar = value !== '';
        } else {
          for (const e of inlineEntries(value)) {
            const hit = chpasswdEntry(e, n);
            if (hit) { hits.push(hit); break; }
          }
        }
        continue;
      }
    }

    const key = PRIVATE_KEY.exec(line);
    if (key) hits.push({ line: n, kind: 'private key', shown: key[0] });

    for (const shape of TOKEN_SHAPES) {
      const m = shape.re.exec(line);
      if (m) {
        hits.push({ line: n, kind: shape.kind, shown: `${m[1]}${MASK} (${shape.name})` });
        break;
      }
    }

    if (hits.length === before) {
      const hit = keyValueSecret(line, n) ?? shellSecret(line, n);
      if (hit) hits.push(hit);
    }
  }
  return hits;
}

/** A `key: value` pair whose key names a password, hash, token or secret key. */
function keyValueSecret(line: string, n: number): SecretHit | undefined {
  KEY_VALUE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KEY_VALUE.exec(line)) !== null) {
    const key = m[1];
    const lower = key.toLowerCase();
    const raw = m[2];
    if (!isSecretValue(raw)) continue;
    const value = unquote(raw);
    if (PASSWORD_KEYS.has(lower) || HASH_KEYS.has(lower)) {
      if (BOOLEAN.test(value)) continue;
      const hash = HASH_KEYS.has(lower) || CRYPT_HASH.test(value);
      return { line: n, kind: hash ? 'password hash' : 'password', shown: `${key}: ${MASK}` };
    }
    // a token has letters and digits; names of things (`secret: cloud-credentials`) usually lack digits
    if (TOKEN_KEY.test(key) && value.length >= MIN_TOKEN_LENGTH && !/\s/.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value)) {
      return { line: n, kind: /token/i.test(key) ? 'token' : 'secret key', shown: `${key}: ${MASK}` };
    }
  }
  return undefined;
}

/** A shell command that sets a password from the script's own text. */
function shellSecret(line: string, n: number): SecretHit | undefined {
  let m = SHELL_CHPASSWD.exec(line);
  if (m) {
    const user = m[2] ?? m[5];
    const pass = m[3] ?? m[6];
    if (isSecretValue(pass)) return { line: n, kind: CRYPT_HASH.test(pass) ? 'password hash' : 'password', shown: `${user}:${MASK} | chpasswd` };
  }
  m = SHELL_PASSWD_STDIN.exec(line);
  if (m && isSecretValue(m[2])) return { line: n, kind: 'password', shown: `${MASK} | passwd --stdin` };
  m = SHELL_USERMOD.exec(line);
  if (m && isSecretValue(m[2])) return { line: n, kind: 'password hash', shown: `-p ${MASK}` };
  return undefined;
}

/**
 * Base64 text decoded as UTF-8, or undefined when it is not base64 (KubeVirt then rejects the VMI at start:
 * kubevirt pkg/cloud-init/cloud-init.go@v1.4.0 readRawOrBase64Data).
 */
export function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}
