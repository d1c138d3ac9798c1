/**
 * Matrix files (`*.matrix.yaml`): one spec collection, several
 * implementations of the protocol, and the cells each is expected to fail
 * with the reason. Every mistake is a `FILE:LINE:COLUMN` problem, and loading
 * stops before anything starts.
 */
import * as path from 'node:path';
import { SpecError } from '../yaml/spec-error';
import type { SourceLocation } from '../errors';
import { findSpecs } from '../run/discover';
import { resolveSuite, SUITE_PREFIX } from '../run/suites';
import { parseListen, parseUnixAddress } from '../spec/listen';
import type { Endpoint } from '../net/endpoint';
import { readSourceFile } from '../yaml/source-file';
import { describeNode, isMap, isScalar, pairKey, scalarString, suggest, YamlSource } from '../yaml/yaml-source';
import type { YAMLMap } from '../yaml/yaml-source';

export interface Implementation {
  readonly name: string;
  /** A named target (embedded fixture or container), or an address (TCP, or a Unix socket). */
  readonly target: { readonly name: string } | { readonly address: Endpoint };
  /** The target as written, for replay commands and reports. */
  readonly targetText: string;
  /** Spec path relative to `specs:` → why it is expected to fail. */
  readonly expectFail: ReadonlyMap<string, string>;
  readonly loc: SourceLocation;
}

export interface MatrixSpec {
  readonly file: string;
  readonly root: string;
  /** The path relative to `specs:`, with `/` separators: how `expect_fail` names it. */
  readonly relative: string;
}

export interface Matrix {
  readonly file: string;
  /** The collection folder `specs:` names. */
  readonly specsFolder: string;
  readonly specs: readonly MatrixSpec[];
  readonly implementations: readonly Implementation[];
}

const TOP_KEYS = ['specs', 'implementations'];
const IMPLEMENTATION_KEYS = ['target', 'expect_fail'];

/** `specs:` is a folder relative to the matrix file's own folder, or `suite:NAME`. */
function specsFolderOf(file: string, value: string): string {
  return value.startsWith(SUITE_PREFIX) ? resolveSuite(value) : path.resolve(path.dirname(file), value);
}

function collectionOf(file: string, value: string): { specsFolder: string; specs: MatrixSpec[] } {
  const specsFolder = specsFolderOf(file, value);
  const specs = findSpecs([specsFolder]).map(({ file: f, root }) => ({
    file: f,
    root,
    relative: path.relative(specsFolder, path.resolve(f)).split(path.sep).join('/'),
  }));
  return { specsFolder, specs };
}

function unknownKeys(src: YamlSource, map: YAMLMap, known: readonly string[], where: string): void {
  for (const pair of map.items) {
    const key = pairKey(pair);
    if (!known.includes(key))
      src.problem(
        pair.key,
        `unknown key "${key}" in ${where}${suggest(key, known)}; expected one of: ${known.join(', ')}`,
      );
  }
}

/** Reads and checks a matrix file; SpecError (exit 2) listing every problem with its position. */
export function loadMatrixFile(file: string): Matrix {
  const src = new YamlSource(file, readSourceFile(file, 'matrix file'));
  const fail = (): never => {
    throw new SpecError(src.problems);
  };
  if (src.problems.length > 0) fail();
  const root = src.root;
  if (!isMap(root)) {
    src.problem(root, `a matrix file is a map with specs: and implementations:, found ${describeNode(root)}`);
    return fail();
  }
  unknownKeys(src, root, TOP_KEYS, 'the matrix file');
  const specsNode = root.get('specs', true);
  const specsValue = scalarString(specsNode);
  if (specsValue === undefined || specsValue === '')
    src.problem(
      specsNode ?? root,
      `specs: expects the folder of the spec collection (or suite:NAME), found ${describeNode(specsNode)}`,
    );
  const implsNode = root.get('implementations', true);
  if (!isMap(implsNode) || implsNode.items.length === 0)
    src.problem(
      implsNode ?? root,
      `implementations: expects a map of names to { target: NAME or HOST:PORT }, found ${describeNode(implsNode)}`,
    );
  if (src.problems.length > 0) fail();

  let collection: { specsFolder: string; specs: MatrixSpec[] };
  try {
    collection = collectionOf(file, specsValue!);
  } catch (err) {
    src.problem(specsNode, `specs: ${(err as Error).message}`);
    return fail();
  }
  const { specsFolder, specs } = collection;
  const known = specs.map((s) => s.relative);

  const implementations: Implementation[] = [];
  for (const pair of (implsNode as unknown as YAMLMap).items) {
    const name = pairKey(pair);
    const node = pair.value;
    if (!isMap(node)) {
      src.problem(
        node ?? pair.key,
        `implementation ${name}: expects { target: NAME, HOST:PORT or unix:PATH }, found ${describeNode(node)}`,
      );
      continue;
    }
    unknownKeys(src, node, IMPLEMENTATION_KEYS, `implementation ${name}`);
    const targetNode = node.get('target', true);
    const targetText = isScalar(targetNode) ? String(targetNode.value) : undefined;
    if (targetText === undefined || targetText === '') {
      src.problem(
        targetNode ?? pair.key,
        `implementation ${name}: target: expects a target name, HOST:PORT or unix:PATH, found ${describeNode(targetNode)}`,
      );
      continue;
    }
    // A relative socket path is the matrix file's folder's, as a spec's is its own folder's.
    const socket = parseUnixAddress(targetText, path.dirname(file));
    if (socket && 'problem' in socket) {
      src.problem(targetNode, `implementation ${name}: target: ${socket.problem}`);
      continue;
    }
    const address: Endpoint | undefined = socket ?? (/:\d+$/.test(targetText) ? parseListen(targetText) : undefined);
    if (/:\d+$/.test(targetText) && !address)
      src.problem(targetNode, `implementation ${name}: target: "${targetText}" is not a valid HOST:PORT`);
    const expectFail = new Map<string, string>();
    const failNode = node.get('expect_fail', true);
    if (failNode !== undefined && !isMap(failNode)) {
      src.problem(
        failNode,
        `implementation ${name}: expect_fail: expects a map of spec paths to reasons, found ${describeNode(failNode)}`,
      );
    } else if (failNode) {
      for (const f of failNode.items) {
        const spec = pairKey(f);
        const reason = scalarString(f.value);
        if (!known.includes(spec))
          src.problem(
            f.key,
            `implementation ${name}: expect_fail names "${spec}", which is no spec of ${specsValue!}${suggest(spec, known)}; its specs are: ${known.join(', ')}`,
          );
        else if (reason === undefined || reason.trim() === '')
          src.problem(
            f.value ?? f.key,
            `implementation ${name}: expect_fail "${spec}" needs a reason (why it fails), found ${describeNode(f.value)}`,
          );
        else expectFail.set(spec, reason);
      }
    }
    implementations.push({
      name,
      target: address ? { address } : { name: targetText },
      targetText,
      expectFail,
      loc: src.loc(pair.key),
    });
  }
  if (src.problems.length > 0) fail();
  return { file, specsFolder, specs, implementations };
}
