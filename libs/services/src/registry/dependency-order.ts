import { ServiceRegistryError } from '../errors/service-registry.error';
import { ServicesMessages } from '../services.messages';

export interface OrderNode {
  name: string;
  dependsOn: string[];
  priority: number;
}

/**
 * Start order: every service after its dependencies; among services that are ready together, higher priority
 * first, then by name. Throws a `ServiceRegistryError` naming the services for a missing dependency
 * (`SERVICE_MISSING_DEPENDENCY`) or a cycle (`SERVICE_CYCLE`, the cycle spelled out).
 */
export function dependencyOrder(nodes: OrderNode[], disabled: ReadonlySet<string> = new Set()): string[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  for (const node of nodes) {
    const missing = node.dependsOn.filter((dependency) => !byName.has(dependency));
    if (missing.length > 0) {
      const message = ServicesMessages.missingDependency(node.name, missing);
      const disabledOnes = missing.filter((name) => disabled.has(name));
      throw new ServiceRegistryError(disabledOnes.length > 0 ? `${message} (disabled: ${disabledOnes.join(', ')})` : message, {
        code: 'SERVICE_MISSING_DEPENDENCY',
        context: { service: node.name, missing },
      });
    }
  }

  const remaining = new Map(nodes.map((node) => [node.name, new Set(node.dependsOn)]));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.entries()]
      .filter(([, deps]) => deps.size === 0)
      .map(([name]) => byName.get(name)!)
      .sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
    if (ready.length === 0) {
      const cycle = findCycle(remaining);
      throw new ServiceRegistryError(ServicesMessages.dependencyCycle(cycle), {
        code: 'SERVICE_CYCLE',
        context: { services: cycle },
      });
    }
    const next = ready[0].name;
    order.push(next);
    remaining.delete(next);
    for (const deps of remaining.values()) deps.delete(next);
  }
  return order;
}

function findCycle(graph: Map<string, Set<string>>): string[] {
  const visiting: string[] = [];
  const done = new Set<string>();
  const visit = (name: string): string[] | undefined => {
    const at = visiting.indexOf(name);
    if (at >= 0) return [...visiting.slice(at), name];
    if (done.has(name) || !graph.has(name)) return undefined;
    visiting.push(name);
    for (const dependency of [...graph.get(name)!].sort()) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    visiting.pop();
    done.add(name);
    return undefined;
  };
  for (const name of [...graph.keys()].sort()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return [...graph.keys()];
}
