import { Registry, collectDefaultMetrics } from 'prom-client';

let registry: Registry | undefined;

/**
 * Node's own series (CPU, memory, heap, event-loop lag, garbage collection), collected once per
 * process and shared by every application the process starts. They describe the process, and
 * prom-client's collector cannot be stopped: its garbage-collection observer and event-loop
 * histogram live as long as the process and keep the registry they were given, with every series
 * in it. Given an application's registry, each application closed in the process (a test file
 * starts dozens) stayed reachable through its gauges' collect functions.
 */
export function processMetrics(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'countervoice_' });
  }
  return registry;
}
