// `npm run compose`: composes this service's subgraph SDL into a supergraph for a gateway.
//   SUBGRAPH_URL  where the gateway reaches this service (default http://localhost:4000/graphql)
//   --out FILE    where to write it (default supergraph.graphql)
import { readFileSync, writeFileSync } from 'node:fs';
import { composeSubgraphs } from './composition.js';

const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : 'supergraph.graphql';
const url = process.env.SUBGRAPH_URL ?? 'http://localhost:4000/graphql';
const supergraph = composeSubgraphs([{ name: 'customers', url, sdl: readFileSync('schema/subgraph.graphql', 'utf8') }]);
writeFileSync(out, supergraph);
console.log(`wrote ${out} (customers subgraph at ${url})`);
