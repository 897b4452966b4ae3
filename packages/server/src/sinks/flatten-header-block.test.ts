import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHeapSnapshot } from 'node:v8';
import { protocolHeaders } from '@tokenwire/protocol';
import { describe, expect, it } from 'vitest';
import { flattenHeaderBlock, lastFlattenedHeaderByte } from './flatten-header-block.js';

/** The parts of a V8 heap snapshot (`v8.getHeapSnapshot()`) this test reads. */
interface HeapSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

async function takeHeapSnapshot(): Promise<HeapSnapshot> {
  const chunks: Buffer[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as HeapSnapshot;
}

/**
 * The rope nodes of each tagged `ServerResponse`'s `_header`, by its `x-case-name` property: 1
 * for a flat block (its top node, pointing at one flat string), one per concatenation otherwise.
 */
function headerRopeNodes(heap: HeapSnapshot): Map<string, number> {
  const { meta } = heap.snapshot;
  const nodeFieldCount = meta.node_fields.length;
  const typeOffset = meta.node_fields.indexOf('type');
  const nameOffset = meta.node_fields.indexOf('name');
  const edgeCountOffset = meta.node_fields.indexOf('edge_count');
  const edgeFieldCount = meta.edge_fields.length;
  const edgeNameOffset = meta.edge_fields.indexOf('name_or_index');
  const edgeToOffset = meta.edge_fields.indexOf('to_node');
  const edgeTypeOffset = meta.edge_fields.indexOf('type');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const nodeCount = heap.nodes.length / nodeFieldCount;
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let node = 0, edge = 0; node < nodeCount; node++) {
    firstEdge[node] = edge;
    edge += heap.nodes[node * nodeFieldCount + edgeCountOffset] as number;
    firstEdge[node + 1] = edge;
  }
  const typeOf = (node: number) =>
    nodeTypes[heap.nodes[node * nodeFieldCount + typeOffset] as number];
  const nameOf = (node: number) =>
    heap.strings[heap.nodes[node * nodeFieldCount + nameOffset] as number] as string;
  const propertyEdges = function* (node: number): Generator<[string, number]> {
    for (let edge = firstEdge[node] as number; edge < (firstEdge[node + 1] as number); edge++) {
      const at = edge * edgeFieldCount;
      const type = edgeTypes[heap.edges[at + edgeTypeOffset] as number];
      if (type !== 'property' && type !== 'internal') continue;
      const name = heap.strings[heap.edges[at + edgeNameOffset] as number] as string;
      yield [name, (heap.edges[at + edgeToOffset] as number) / nodeFieldCount];
    }
  };
  const ropeNodes = (node: number): number => {
    if (typeOf(node) !== 'concatenated string') return 0;
    let count = 1;
    for (const [name, to] of propertyEdges(node)) {
      if (name === 'first' || name === 'second') count += ropeNodes(to);
    }
    return count;
  };
  const byCase = new Map<string, number>();
  for (let node = 0; node < nodeCount; node++) {
    if (typeOf(node) !== 'object' || nameOf(node) !== 'ServerResponse') continue;
    let header: number | undefined;
    let caseName: string | undefined;
    for (const [name, to] of propertyEdges(node)) {
      if (name === '_header') header = to;
      if (name === 'x-case-name') caseName = nameOf(to);
    }
    if (header !== undefined && caseName !== undefined) byCase.set(caseName, ropeNodes(header));
  }
  return byCase;
}

describe('flattenHeaderBlock', () => {
  it("leaves a response's header block one flat string, where writeHead left a rope", async () => {
    const open: ServerResponse[] = [];
    const server = createServer((incoming, response) => {
      const name = incoming.url === '/flat' ? 'flat' : 'rope';
      response.writeHead(200, { ...protocolHeaders, 'x-case': name });
      if (name === 'flat') flattenHeaderBlock(response);
      // Found again in the heap snapshot by this property.
      (response as ServerResponse & { 'x-case-name': string })['x-case-name'] = name;
      open.push(response);
      response.write(': ping\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const clients = ['/flat', '/rope'].map(
      (path) =>
        new Promise<void>((resolve, reject) => {
          request({ host: '127.0.0.1', port, path }, (incoming) => {
            incoming.once('data', () => resolve());
          })
            .on('error', reject)
            .end();
        }),
    );
    try {
      await Promise.all(clients);
      expect(lastFlattenedHeaderByte()).toBe(0x0a);

      const ropes = headerRopeNodes(await takeHeapSnapshot());
      // What Node leaves without it: one node per concatenation of _storeHeader.
      expect(ropes.get('rope')).toBeGreaterThan(10);
      expect(ropes.get('flat')).toBeLessThanOrEqual(1);
    } finally {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('leaves alone what has no header block', () => {
    const before = lastFlattenedHeaderByte();
    flattenHeaderBlock({});
    flattenHeaderBlock({ _header: null });
    flattenHeaderBlock({ _header: '' });
    expect(lastFlattenedHeaderByte()).toBe(before);
  });
});
