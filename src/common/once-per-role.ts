import type { DynamicModule } from '@nestjs/common';

/**
 * Nest tells dynamic modules apart by object identity, so a module that several others import for
 * the same role must hand each of them the same object: otherwise its providers (and the event or
 * job handlers they register) would be built once per importer.
 */
export function oncePerRole(build: (servesApi: boolean) => DynamicModule) {
  const built = new Map<boolean, DynamicModule>();
  return (servesApi: boolean): DynamicModule => {
    let module = built.get(servesApi);
    if (!module) {
      module = build(servesApi);
      built.set(servesApi, module);
    }
    return module;
  };
}
