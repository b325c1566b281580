import * as path from 'node:path';
import { AcbConfig } from '@acb/config';
import { ServiceRegistry } from '@acb/services';
import { AcbWorkflowsModule, WorkflowsSettings, workflowsOptionsFromSettings } from '@acb/workflows';
import { ModuleRef } from '@nestjs/core';
import { ACB_MODULE_OPTIONS } from '../core.module-definition';
import type { AcbFeature } from '../interfaces/acb-feature.interface';
import type { AcbModuleOptions } from '../interfaces/acb-module-options.interface';

/**
 * Workflows: `settings/workflows.yml` (validated with `WorkflowsSettings`), YAML definitions under
 * `settings/workflows/`, `'service.method'` actions resolved through the services registry; `options.workflows` wins.
 */
export const workflowsFeature: AcbFeature = {
  name: 'workflows',
  module: () =>
    AcbWorkflowsModule.forRootAsync({
      inject: [AcbConfig, ACB_MODULE_OPTIONS, ModuleRef],
      useFactory: (config: AcbConfig, options: AcbModuleOptions, moduleRef: ModuleRef) => ({
        definitionsDir: path.join(config.settingsDir, 'workflows'),
        // NOTE: looked up when an action runs or a definition is validated, after the services registered.
        services: (name: string) => {
          const registry = moduleRef.get(ServiceRegistry, { strict: false });
          return registry.has(name) ? registry.get(name) : undefined;
        },
        ...workflowsOptionsFromSettings(config.section('workflows', WorkflowsSettings)),
        ...options.workflows,
      }),
    }),
};
