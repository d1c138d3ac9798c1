/**
 * A loaded spec: everything checked and resolved, with the source position of
 * every step, ready for a peer to play. Nothing here touches a socket.
 */
import type { Endpoint } from '../net/endpoint';
import type { SourceLocation } from '../errors';

/** Text with `${name}` references, split at load time so substitution is a join. */
export interface Template {
  readonly source: string;
  readonly parts: readonly (string | { readonly ref: string })[];
  readonly loc: SourceLocation;
}

/** The length headers of `frame:` matchers: the framing decoders' own. */
export type { LengthHeader as FrameHeader } from '../framing/length-prefix-decoder';
import type { LengthHeader as FrameHeader } from '../framing/length-prefix-decoder';

export type Payload =
  | { readonly kind: 'text'; readonly text: Template }
  | { readonly kind: 'bytes'; readonly bytes: Buffer; readonly form: 'hex' | 'base64' | 'file' }
  | { readonly kind: 'repeat'; readonly text: Template; readonly times: number }
  /** A binary message written field by field, its lengths computed (src/struct/). */
  | { readonly kind: 'struct'; readonly fields: readonly StructField[] };

/** A regular expression as written, whose `${var}` references are filled in (escaped) when it runs. */
export interface RegexSource {
  readonly pattern: Template;
  readonly flags: string;
  /** Named groups, which become variables on a match. */
  readonly groups: readonly string[];
}

/** One form of `expect:`; each kind has its module under src/match/kinds/ and its entry in src/match/registry.ts. */
export type Matcher =
  | { readonly kind: 'text'; readonly text: Template }
  | { readonly kind: 'hex'; readonly bytes: Buffer }
  | { readonly kind: 'repeat'; readonly text: Template; readonly times: number }
  | { readonly kind: 'regex'; readonly regex: RegexSource }
  | { readonly kind: 'bytes'; readonly count: number; readonly match?: RegexSource; readonly as?: string }
  | { readonly kind: 'until'; readonly until: Matcher; readonly each?: Matcher }
  | { readonly kind: 'frame'; readonly header: FrameHeader; readonly payload?: Matcher }
  | { readonly kind: 'eof' }
  /** A binary message judged field by field, its lengths enforced (src/struct/). */
  | { readonly kind: 'struct'; readonly fields: readonly StructField[] }
  /** Alternatives in list order; `loc` is where the list stands, for warnings about it. */
  | { readonly kind: 'any'; readonly alternatives: readonly Matcher[]; readonly loc: SourceLocation };

/** The connection every spec opens first. */
export const MAIN_CONNECTION = 'main';

/** TLS protocol versions, as Node's `tls` module names them. */
export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** A certificate, key or CA file named by `tls:`, read at load time (inside the collection root). */
export interface TlsFile {
  /** As written in the spec, relative to the spec file. */
  readonly path: string;
  readonly bytes: Buffer;
  readonly loc: SourceLocation;
}

/**
 * `tls:` settings as written (top level, on a `connect:`, or on `starttls:`);
 * unset keys take the defaults of SPEC-FORMAT "TLS" when the peer applies them.
 */
export interface TlsSettings {
  readonly loc: SourceLocation;
  readonly servername?: string;
  readonly verify?: boolean;
  readonly ca?: TlsFile;
  readonly cert?: TlsFile;
  readonly key?: TlsFile;
  readonly alpn?: readonly string[];
  readonly minVersion?: TlsVersion;
  readonly maxVersion?: TlsVersion;
}

interface StepBase {
  /** 1-based position in `steps`. */
  readonly index: number;
  readonly loc: SourceLocation;
  /** Milliseconds this step may wait: its own `timeout:` or the spec's. */
  readonly timeout: number;
  readonly note?: string;
  /**
   * The connection the step acts on: its `on:`, else `main`; for `connect`
   * and `accept`, the connection they open.
   */
  readonly on: string;
  /** False when the step says `fuzz: false`: a send written whole and never merged with its neighbours. */
  readonly fuzz: boolean;
}

/**
 * One step of `steps:`. Each kind has its loader module under src/load/steps/
 * (listed in its registry.ts) and its player under src/peer/steps/.
 */
export type Step = StepBase &
  (
    | { readonly kind: 'send'; readonly payload: Payload }
    | { readonly kind: 'expect'; readonly matcher: Matcher }
    | { readonly kind: 'silence'; readonly duration: number }
    | { readonly kind: 'sleep'; readonly duration: number }
    | { readonly kind: 'shutdown' }
    | { readonly kind: 'close' }
    | { readonly kind: 'reset' }
    | {
        /** Client role: open connection `name` (= `on`). */
        readonly kind: 'connect';
        readonly name: string;
        /**
         * Another target (HOST:PORT, unix:PATH or a named target); unset: the
         * spec's own. `address` is set for `unix:PATH`, its path made absolute
         * against the spec's folder.
         */
        readonly target?: { readonly name: string; readonly loc: SourceLocation; readonly address?: Endpoint };
        /**
         * As written: unset inherits the spec's `tls:` (when the target is the
         * spec's own), `false` starts in plain text, settings merge over the
         * spec's (see `connectTls`).
         */
        readonly tls?: TlsSettings | false;
      }
    | {
        /** Server role: wait for the next client and name its connection `name` (= `on`). */
        readonly kind: 'accept';
        readonly name: string;
      }
    | {
        /** Upgrade `on` to TLS in place; `tls` absent: bare `starttls`, all defaults. */
        readonly kind: 'starttls';
        readonly tls?: TlsSettings;
      }
  );

/** A step kind's name; each kind has its module under src/load/steps/ (the loader) and src/peer/steps/ (the peer). */
export type StepKind = Step['kind'];

/**
 * The TLS a `connect:` step's connection starts with: its own settings merged
 * over the spec's, the spec's when it says nothing and goes to the spec's own
 * target, else none.
 */
export function connectTls(
  spec: Pick<Spec, 'tls'>,
  step: Step & { kind: 'connect' },
  sameTarget: boolean,
): TlsSettings | undefined {
  if (step.tls === false) return undefined;
  if (step.tls === undefined) return sameTarget ? spec.tls : undefined;
  return sameTarget && spec.tls ? mergeTls(spec.tls, step.tls) : step.tls;
}

/** `over`'s keys win; the location is `over`'s. */
export function mergeTls(base: TlsSettings, over: TlsSettings): TlsSettings {
  const defined = Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined));
  return { ...base, ...defined };
}

export interface FuzzSettings {
  readonly runs: number;
  readonly split: boolean;
  readonly coalesce: boolean;
  /**
   * Extra pause between pieces, as an inclusive range in milliseconds, when
   * the spec sets `delay`; unset, none beyond what delivery needs (a
   * confirmed read, or the timed gap: see src/fuzz/delivery/).
   */
  readonly delay?: { readonly min: number; readonly max: number };
  readonly slowReader: boolean;
  readonly seed?: number;
  /** Cases run at once, each on its own connections (default 1); shrinking and replay stay one at a time. */
  readonly parallel?: number;
  /** `fields: true`: fuzzing makes the length fields of struct sends lie (see src/fuzz/lying/). */
  readonly fields?: boolean;
  /** `health: FILE`: the spec replayed during a lying case instead of this one (absolute path; as written in `rel`). */
  readonly health?: { readonly file: string; readonly rel: string };
}

/** Where the server role listens: a TCP address or a Unix socket path (src/net/endpoint.ts). */
export type ListenAddress = Endpoint;

/** Something legal but almost surely wrong; shown by `validate`, never fatal. */
export interface SpecWarning extends SourceLocation {
  readonly message: string;
}

export interface Spec {
  /** The path as the user gave it (used in every message). */
  readonly file: string;
  /** The folder `file:` payloads may not leave. */
  readonly root: string;
  readonly name: string;
  readonly description?: string;
  readonly target?: { readonly name: string; readonly loc: SourceLocation };
  readonly role: 'client' | 'server';
  /** Default wait for every step, in milliseconds. */
  readonly timeout: number;
  readonly vars: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
  readonly listen: ListenAddress;
  readonly connections: number;
  /** Top-level `tls:`: every connection to the spec's target starts with a TLS handshake. */
  readonly tls?: TlsSettings;
  /** Every connection name the steps use: `main` first, then each `connect:`/`accept:` in file order. */
  readonly connectionNames: readonly string[];
  readonly fuzz: FuzzSettings;
  /** role: server: the command under test started against the mock server, and what it must do. */
  readonly client?: ClientSpec;
  readonly warnings: readonly SpecWarning[];
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_FUZZ: FuzzSettings = {
  runs: 100,
  split: true,
  coalesce: true,
  slowReader: true,
};

/**
 * Variables a client's command and stdout may name besides the spec's `vars:`:
 * where the mock server listens, by the kind of its `listen:`.
 */
export const CLIENT_VARIABLES = { tcp: ['host', 'port'], unix: ['path'] } as const;

/** `client:` of a `role: server` spec as loaded: the command under test and what it must do. */
export interface ClientSpec {
  /** Where `client:` is written. */
  readonly loc: SourceLocation;
  /** The program and its arguments, each with `${host}`, `${port}` and `${var}` filled in at start; absent: given by `--client`. */
  readonly command?: readonly Template[];
  /** Expected exit status (default 0). */
  readonly exit: number;
  /** What everything it printed must satisfy: exact text (one trailing newline ignored) or a regex matching one whole line. */
  readonly stdout?: Matcher & { readonly kind: 'text' | 'regex' };
  /** How long it may run, in milliseconds: its `timeout:`, else the sum of the step timeouts. */
  readonly timeout: number;
}

// The model of `struct:` (src/spec/struct.ts: each integer type's width, sign and byte order, and field labels).

/** The fixed-width integer types of a struct field. */
export type IntTypeName =
  | 'u8'
  | 'i8'
  | 'u16be'
  | 'u16le'
  | 'i16be'
  | 'i16le'
  | 'u24be'
  | 'u24le'
  | 'u32be'
  | 'u32le'
  | 'i32be'
  | 'i32le'
  | 'u64be'
  | 'u64le'
  | 'i64be'
  | 'i64le';

/** How a number is written on the wire. */
export type NumberCodec =
  | {
      readonly kind: 'int';
      readonly type: IntTypeName;
      readonly width: number;
      readonly signed: boolean;
      readonly little: boolean;
    }
  /** Unsigned LEB128: 7 bits a byte, least significant group first. */
  | { readonly kind: 'varint'; readonly maxBytes: number }
  /** BER/DER definite length: one byte below 128, else 0x80+N and N big-endian bytes. */
  | { readonly kind: 'ber_length' };

/** `{ length: WHAT }`: the field holds the size of what it counts. */
export interface LengthOf {
  /** `rest` (every following field of this struct), `next`, or the index (0-based, in the same struct) of a named field. */
  readonly counts: 'rest' | { readonly field: number };
  /** As written: `rest`, `next` or a name (for messages). */
  readonly written: string;
  /** Adds the length field's own width. */
  readonly includesSelf: boolean;
  /** Added to the counted size (negative allowed). */
  readonly adjust: number;
}

/** A number written as `${name}`: the variable's value read as a decimal number when the step plays. */
export type NumberSource = bigint | Template;

interface StructFieldBase {
  /** 1-based position in its own list. */
  readonly index: number;
  readonly name?: string;
  /** The type key as written (`u32be`, `varint`, `cstring`, ...). */
  readonly type: string;
  readonly loc: SourceLocation;
}

export type StructField = StructFieldBase &
  (
    | {
        readonly kind: 'number';
        readonly codec: NumberCodec;
        /** send: the value (unless a length); expect: the value it must equal. */
        readonly value?: NumberSource;
        readonly length?: LengthOf;
        /** expect: stores the value read, as decimal text. */
        readonly as?: string;
        /** expect: `(value & mask) === equals`. */
        readonly mask?: { readonly mask: bigint; readonly equals: bigint };
        /** expect: the value is one of these. */
        readonly in?: readonly bigint[];
      }
    /** send: the text's UTF-8 bytes; expect: exactly those bytes. */
    | { readonly kind: 'text'; readonly text: Template }
    /**
     * Text then a 0 byte. send: `text`; expect: exactly `text` then 0, or, with
     * `as`/`match` and no `text`, whatever comes before the next 0 byte.
     */
    | {
        readonly kind: 'cstring';
        readonly text?: Template;
        readonly as?: string;
        readonly match?: RegexSource;
      }
    | { readonly kind: 'hex'; readonly bytes: Buffer }
    | {
        readonly kind: 'bytes';
        /** send: what is written. */
        readonly send?: BytesSource;
        /** expect: how many bytes; `rest` (or unset, inside a length's region): what the region leaves. */
        readonly size?: number | Template | 'rest';
        readonly match?: RegexSource;
        readonly as?: string;
      }
    | { readonly kind: 'struct'; readonly fields: readonly StructField[] }
  );

/** What a `bytes` field sends. */
export type BytesSource =
  | { readonly kind: 'template'; readonly text: Template }
  | { readonly kind: 'literal'; readonly bytes: Buffer }
  | { readonly kind: 'repeat'; readonly text: Template; readonly times: number };
