// Hive Gateway in its own process: its runtime (the engine under the `hive-gateway` CLI, with the
// HTTP transport the CLI bundles) serving a supergraph file on a port, with a config module's
// `gatewayConfig` when given. argv: <supergraph file> <port> [config module]
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGatewayRuntime, type GatewayConfigBase } from '@graphql-hive/gateway-runtime';

type Config = GatewayConfigBase<Record<string, unknown>>;
const [supergraph, port, configPath] = process.argv.slice(2);
// A config module is the test's own code: its `gatewayConfig` is typed there, not checkable here (functions, plugins).
const config: Config = configPath ? ((await import(pathToFileURL(resolve(configPath)).href)) as { gatewayConfig: Config }).gatewayConfig : {};
const gateway = createGatewayRuntime({ ...config, supergraph: supergraph! });
createServer(gateway).listen(Number(port), '127.0.0.1');
// The runtime's own signal handling disposes it but keeps the process; a test gateway has nothing to finish.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
